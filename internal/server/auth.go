package server

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Authentication: anyone gets in. Keys are noted for the mirror (mirror.go) and refused,
// so the client offers every key it has and goes on to keyboard-interactive, which asks
// nothing and lets everyone in; clients that only do passwords get in with any password.
// The one exception: a key in -teacher-keys is accepted, so x/crypto checks the client
// holds it (classroom.go). Scripts log in as ScriptUser, below.

// ScriptUser is the user name for scripts, cron jobs and monitors
// (ssh -o BatchMode=yes script@HOST list). BatchMode turns keyboard-interactive and
// passwords off, and every other user's keys are refused so the mirror can show them all,
// so such a client would get nowhere. As ScriptUser it gets in with the "none" method,
// which OpenSSH tries first, before offering any key (crypto.go); a client that skips
// "none" gets in on its first key. Nothing is kept either way.
const ScriptUser = "script"

// publicKey is the public-key auth decision.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	recordOfferedKey(ctx, key)
	return s.teachers.Has(key) || ctx.User() == ScriptUser
}

// TeacherKeys are the keys that may open a classroom, from an authorized_keys file. A nil
// TeacherKeys lets anyone teach.
type TeacherKeys map[string]bool

// Has reports whether key is a teacher key. Without -teacher-keys every key is refused,
// so clients go on to keyboard-interactive and show all their keys on the way. With it, a
// listed key is accepted: x/crypto then checks the client's signature, so the session's
// PublicKey is a key the client proved it holds.
func (k TeacherKeys) Has(key ssh.PublicKey) bool {
	return k != nil && key != nil && k[string(key.Marshal())]
}

// LoadTeacherKeys reads an authorized_keys file: the keys that may open a classroom. An
// empty path means anyone may (nil). A file without keys is an error: it would lock every
// teacher out, which is more likely a mistake than a wish.
func LoadTeacherKeys(path string) (TeacherKeys, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-teacher-keys: %w", err)
	}
	keys := TeacherKeys{}
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

// mayTeach reports whether this session may open or take back a classroom.
func (s *Server) mayTeach(sess ssh.Session) bool {
	if s.teachers == nil {
		return true
	}
	return s.teachers.Has(sess.PublicKey())
}
