package server_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain runs the parallel tests 8 at a time unless -parallel says otherwise. The
// default is one per CPU, but these tests mostly wait, on real connections and on the
// server's timers (login grace, idle warnings), so on 2 CPUs twice as many would leave
// the CPUs idle most of the time.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "8")
	}
	os.Exit(m.Run())
}
