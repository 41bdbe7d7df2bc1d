package server

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/classroom"
	"tutord/internal/config"
	"tutord/internal/session"
)

// newRooms makes the classroom registry from the settings. It logs events and counts only.
func newRooms(cfg *config.Config, logger *log.Logger) *classroom.Registry {
	c := cfg.Classroom
	return classroom.NewRegistry(classroom.Config{
		MaxStudents: c.MaxStudents,
		MaxRooms:    c.MaxRooms,
		JoinRate:    c.JoinRate,
		Grace:       c.Grace,
		MaxAge:      c.MaxDuration,
		Log:         logger,
	})
}

// loadTeacherKeys reads an authorized_keys file: the keys that may open a classroom. An
// empty path means anyone may (nil map). A file without keys is an error: it would lock
// every teacher out, which is more likely a mistake than a wish.
func loadTeacherKeys(path string) (map[string]bool, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-teacher-keys: %w", err)
	}
	keys := map[string]bool{}
	rest := data
	for line := 1; len(bytes.TrimSpace(rest)) > 0; line++ {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\n"))
		l = bytes.TrimSpace(l)
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		key, _, _, _, err := gossh.ParseAuthorizedKey(l)
		if err != nil {
			return nil, fmt.Errorf("-teacher-keys %s:%d: not a public key line: %v", path, line, err)
		}
		keys[string(key.Marshal())] = true
	}
	if len(keys) == 0 {
		return nil, errors.New("-teacher-keys " + path + ": the file holds no keys")
	}
	return keys, nil
}

// isTeacherKey is the public-key auth decision. Without -teacher-keys every key is
// refused, so clients go on to keyboard-interactive and show all their keys on the way.
// With it, a listed key is accepted: x/crypto then checks the client's signature, so the
// session's PublicKey is a key the client proved it holds.
func (s *Server) isTeacherKey(key ssh.PublicKey) bool {
	return s.teacherKeys != nil && key != nil && s.teacherKeys[string(key.Marshal())]
}

// mayTeach reports whether this session may open or take back a classroom.
func (s *Server) mayTeach(sess ssh.Session) bool {
	if s.teacherKeys == nil {
		return true
	}
	return s.isTeacherKey(sess.PublicKey())
}

// classOptions tells the session whether it starts as a teacher or student. The source
// hash is for the join rate limit; the address itself goes no further.
func (s *Server) classOptions(sess ssh.Session, cmd Command) session.ClassOptions {
	o := session.ClassOptions{Hint: s.cfg.ConnectHint()}
	switch cmd.Name {
	case "teach":
		o.Teach, o.TeacherCode = true, cmd.Arg
	case "join":
		o.Join, o.Code = true, cmd.Arg
	default:
		// The welcome screen can join a class too.
	}
	if s.shared.Rooms != nil {
		o.Source = s.shared.Rooms.SourceOf(sess.RemoteAddr())
	}
	return o
}
