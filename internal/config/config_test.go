package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// env is a fake environment for Load.
type env map[string]string

func (e env) get(k string) string { return e[k] }

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tutord.conf")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsWithNothingSet(t *testing.T) {
	c, err := Load(nil, env{}.get, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	if c.Listen != d.Listen || c.HostKey != d.HostKey || c.ShutdownTimeout != d.ShutdownTimeout || c.Site != d.Site {
		t.Errorf("got %+v, want the defaults %+v", c, d)
	}
	if c.Site.Metrics != "" {
		t.Errorf("metrics must be off by default, got %q", c.Site.Metrics)
	}
}

// TestPrecedence sets the same settings in the file, the environment and as flags, in every
// combination, and checks that the flag wins over the environment, which wins over the
// file, which wins over the default.
func TestPrecedence(t *testing.T) {
	type src struct{ file, env, flag bool }
	for _, s := range []src{
		{false, false, false}, {true, false, false}, {false, true, false}, {false, false, true},
		{true, true, false}, {true, false, true}, {false, true, true}, {true, true, true},
	} {
		var file strings.Builder
		e := env{}
		var args []string
		if s.file {
			file.WriteString("# comment\n\nlisten = :1001\nshutdown-timeout = 1s\ntitle = \"From the file\"\n")
		}
		if s.env {
			e["TUTORD_LISTEN"], e["TUTORD_SHUTDOWN_TIMEOUT"], e["TUTORD_TITLE"] = ":1002", "2s", "From env"
		}
		if s.flag {
			args = []string{"-listen", ":1003", "-shutdown-timeout=3s", "-title", "From a flag"}
		}
		if s.file {
			args = append([]string{"-config", writeFile(t, file.String())}, args...)
		}
		c, err := Load(args, e.get, &bytes.Buffer{})
		if err != nil {
			t.Fatalf("%+v: %v", s, err)
		}
		want := struct {
			listen string
			sd     time.Duration
			title  string
		}{":2222", 10 * time.Second, ""}
		switch {
		case s.flag:
			want.listen, want.sd, want.title = ":1003", 3*time.Second, "From a flag"
		case s.env:
			want.listen, want.sd, want.title = ":1002", 2*time.Second, "From env"
		case s.file:
			want.listen, want.sd, want.title = ":1001", time.Second, "From the file"
		}
		if c.Listen != want.listen || c.ShutdownTimeout != want.sd || c.Site.Title != want.title {
			t.Errorf("file=%v env=%v flag=%v: got %s %v %q, want %s %v %q", s.file, s.env, s.flag,
				c.Listen, c.ShutdownTimeout, c.Site.Title, want.listen, want.sd, want.title)
		}
	}
}

func TestConfigFileNamedByEnvironment(t *testing.T) {
	p := writeFile(t, "org = Example School\n")
	c, err := Load(nil, env{"TUTORD_CONFIG": p}.get, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Site.Org != "Example School" {
		t.Errorf("org %q", c.Site.Org)
	}
	// A -config flag wins over TUTORD_CONFIG.
	q := writeFile(t, "org = Other\n")
	c, err = Load([]string{"-config", q}, env{"TUTORD_CONFIG": p}.get, &bytes.Buffer{})
	if err != nil || c.Site.Org != "Other" {
		t.Errorf("org %q, err %v", c.Site.Org, err)
	}
}

func TestBrandingValuesAreKept(t *testing.T) {
	dir := t.TempDir()
	c, err := Load([]string{"-title", "Privatsphäre 101", "-org", "Beispiel e.V.", "-accent", "#0AF",
		"-lessons", dir, "-metrics", "127.0.0.1:9100"}, env{"TUTORD_WELCOME": "Line one\nline two"}.get, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	s := c.Site
	if s.Title != "Privatsphäre 101" || s.Org != "Beispiel e.V." || s.Welcome != "Line one\nline two" ||
		s.Accent != "#00aaff" || s.Lessons != dir || s.Metrics != "127.0.0.1:9100" {
		t.Errorf("got %+v", s)
	}
}

func TestColours(t *testing.T) {
	for in, want := range map[string]string{
		"#7D56F4": "#7d56f4", "#abc": "#aabbcc", "0": "0", "255": "255", " 42 ": "42",
		"": "", "#12345": "", "#ggg": "", "256": "", "-1": "", "red": "", "#1234567": "", "0x10": "",
	} {
		got, ok := ParseColour(in)
		if ok != (want != "") || got != want {
			t.Errorf("ParseColour(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// TestInvalidSettingsGiveOneClearMessage checks that every kind of mistake stops the start
// with one line that names the setting (and, for the environment and the file, where the
// value came from).
func TestInvalidSettingsGiveOneClearMessage(t *testing.T) {
	notADir := writeFile(t, "x")
	for _, tc := range []struct {
		name string
		args []string
		env  env
		file string
		want []string
	}{
		{"bad duration flag", []string{"-shutdown-timeout", "soon"}, nil, "", []string{"-shutdown-timeout", `"soon"`, "duration"}},
		{"bad duration env", nil, env{"TUTORD_SHUTDOWN_TIMEOUT": "soon"}, "", []string{"-shutdown-timeout", "TUTORD_SHUTDOWN_TIMEOUT", "duration"}},
		{"bad duration file", nil, nil, "\nshutdown-timeout = soon\n", []string{"-shutdown-timeout", "tutord.conf:2", "duration"}},
		{"negative duration", []string{"-shutdown-timeout", "-1s"}, nil, "", []string{"-shutdown-timeout", "positive"}},
		{"unknown flag", []string{"-colour", "red"}, nil, "", []string{"unknown setting -colour", "tutord -h"}},
		{"unknown file setting", nil, nil, "colour = red\n", []string{"tutord.conf:1", `unknown setting "colour"`}},
		{"file line without =", nil, nil, "listen :2222\n", []string{"tutord.conf:1", "name = value"}},
		{"file setting twice", nil, nil, "title = A\ntitle = B\n", []string{"tutord.conf:2", "title", "line 1"}},
		{"config in the config", nil, nil, "config = other.conf\n", []string{"tutord.conf:1", `"config"`}},
		{"missing config file", []string{"-config", "/no/such/tutord.conf"}, nil, "", []string{"-config", "/no/such/tutord.conf"}},
		{"stray argument", []string{"serve"}, nil, "", []string{`"serve"`}},
		{"listen without port", []string{"-listen", "localhost"}, nil, "", []string{"-listen", "HOST:PORT"}},
		{"listen port too big", nil, env{"TUTORD_LISTEN": ":70000"}, "", []string{"-listen", "TUTORD_LISTEN", "65535"}},
		{"empty host key", []string{"-host-key", ""}, nil, "", []string{"-host-key"}},
		{"hostname with space", []string{"-hostname", "my host"}, nil, "", []string{"-hostname"}},
		{"log level", nil, nil, "log-level = loud\n", []string{"-log-level", "tutord.conf:1", "debug, info, warn or error"}},
		{"accent name", []string{"-accent", "pink"}, nil, "", []string{"-accent", `"pink"`, "#rrggbb"}},
		{"accent number", nil, env{"TUTORD_ACCENT": "300"}, "", []string{"-accent", "TUTORD_ACCENT", "0-255"}},
		{"title escape", []string{"-title", "\x1b[31mred"}, nil, "", []string{"-title", "control character"}},
		{"title too long", []string{"-title", strings.Repeat("x", MaxTitle+1)}, nil, "", []string{"-title", "at most 60"}},
		{"org newline", []string{"-org", "a\nb"}, nil, "", []string{"-org", "control character"}},
		{"welcome too long", []string{"-welcome", strings.Repeat("w", MaxWelcome+1)}, nil, "", []string{"-welcome", "at most 600"}},
		{"welcome bad utf-8", []string{"-welcome", "\xff"}, nil, "", []string{"-welcome", "UTF-8"}},
		{"lessons missing", []string{"-lessons", "/no/such/lessons"}, nil, "", []string{"-lessons", "does not exist"}},
		{"lessons is a file", []string{"-lessons", notADir}, nil, "", []string{"-lessons", "is a file"}},
		{"metrics without port", nil, env{"TUTORD_METRICS": "localhost"}, "", []string{"-metrics", "TUTORD_METRICS", "HOST:PORT"}},
		{"anonymity k of one", nil, env{"TUTORD_ANONYMITY_K": "1"}, "", []string{"-anonymity-k", "TUTORD_ANONYMITY_K", "2 to 1000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if tc.file != "" {
				args = append([]string{"-config", writeFile(t, tc.file)}, args...)
			}
			if tc.env == nil {
				tc.env = env{}
			}
			var out bytes.Buffer
			_, err := Load(args, tc.env.get, &out)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("message is not one line: %q", msg)
			}
			if out.Len() > 0 {
				t.Errorf("a mistake printed more than its message (usage?):\n%s", out.String())
			}
		})
	}
}

func TestSettingErrorNamesTheSetting(t *testing.T) {
	_, err := Load([]string{"-accent", "x"}, env{}.get, &bytes.Buffer{})
	var se *SettingError
	if !errors.As(err, &se) || se.Name != "accent" {
		t.Fatalf("got %v, want a SettingError for accent", err)
	}
}

func TestHelpListsEverySettingWithEnvAndDefault(t *testing.T) {
	var out bytes.Buffer
	_, err := Load([]string{"-h"}, env{}.get, &out)
	if !errors.Is(err, ErrHelp) {
		t.Fatalf("err %v, want ErrHelp", err)
	}
	help := out.String()
	for _, s := range Settings() {
		def := s.Default
		if def == "" {
			def = `""`
		}
		for _, w := range []string{"-" + s.Flag + " ", s.Env, "default " + def} {
			if !strings.Contains(help, w) {
				t.Errorf("-h lacks %q for -%s", w, s.Flag)
			}
		}
	}
}

// TestSelfHostingGuideListsEverySetting keeps the settings table in docs/self-hosting.md in
// step with the flags: every setting has a row with its flag, variable and default.
func TestSelfHostingGuideListsEverySetting(t *testing.T) {
	doc, err := os.ReadFile("../../docs/self-hosting.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "| `-") {
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "| `-"), "`")
			rows[name] = line
		}
	}
	for _, s := range Settings() {
		row, ok := rows[s.Flag]
		if !ok {
			t.Errorf("docs/self-hosting.md has no row for -%s (| `-%s` | `%s` | default | meaning |)", s.Flag, s.Flag, s.Env)
			continue
		}
		def := "`" + s.Default + "`"
		if s.Default == "" {
			def = "(empty)"
		}
		if !strings.Contains(row, "`"+s.Env+"`") || !strings.Contains(row, def) {
			t.Errorf("docs/self-hosting.md row for -%s lacks `%s` or the default %s:\n%s", s.Flag, s.Env, def, row)
		}
	}
}

func TestConnectHint(t *testing.T) {
	for _, tc := range []struct{ listen, host, want string }{
		{":2222", "localhost", "ssh -p 2222 localhost"},
		{":22", "tutor.example.org", "ssh tutor.example.org"},
		{":2222", "tutor.example.org:22", "ssh tutor.example.org"},
		{"127.0.0.1:2222", "tutor.example.org:2200", "ssh -p 2200 tutor.example.org"},
		{":2222", "[2001:db8::1]:22", "ssh [2001:db8::1]"},
	} {
		c := Default()
		c.Listen, c.Hostname = tc.listen, tc.host
		if err := c.Validate(); err != nil {
			t.Errorf("%+v: %v", tc, err)
		}
		if got := c.ConnectHint(); got != tc.want {
			t.Errorf("listen %s, hostname %s: %q, want %q", tc.listen, tc.host, got, tc.want)
		}
	}
	// With -listen port 0 the bound address gives the port, unless -hostname has one.
	for _, tc := range []struct{ host, want string }{
		{"localhost", "ssh -p 40022 localhost"},
		{"tutor.example.org:2200", "ssh -p 2200 tutor.example.org"},
	} {
		c := Default()
		c.Listen, c.Hostname = "127.0.0.1:0", tc.host
		if got := c.ConnectHintAt("127.0.0.1:40022"); got != tc.want {
			t.Errorf("hostname %s, bound to port 40022: %q, want %q", tc.host, got, tc.want)
		}
	}
	c := Default()
	c.Hostname = "tutor.example.org:99999"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "-hostname") {
		t.Errorf("bad hostname port: %v", err)
	}
}
