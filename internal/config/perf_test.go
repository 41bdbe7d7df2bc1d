package config

import (
	"io"
	"strings"
	"testing"
)

func TestPerfSettings(t *testing.T) {
	env := func(string) string { return "" }
	for _, bad := range [][]string{
		{"-pprof-listen", "0.0.0.0:6060"},
		{"-pprof-listen", ":6060"},
		{"-pprof-listen", "192.168.1.2:6060"},
		{"-pprof-listen", "localhost"},
	} {
		if _, err := Load(bad, env, io.Discard); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%v: got %v, want an error naming %s", bad, err, bad[0])
		}
	}
	for _, good := range [][]string{
		{"-pprof-listen", "127.0.0.1:6060"},
		{"-pprof-listen", "[::1]:0"},
		{"-pprof-listen", "localhost:6060"},
	} {
		if _, err := Load(good, env, io.Discard); err != nil {
			t.Errorf("%v: %v", good, err)
		}
	}
}
