package resume

import (
	"slices"
	"testing"

	"tutord/internal/lessons"
)

// withKind is the built-in course with question qid turned into kind k (the same id, so
// the same course as far as codes go) or, with newID, renamed.
func withKind(t *testing.T, qid string, k lessons.Kind, newID string) *lessons.Catalog {
	t.Helper()
	base := builtin(t)
	set := lessons.Set{lessons.BaseLang: {}}
	found := false
	for _, l := range base.Lessons(lessons.BaseLang) {
		c := *l
		c.Quiz.Questions = slices.Clone(l.Quiz.Questions)
		for i := range c.Quiz.Questions {
			if q := &c.Quiz.Questions[i]; q.ID == qid {
				q.Kind, found = k, true
				if newID != "" {
					q.ID = newID
				}
			}
		}
		set[lessons.BaseLang][c.ID] = &c
	}
	if !found {
		t.Fatalf("no question %q in the course", qid)
	}
	return lessons.NewCatalog(set)
}

// TestCheckAllRoundTrip: a check-all-that-apply question takes one bit, right or not at
// the first try, like every kind; codes made before a question became one still decode,
// and a code from before a question was replaced by another says it is for another course.
func TestCheckAllRoundTrip(t *testing.T) {
	c := builtin(t)
	var lesson string
	var idx int
	var qid string
	for _, l := range c.Lessons(lessons.BaseLang) {
		for i, q := range l.Quiz.Questions {
			if q.Kind == lessons.CheckAll && qid == "" {
				lesson, idx, qid = l.ID, i, q.ID
			}
		}
	}
	if qid == "" {
		t.Fatal("the course has no check-all-that-apply question")
	}
	k := New(c)
	n := len(c.Lesson(lessons.BaseLang, lesson).Quiz.Questions)
	for _, right := range []bool{true, false} {
		res := make([]bool, n)
		for i := range res {
			res[i] = i != idx // every other question right
		}
		res[idx] = right
		p := lessons.Progress{}
		p.MarkRead(lesson)
		p.RecordQuiz(lesson, res)
		code := roundTrip(t, k, p)

		// The same course, but the question still a single choice: the code made there
		// decodes here to the same progress.
		old := New(withKind(t, qid, lessons.Single, ""))
		if oc := old.Encode(p); oc != code {
			t.Errorf("a kind change changed the code: %s before, %s after", oc, code)
		}
		// Another question in its place: the old code is for another course.
		replaced := New(withKind(t, qid, lessons.Single, "another-question"))
		_, err := k.Decode(replaced.Encode(p))
		if e, ok := IsError(err); !ok || e.Kind != Course {
			t.Errorf("a code from before a question was replaced: %v, want the course error", err)
		}
	}
}
