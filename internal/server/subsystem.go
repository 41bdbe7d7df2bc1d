package server

// Subsystems (sftp, ...) are refused with a reason the learner can read.

import (
	"fmt"

	"charm.land/ssh"
)

// refuseSubsystem answers every subsystem (sftp, ...) with a reason and exit status 1.
func (s *Server) refuseSubsystem(sess ssh.Session) {
	t := s.text(clientEnv(sess))
	msg := "tutord: " + fmt.Sprintf(t.LimitSubsystem, printable(sess.Subsystem()), s.hint+" -t") + "\n"
	s.events.Add("subsystem_refused")
	stop := s.bound(sess)
	defer stop()
	_, _ = sess.Stderr().Write([]byte(msg))
	_ = sess.Exit(1)
}
