// Package mirror describes what one SSH connection revealed to the server: address, client
// version, user name, offered keys, terminal and environment. The server fills Facts from
// the connection; the app and the `whoami` command show them to the learner, and to no one
// else. Facts live in the memory of their connection only: nothing here logs, stores, counts
// or looks anything up, and Facts refuse to print themselves through fmt or slog so a stray
// log line cannot leak them.
package mirror

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what is shown: a client may send thousands of env requests or keys, and long
// or odd bytes; the mirror shows enough to teach and stays small.
const (
	MaxKeys     = 64  // offered keys kept per connection
	MaxEnv      = 24  // environment variables shown
	MaxValueLen = 120 // characters of one shown value
)

// Key is one public key a client offered: its type and SHA256 fingerprint, as
// `ssh-keygen -l` and `ssh-add -l` print them.
type Key struct {
	Type        string // e.g. "ssh-ed25519"
	Fingerprint string // e.g. "SHA256:..."
}

// Facts is what one connection told the server. Zero values mean "not sent".
type Facts struct {
	Addr   string // the client's IP address as the server sees it
	Port   int    // the client's source port; 0 if not known
	Client string // the identification string, e.g. "SSH-2.0-OpenSSH_9.6"
	User   string
	// Keys are the public keys offered, in order, without repeats.
	Keys []Key
	// KeysDropped counts offered keys beyond MaxKeys (not kept).
	KeysDropped int
	// Agent is set when the client asked to forward its SSH agent (refused here).
	Agent  bool
	Term   string // TERM; "" without a terminal
	Width  int
	Height int
	// Env is the environment the client sent, KEY=VALUE in the order received.
	Env []string
}

// Format keeps Facts out of any formatted output: fmt prints a placeholder for every verb.
// Show facts with Items or Report, which are meant for the learner's own screen.
func (Facts) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte("mirror.Facts{redacted}")) }

// LogValue keeps Facts out of structured logs.
func (Facts) LogValue() slog.Value { return slog.StringValue("redacted") }

// Clean makes a client-supplied string safe to show on one line: control characters,
// format characters (such as bidi overrides) and invalid UTF-8 appear as escapes, so the
// learner sees what was sent and no byte can drive the terminal. It keeps at most max
// characters.
func Clean(s string, max int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		if n >= max {
			b.WriteString("...")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r) // e.g. '\x1b' or '\u202e'
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
		n++
	}
	return b.String()
}

// EnvShown returns the environment to show: cleaned, and at most MaxEnv entries; the
// number left out is returned too.
func (f *Facts) EnvShown() (shown []string, more int) {
	for i, kv := range f.Env {
		if i >= MaxEnv {
			return shown, len(f.Env) - MaxEnv
		}
		shown = append(shown, Clean(kv, MaxValueLen))
	}
	return shown, 0
}

// HasEnv reports whether the client sent a variable whose name matches: an exact name, or
// a prefix ending in "*" such as "LC_*".
func (f *Facts) HasEnv(pattern string) bool {
	for _, kv := range f.Env {
		k, _, _ := strings.Cut(kv, "=")
		if p, ok := strings.CutSuffix(pattern, "*"); ok && strings.HasPrefix(k, p) || k == pattern {
			return true
		}
	}
	return false
}
