package server

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/anmitsu/go-shlex"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/session"
)

// FuzzParseCommand runs exec requests as a client sends them (one string, split the way
// charm.land/ssh splits it) through ParseCommand, and checks what the server would echo.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{
		"", "list", "LIST", "ls", "help", "-h", "--help", "usage", "lesson", "lesson meanings", "lesson a b",
		"lesson '' ", `lesson "meanings"`, "'unbalanced", `"x`, "a\\", "\x00", "\x1b[31mred", "\u202e", "rm -rf /",
		strings.Repeat("x", 1000), "lesson " + strings.Repeat("é", 100), " \t\n list \t",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		words, _ := shlex.Split(raw, true)
		cmd, err := ParseCommand(words)
		if err == nil {
			spec, ok := commands[cmd.Name]
			if !ok {
				t.Fatalf("%q parsed as unknown command %q", raw, cmd.Name)
			}
			if (spec.args == 1) != (cmd.Arg != "") {
				t.Fatalf("%q: %q with argument %q", raw, cmd.Name, cmd.Arg)
			}
		}
		for _, echoed := range []string{printable(cmd.Name), printable(cmd.Arg)} {
			if utf8.RuneCountInString(echoed) > 2+4*43 {
				t.Fatalf("%q: echo too long: %d runes", raw, utf8.RuneCountInString(echoed))
			}
			for _, r := range echoed {
				if unicode.IsControl(r) || r == 0x1b || !unicode.IsPrint(r) && r != ' ' {
					t.Fatalf("%q: echo holds %U: %q", raw, r, echoed)
				}
			}
		}
	})
}

// FuzzSessionRequests feeds the payloads of the session requests tutord reads itself (env,
// pty-req terminal names, window sizes) through their checks.
func FuzzSessionRequests(f *testing.F) {
	f.Add("LANG", "de_DE.UTF-8", "xterm-256color", uint32(80), uint32(24))
	f.Add("LC_ALL", strings.Repeat("x", 200), "../../../../dev/zero", uint32(0), uint32(0))
	f.Add("LD_PRELOAD", "/tmp/x.so", "x/../../etc/passwd", uint32(1<<32-1), uint32(1<<32-1))
	f.Add("LC_", "", ".hidden", uint32(100000), uint32(3))
	f.Add("lc_all", "de", "", uint32(400), uint32(200))
	f.Fuzz(func(t *testing.T, k, v, term string, w, h uint32) {
		payload := gossh.Marshal(struct{ Key, Value string }{k, v})
		gk, gv, ok := parseEnv(payload)
		if ok && (gk != k || gv != v || len(v) > maxEnvValue || !envAllowedName(k)) {
			t.Fatalf("env %q=%q accepted as %q=%q", k, v, gk, gv)
		}
		if _, _, ok := parseEnv(payload[:len(payload)/2]); ok && len(payload) > 8 {
			t.Fatalf("a truncated env request was accepted")
		}
		if validTerm(term) && (strings.ContainsAny(term, "/\\\x00 ") || strings.HasPrefix(term, ".") || len(term) > 64) {
			t.Fatalf("terminal name %q accepted", term)
		}
		cw, ch := clampSize(int(w), int(h))
		if cw < 0 || ch < 0 || cw > session.MaxWidth || ch > session.MaxHeight {
			t.Fatalf("%dx%d clamped to %dx%d", w, h, cw, ch)
		}
	})
}
