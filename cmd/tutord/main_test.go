package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"charm.land/log/v2"

	"tutord/internal/config"
)

func runArgs(args []string, env map[string]string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	code = run(args, environ, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckExampleLessons(t *testing.T) {
	code, out, errs := runArgs([]string{"check", "../../docs/example-lessons"}, nil)
	if code != 0 || !strings.HasPrefix(out, "ok: 2 lesson file(s) in 2 language(s)") || errs != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestCheckReportsEveryProblemWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("en/a.md", "---\nid: a\ntitle: A\nminutes: many\nsources:\n- s\n---\nText\n")
	write("en/a.quiz", "## single: q\nWhat?\n\n- [ ] One\n      Why one.\n- [ ] Two\n      Why two.\n")
	write("xx/b.md", "whatever")
	code, out, errs := runArgs([]string{"check", dir}, nil)
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		filepath.Join(dir, "en/a.md") + ":4: minutes",
		filepath.Join(dir, "en/a.quiz") + `:1: question "q" needs exactly one right option`,
		filepath.Join(dir, "xx") + `: folder "xx" is not a language code`,
		"3 problem(s)",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if code, _, errs := runArgs([]string{"check"}, nil); code != 2 || !strings.Contains(errs, "usage: tutord check DIR") {
		t.Errorf("check without DIR: exit %d, %q", code, errs)
	}
}

// A language pack for a new language: a catalog with a key missing and two placeholders
// swapped, and a translated quiz whose right answer differs from the original. One run
// reports all three, with file and line.
func TestCheckLanguagePack(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	en, err := os.ReadFile("../../internal/i18n/catalog/en.toml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(en), "\n")
	swapped, missing := 0, 0
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "ClassErrNoRoom = "):
			lines[i] = `ClassErrNoRoom = "Nessuna classe con il codice %s."`
		case strings.HasPrefix(l, "MirrorTermValue = "):
			lines[i] = `MirrorTermValue = "%dx%d, %s"`
			swapped = i + 1
		case strings.HasPrefix(l, "KeyTop = "):
			lines[i] = "# KeyTop left out"
			missing = i + 1
		}
	}
	write("it/ui.toml", strings.Join(lines, "\n"))
	lesson := "---\nid: a\ntitle: %s\nminutes: 3\nsources:\n- s\n---\nText\n"
	quiz := "## single: q\nWhat?\n\n- [%s] One\n      Why one.\n- [%s] Two\n      Why two.\n"
	write("en/a.md", fmt.Sprintf(lesson, "A"))
	write("en/a.quiz", fmt.Sprintf(quiz, "x", " "))
	write("it/a.md", fmt.Sprintf(lesson, "Una"))
	write("it/a.quiz", fmt.Sprintf(quiz, " ", "x"))
	code, out, errs := runArgs([]string{"check", dir}, nil)
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		fmt.Sprintf("%s:%d: MirrorTermValue has placeholders %%d %%d %%s, but en has %%s %%d %%d in this order", filepath.Join(dir, "it/ui.toml"), swapped),
		fmt.Sprintf("%s:%d: KeyTop is missing", filepath.Join(dir, "it/ui.toml"), missing-1),
		filepath.Join(dir, "it/a.quiz") + `:1: question "q": the right option is number 2 here but 1 in`,
		"3 problem(s)",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

func TestBadSettingStopsWithOneLine(t *testing.T) {
	code, out, errs := runArgs([]string{"-accent", "pink"}, nil)
	if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "tutord: -accent") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, _, errs = runArgs(nil, map[string]string{"TUTORD_SHUTDOWN_TIMEOUT": "soon"})
	if code != 2 || !strings.Contains(errs, "TUTORD_SHUTDOWN_TIMEOUT") || strings.Count(errs, "\n") != 1 {
		t.Errorf("env: exit %d, stderr %q", code, errs)
	}
}

// TestHelpGoesToStdout: help that was asked for goes to stdout (so `tutord -h | less`
// works) and exits 0.
func TestHelpGoesToStdout(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		code, out, errs := runArgs([]string{arg}, nil)
		if code != 0 || errs != "" || !strings.Contains(out, "-metrics address") || !strings.Contains(out, "TUTORD_LESSONS") ||
			!strings.Contains(out, "tutord config") || !strings.Contains(out, "tutord version") {
			t.Errorf("%s: exit %d, stderr %q, stdout:\n%s", arg, code, errs, out)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "-version", "--version"} {
		code, out, errs := runArgs([]string{arg}, nil)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "tutord ") || !strings.Contains(out, "go1.") || strings.Count(out, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out, errs)
		}
	}
}

// TestUnknownVariableStopsTheStart: a misspelt TUTORD_ variable is named, not ignored;
// an empty one counts as unset, and variables of other programs are no concern.
func TestUnknownVariableStopsTheStart(t *testing.T) {
	code, out, errs := runArgs([]string{"-listen", "256.0.0.1:x"}, map[string]string{"TUTORD_LISTN": ":1", "TUTORD_TITEL": "x", "HOME": "/root"})
	if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "TUTORD_LISTN, TUTORD_TITEL") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, _, errs = runArgs([]string{"config"}, map[string]string{"TUTORD_SERVICE_HOST": "10.0.0.1"})
	if code != 2 || !strings.Contains(errs, "enableServiceLinks: false") {
		t.Errorf("a Kubernetes service link: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runArgs([]string{"config"}, map[string]string{"TUTORD_LISTN": "", "OTHER_X": "1"})
	if code != 0 || errs != "" {
		t.Errorf("an empty TUTORD_ variable: exit %d, stderr %q", code, errs)
	}
}

// TestConfigShowsEverySettingAndItsSource: tutord config prints each setting once, with
// the value the server would use and where it came from.
func TestConfigShowsEverySettingAndItsSource(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tutord.conf")
	if err := os.WriteFile(file, []byte("# a comment\norg = From the file\nlog-level = warn\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runArgs([]string{"config", "-listen", ":2200", "-config", file},
		map[string]string{"TUTORD_TITLE": "Privacy basics", "TUTORD_LOG_LEVEL": "debug"})
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(l)
		lines[f[0]] = strings.Join(f[1:], " ")
	}
	for name, want := range map[string]string{
		"listen":     ":2200 (flag)",
		"title":      `"Privacy basics" (TUTORD_TITLE)`,
		"org":        `"From the file" (` + file + `:2)`,
		"log-level":  "debug (TUTORD_LOG_LEVEL)", // the environment wins over the file
		"log-format": "text (default)",
		"hostname":   "localhost (default)",
		"welcome":    `"" (default)`,
	} {
		if lines[name] != want {
			t.Errorf("%s: %q, want %q", name, lines[name], want)
		}
	}
	if len(lines) != len(config.Settings()) {
		t.Errorf("%d lines for %d settings:\n%s", len(lines), len(config.Settings()), out)
	}
	if code, _, errs := runArgs([]string{"config", "-accent", "pink"}, nil); code != 2 || !strings.HasPrefix(errs, "tutord: -accent") {
		t.Errorf("a bad setting: exit %d, stderr %q", code, errs)
	}
}

// TestLogFormats: text and JSON lines, both with a UTC timestamp that carries its zone.
func TestLogFormats(t *testing.T) {
	var text, js bytes.Buffer
	newLogger(&text, "info", "text").Info("tutord listening", "lessons", 8)
	newLogger(&js, "info", "json").Info("tutord listening", "lessons", 8)
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO +tutord listening lessons=8\n$`).MatchString(text.String()) {
		t.Errorf("text: %q", text.String())
	}
	var rec map[string]any
	if err := json.Unmarshal(js.Bytes(), &rec); err != nil {
		t.Fatalf("json: %v: %q", err, js.String())
	}
	ts, _ := rec["time"].(string)
	if _, err := time.Parse(time.RFC3339, ts); err != nil || !strings.HasSuffix(ts, "Z") || rec["msg"] != "tutord listening" || rec["lessons"] != float64(8) {
		t.Errorf("json: %q", js.String())
	}
}

// TestRedactionReachesIntoGroups: what could name a client is dropped from library log
// lines wherever it sits: at the top, inside a group, in a group added with WithGroup or
// WithAttrs, or behind a LogValuer.
func TestRedactionReachesIntoGroups(t *testing.T) {
	var buf bytes.Buffer
	h := redact{log.NewWithOptions(&buf, log.Options{Level: log.DebugLevel})}
	l := slog.New(h)
	l.Info("top", "remote", "192.0.2.7:5555", "kept", "a")
	l.Info("group", slog.Group("conn", slog.String("remote-addr", "192.0.2.8:1"), slog.String("user", "carol"), slog.Int("kept", 2)))
	l.Info("nested", slog.Group("a", slog.Group("b", slog.String("client-version", "SSH-2.0-Secret_1"), slog.String("kept", "c"))))
	l.WithGroup("ssh").Info("withgroup", "addr", "192.0.2.9:2", "kept", "d")
	l.With(slog.Group("session", slog.String("key", "SHA256:secretkey"))).Info("withattrs", "kept", "e")
	l.Info("valuer", "conn", connValuer{})
	out := buf.String()
	for _, secret := range []string{"192.0.2.", "carol", "SSH-2.0-Secret_1", "SHA256:secretkey", "dave"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"kept=a", "kept=2", "kept=c", "kept=d", "kept=e", "kept=f"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lost %q:\n%s", want, out)
		}
	}
}

// connValuer logs as a group holding a user name.
type connValuer struct{}

func (connValuer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("user", "dave"), slog.String("kept", "f"))
}
