package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestClassroomSettings sets each classroom setting once by flag, environment and file.
func TestClassroomSettings(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tutord.conf")
	conf := "class-grace = 30s\nclass-max-duration = 2h\nteacher-keys = /etc/tutord/teachers\n"
	if err := os.WriteFile(file, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TUTORD_CLASS_MAX_STUDENTS": "40", "TUTORD_CLASS_JOIN_RATE": "5"}
	c, err := Load([]string{"-config", file, "-class-max-rooms", "3"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := Classroom{TeacherKeys: "/etc/tutord/teachers", MaxStudents: 40, MaxRooms: 3, JoinRate: 5, Grace: 30 * time.Second, MaxDuration: 2 * time.Hour}
	if c.Classroom != want {
		t.Errorf("got %+v, want %+v", c.Classroom, want)
	}
	d := Default().Classroom
	if d.MaxStudents != 300 || d.TeacherKeys != "" || d.Grace <= 0 {
		t.Errorf("defaults %+v: want 300 students, anyone may teach, a grace period", d)
	}
}

func TestClassroomSettingsAreChecked(t *testing.T) {
	for _, args := range [][]string{
		{"-class-max-students", "0"},
		{"-class-max-rooms", "-1"},
		{"-class-join-rate", "0"},
		{"-class-grace", "-1s"},
		{"-class-max-duration", "1s"},
	} {
		_, err := Load(args, func(string) string { return "" }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("%v: error %v, want one naming %s", args, err, args[0])
		}
	}
	if _, err := Load([]string{"-class-grace", "0"}, func(string) string { return "" }, io.Discard); err != nil {
		t.Errorf("no grace period is allowed: %v", err)
	}
}
