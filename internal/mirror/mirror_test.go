package mirror

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"charm.land/log/v2"

	"tutord/internal/i18n"
)

func sample() *Facts {
	return &Facts{
		Addr: "198.51.100.23", Port: 50211, Client: "SSH-2.0-OpenSSH_9.6", User: "alice",
		Keys: []Key{{"ssh-ed25519", "SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}},
		Term: "xterm-256color", Width: 80, Height: 24,
		Env: []string{"LANG=de_DE.UTF-8", "LC_TIME=en_GB.UTF-8"},
	}
}

func TestFactsNeverFormatThemselves(t *testing.T) {
	f := sample()
	var logBuf bytes.Buffer
	slog.New(slog.NewJSONHandler(&logBuf, nil)).Info("oops", "facts", *f, "ptr", f)
	charm := log.New(&logBuf)
	charm.Info("oops", "facts", *f, "ptr", f)
	outs := []string{
		fmt.Sprint(*f), fmt.Sprintf("%v %+v %#v %s %q %x", *f, *f, *f, *f, *f, *f), fmt.Sprint(f), fmt.Sprintf("%+v", f),
		logBuf.String(),
	}
	for _, out := range outs {
		for _, secret := range []string{"198.51.100.23", "50211", "alice", "OpenSSH", "SHA256", "de_DE", "xterm"} {
			if strings.Contains(out, secret) {
				t.Errorf("formatted Facts contain %q: %s", secret, out)
			}
		}
	}
}

func TestCleanEscapesWhatCouldDriveTheTerminal(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                  "plain",
		"a\x1b[31mred":           `a\x1b[31mred`,
		"tab\there":              `tab\there`,
		"bidi\u202eevil":         `bidi\u202eevil`,
		"bad\xffutf8":            `bad\xffutf8`,
		`back\slash`:             `back\\slash`,
		"Grüße":                  "Grüße",
		strings.Repeat("x", 130): strings.Repeat("x", MaxValueLen) + "...",
	} {
		if got := Clean(in, MaxValueLen); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestItemsShowWhatWasSent(t *testing.T) {
	tx := i18n.For("en")
	f := sample()
	all := fmt.Sprint(Items(tx, f))
	for _, want := range []string{"198.51.100.23, port 50211", "SSH-2.0-OpenSSH_9.6", "alice",
		"ssh-ed25519 SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "xterm-256color, 80x24", "LANG=de_DE.UTF-8", "LC_TIME=en_GB.UTF-8"} {
		if !strings.Contains(all, want) {
			t.Errorf("items lack %q: %s", want, all)
		}
	}
	empty := fmt.Sprint(Items(tx, &Facts{}))
	for _, want := range []string{tx.MirrorNoKeysWhy, tx.MirrorNoEnvWhy, tx.MirrorNoTerm} {
		if !strings.Contains(empty, want) {
			t.Errorf("items for an empty connection lack %q", want)
		}
	}
	if s := fmt.Sprint(Items(tx, nil)); !strings.Contains(s, tx.MirrorUnknown) {
		t.Errorf("nil facts: %s", s)
	}
}

func TestManyEnvAndKeysAreCapped(t *testing.T) {
	f := &Facts{KeysDropped: 3}
	for i := range MaxEnv + 10 {
		f.Env = append(f.Env, fmt.Sprintf("V%d=%d", i, i))
	}
	items := Items(i18n.For("en"), f)
	env := items[len(items)-1]
	if len(env.Values) != MaxEnv+1 || env.Values[MaxEnv] != "and 10 more" {
		t.Errorf("env values: %d, last %q", len(env.Values), env.Values[len(env.Values)-1])
	}
	if keys := items[3]; keys.Values[len(keys.Values)-1] != "and 3 more" {
		t.Errorf("keys: %v", keys.Values)
	}
}

func TestCommands(t *testing.T) {
	for _, tc := range []struct {
		connect string
		unset   []string
		opts    []string
		user    string
		cmd     string
		want    string
	}{
		{"ssh -p 2222 localhost", nil, []string{"-o", "PubkeyAuthentication=no"}, "", "", "ssh -o PubkeyAuthentication=no -p 2222 localhost"},
		{"ssh -p 2222 localhost", nil, nil, "anyone", "", "ssh -p 2222 anyone@localhost"},
		{"ssh tutor.example", []string{"LANG", "LC_TIME"}, nil, "", "", "env -u LANG -u LC_TIME ssh tutor.example"},
		{"ssh tutor.example", nil, []string{"-t"}, "", "whoami", "ssh -t tutor.example whoami"},
		{"", nil, nil, "", "", "ssh HOST"},
	} {
		if got := Command(tc.connect, tc.unset, tc.opts, tc.user, tc.cmd); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestTipsFitTheConnection(t *testing.T) {
	tx := i18n.For("en")
	tips := fmt.Sprint(Tips(tx, sample(), "ssh -p 2222 h"))
	for _, want := range []string{"ssh -o PubkeyAuthentication=no -p 2222 h", "ssh -p 2222 anyone@h", "env -u LANG -u LC_TIME ssh -p 2222 h", "IdentitiesOnly"} {
		if !strings.Contains(tips, want) {
			t.Errorf("tips lack %q: %s", want, tips)
		}
	}
	quiet := fmt.Sprint(Tips(tx, &Facts{User: "anyone", Env: []string{"LC_$(rm -rf ~)=x"}}, "ssh h"))
	if strings.Contains(quiet, "env -u") || strings.Contains(quiet, "PubkeyAuthentication") || strings.Contains(quiet, "rm -rf") {
		t.Errorf("tips for a quiet connection: %s", quiet)
	}
}

func TestReportInBothLanguages(t *testing.T) {
	for _, lang := range i18n.Langs() {
		tx := i18n.For(lang)
		r := Report(tx, sample(), "ssh -p 2222 h")
		for _, want := range []string{tx.MirrorTitle, "SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "ssh -t -p 2222 h whoami"} {
			if !strings.Contains(r, want) {
				t.Errorf("%s report lacks %q:\n%s", lang, want, r)
			}
		}
		for _, line := range strings.Split(r, "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%s report line of %d characters: %q", lang, n, line)
			}
		}
	}
}
