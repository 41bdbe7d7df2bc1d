package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/log/v2"
)

func runArgs(args []string, env map[string]string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, func(k string) string { return env[k] }, &out, &errb)
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

func TestHelpExitsZero(t *testing.T) {
	code, _, errs := runArgs([]string{"-h"}, nil)
	if code != 0 || !strings.Contains(errs, "-metrics address") || !strings.Contains(errs, "TUTORD_LESSONS") {
		t.Errorf("exit %d:\n%s", code, errs)
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
