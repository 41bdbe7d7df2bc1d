package server

import (
	"charm.land/ssh"

	"tutord/internal/session"
)

// classOptions tells the session whether it starts as a teacher or student. The source
// hash is for the join rate limit; the address itself goes no further.
func (s *Server) classOptions(sess ssh.Session, cmd Command) session.ClassOptions {
	o := session.ClassOptions{Hint: s.hint}
	switch cmd.Name {
	case "teach":
		o.Teach, o.TeacherCode = true, cmd.Arg
	case "join":
		o.Join, o.Code = true, cmd.Arg
	default:
		// The welcome screen can join a class too.
	}
	if s.sh().Rooms != nil {
		o.Source = s.sh().Rooms.SourceOf(sess.RemoteAddr())
	}
	return o
}
