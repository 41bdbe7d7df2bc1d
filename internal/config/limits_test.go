package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLimitsFromFlagsEnvAndFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tutord.conf")
	if err := os.WriteFile(file, []byte("idle-timeout = 10m\nper-source-rate = 7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TUTORD_MAX_SESSIONS": "77", "TUTORD_PER_SOURCE_RATE": "9", "TUTORD_PER_SOURCE_PENALTIES": "false"}
	c, err := Load([]string{"-config", file, "-login-grace", "5s"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	l := c.Limits
	if l.MaxSessions != 77 || l.LoginGrace != 5*time.Second || l.IdleTimeout != 10*time.Minute || l.PerSourceRate != 9 || l.PerSourcePenalties {
		t.Errorf("got %+v", l)
	}
	if d := Default().Limits; d.MaxSessions != 500 || d.IdleTimeout != 30*time.Minute || !d.PerSourcePenalties {
		t.Errorf("defaults changed: %+v", d)
	}
}

func TestInvalidLimitsNameTheSetting(t *testing.T) {
	for _, args := range [][]string{
		{"-max-sessions", "0"}, {"-max-startups", "-1"}, {"-login-grace", "10ms"}, {"-max-auth-tries", "0"},
		{"-max-auth-tries", "500"}, {"-per-source-conns", "-1"}, {"-per-source-rate", "-5"}, {"-max-channels", "0"},
		{"-idle-timeout", "0s"}, {"-max-session", "-1m"}, {"-input-rate", "1"}, {"-input-burst", "10"},
		{"-input-rate", "9000", "-input-burst", "4096"}, {"-write-timeout", "0s"},
	} {
		_, err := Load(args, func(string) string { return "" }, io.Discard)
		if err == nil {
			t.Errorf("%v accepted", args)
			continue
		}
		name := args[len(args)-2]
		if len(args) == 4 {
			name = "-input-burst"
		}
		if !strings.HasPrefix(err.Error(), name+":") {
			t.Errorf("%v: error %q does not start with the setting", args, err)
		}
	}
	if _, err := Load(nil, func(k string) string { return map[string]string{"TUTORD_IDLE_TIMEOUT": "soon"}[k] }, io.Discard); err == nil || !strings.Contains(err.Error(), "TUTORD_IDLE_TIMEOUT") {
		t.Errorf("bad env value: %v", err)
	}
}
