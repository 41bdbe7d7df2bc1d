// Command tutord-audit checks that a tutord binary keeps nothing about a learner: it runs
// the binary in a temporary directory, uses the course over SSH with distinctive values,
// and scans everything the server wrote for them (see internal/audit).
//
//	tutord-audit [-bin PATH] [-v] [-- tutord flags]
//
// It exits 0 when nothing was found, 1 when something was (or a step failed), 2 on errors.
// scripts/privacy-audit builds both binaries and runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"time"

	"tutord/internal/audit"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tutord-audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("bin", "", "the tutord binary to audit (default: tutord next to this program, then in PATH)")
	verbose := fs.Bool("v", false, "print progress")
	wait := fs.Duration("wait", 15*time.Second, "how long to wait for the server at each step")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tutord-audit [-bin PATH] [-v] [-wait D] [-- tutord flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *bin == "" {
		*bin = findTutord()
		if *bin == "" {
			fmt.Fprintln(stderr, "tutord-audit: no tutord binary found; build one (go build ./cmd/tutord) and pass -bin")
			return 2
		}
	}
	opts := audit.Options{Binary: *bin, Flags: fs.Args(), Wait: *wait}
	if *verbose {
		opts.Log = stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := audit.Run(ctx, opts)
	if err != nil {
		fmt.Fprintln(stderr, "tutord-audit:", err)
		return 2
	}
	rep.Print(stdout)
	if !rep.OK() {
		return 1
	}
	return 0
}

func findTutord() string {
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), "tutord")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("tutord"); err == nil {
		return p
	}
	return ""
}
