package classroom

import (
	"testing"

	"tutord/internal/lessons"
)

// BenchmarkEveryStudentReadsTheRoom: one change in a room of 300 students with an open
// question that all have answered; every student's screen reads its view once, as each
// student's program does at every change.
func BenchmarkEveryStudentReadsTheRoom(b *testing.B) {
	reg := NewRegistry(Config{Clock: newFakeClock(), Log: &logBuf{}, MaxStudents: 300})
	defer reg.Close()
	tc, err := reg.Open()
	if err != nil {
		b.Fatal(err)
	}
	if err := tc.SetLesson(testLesson()); err != nil {
		b.Fatal(err)
	}
	if err := tc.ToQuestions(); err != nil {
		b.Fatal(err)
	}
	code, _ := tc.Codes()
	ms := make([]*Member, 300)
	for i := range ms {
		m, err := reg.Join(Source{byte(i), byte(i >> 8)}, code)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.Answer(lessons.Answer{Choice: i % 4}); err != nil {
			b.Fatal(err)
		}
		ms[i] = m
	}
	b.ResetTimer()
	for b.Loop() {
		for _, m := range ms {
			_ = m.View()
		}
	}
}
