package config

import (
	"flag"
	"fmt"
	"net"
)

// Perf holds the settings for performance tuning and measurement.
type Perf struct {
	// Renderer is how sessions draw: "event" draws right after a change and never
	// otherwise; "ticker" is bubbletea's own program with its 60 fps frame ticker, kept
	// to measure against and as a fallback.
	Renderer string
	// PprofListen serves net/http/pprof on this loopback address for profiling and
	// for the load tool's goroutine counts; empty is off.
	PprofListen string
}

func defaultPerf() Perf {
	return Perf{Renderer: "event"}
}

func (c *Perf) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Renderer, "renderer", c.Renderer, "how sessions draw: event (on change only) or ticker (bubbletea's 60 fps frame ticker)")
	fs.StringVar(&c.PprofListen, "pprof-listen", c.PprofListen, "serve Go profiles (net/http/pprof) on this loopback `address`, e.g. 127.0.0.1:6060; empty is off")
}

func (c *Perf) validate() error {
	switch c.Renderer {
	case "event", "ticker":
	default:
		return fmt.Errorf("-renderer %q: want event or ticker", c.Renderer)
	}
	if c.PprofListen != "" {
		host, _, err := net.SplitHostPort(c.PprofListen)
		if err != nil {
			return fmt.Errorf("-pprof-listen %q: want HOST:PORT (%v)", c.PprofListen, err)
		}
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("-pprof-listen %q: profiles are only served on a loopback address (127.0.0.1, ::1, localhost)", c.PprofListen)
		}
	}
	return nil
}
