package classroom

import (
	"errors"
	"strings"
	"testing"
)

// FuzzRoomCode types anything as a room code and as a teacher code into a registry with
// one room: nothing panics; a code is refused as malformed exactly when it is not one;
// only the room's own code (in any case, with dashes or spaces) joins it, and only its
// teacher code takes it back. Its seeds run as an ordinary test.
func FuzzRoomCode(f *testing.F) {
	for _, s := range []string{"", "-", "KM7-4QX", "km7 4qx", "KM74QX", "KM7-4QXX", "ÄÖÜ-123", "\x00\xff",
		"O0O0O0", "      ", "K-M-7-4-Q-X", strings.Repeat("A", 1000), "\u00a0KM74QX"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		reg := NewRegistry(Config{JoinRate: 1 << 20})
		defer reg.Close()
		teacher, err := reg.Open()
		if err != nil {
			t.Fatal(err)
		}
		room, teacherCode := teacher.Codes()
		var src Source

		m, err := reg.Join(src, typed)
		canon, wellFormed := normalize(typed, CodeLen)
		switch {
		case !wellFormed:
			if !errors.Is(err, ErrCodeFormat) || ValidCode(typed) {
				t.Fatalf("malformed %q: err %v, ValidCode %v", typed, err, ValidCode(typed))
			}
		case canon == room:
			if err != nil {
				t.Fatalf("the room's own code %q typed as %q: %v", room, typed, err)
			}
			m.Leave()
		default:
			if !errors.Is(err, ErrNoRoom) {
				t.Fatalf("another code %q: err %v, want ErrNoRoom", typed, err)
			}
		}

		if _, err := reg.Resume(src, typed); err == nil {
			if c, _ := normalize(typed, TeacherCodeLen); c != teacherCode {
				t.Fatalf("%q took back a room whose teacher code is %q", typed, teacherCode)
			}
		}
	})
}
