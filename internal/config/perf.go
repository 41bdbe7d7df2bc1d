package config

import (
	"flag"
	"fmt"
	"net"
)

// Perf holds the settings for performance tuning and measurement.
type Perf struct {
	// PprofListen serves net/http/pprof on this loopback address for profiling and
	// for the load tool's goroutine counts; empty is off.
	PprofListen string
}

func defaultPerf() Perf {
	return Perf{}
}

func (c *Perf) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.PprofListen, "pprof-listen", c.PprofListen, "serve Go profiles (net/http/pprof) on this loopback `address`, e.g. 127.0.0.1:6060; empty is off")
}

func (c *Perf) validate() error {
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
