package config

import (
	"io"
	"strings"
	"testing"
)

func TestPerfSettings(t *testing.T) {
	env := func(string) string { return "" }
	for _, bad := range [][]string{
		{"-renderer", "fast"},
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
		{"-renderer", "ticker"},
		{"-pprof-listen", "127.0.0.1:6060"},
		{"-pprof-listen", "[::1]:0"},
		{"-pprof-listen", "localhost:6060"},
	} {
		if _, err := Load(good, env, io.Discard); err != nil {
			t.Errorf("%v: %v", good, err)
		}
	}
	c, err := Load(nil, func(k string) string {
		if k == "TUTORD_RENDERER" {
			return "ticker"
		}
		return ""
	}, io.Discard)
	if err != nil || c.Perf.Renderer != "ticker" {
		t.Errorf("TUTORD_RENDERER: %v %+v", err, c)
	}
}
