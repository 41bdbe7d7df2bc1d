// Command tutord-load measures tutord under load over loopback, side by side with a
// bare golang.org/x/crypto/ssh server (the floor) started in the same run.
//
//	go run ./cmd/tutord-load -sessions 1000 -presses 300 -churn 2000 -targets floor,event,ticker -repeat 3
//
// It holds N real SSH sessions with a PTY, measures handshakes, first frames,
// keypress-to-frame latency, bytes, server memory, idle CPU and what is left after
// everyone leaves; then churns M sessions (connect, first frame, leave) C at a time.
// It prints a table, or one JSON object with -json, and stops by itself. The ticker
// target is tutord on bubbletea's own program per session, run by this tool itself
// (tutord-load ticker [tutord flags]): tutord has no setting for it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"tutord/internal/load"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		if err := load.FloorMain(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "tutord-load floor:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "ticker" {
		if err := load.TickerMain(os.Args[2:], os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "tutord-load ticker:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tutord-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg load.Config
	targets := fs.String("targets", "floor,event", "what to measure, in order: floor (bare x/crypto/ssh), event (tutord), ticker (tutord on bubbletea's own program: tutord-load ticker), external (-addr, -pid)")
	fs.IntVar(&cfg.Sessions, "sessions", 1000, "sessions to hold at once (0 skips the hold phase)")
	fs.IntVar(&cfg.DialConcurrency, "dial-concurrency", 32, "connections opened at once while filling")
	fs.IntVar(&cfg.Presses, "presses", 300, "selection moves timed while everyone is held")
	fs.IntVar(&cfg.Churn, "churn", 2000, "sessions that connect, see the first frame and leave (0 skips the churn phase)")
	fs.IntVar(&cfg.ChurnConcurrency, "churn-concurrency", 16, "churn sessions at once")
	fs.IntVar(&cfg.Repeat, "repeat", 1, "run every measurement this many times, targets interleaved")
	fs.DurationVar(&cfg.Idle, "idle", 10*time.Second, "how long everyone stays idle while CPU and bytes are counted")
	fs.DurationVar(&cfg.Settle, "settle", 3*time.Second, "pause after filling and after everyone left")
	fs.DurationVar(&cfg.Quiet, "quiet", 40*time.Millisecond, "an answer to a key is complete once nothing more came for this long")
	fs.DurationVar(&cfg.Wait, "wait", 30*time.Second, "patience for one connection, first frame or answer")
	fs.StringVar(&cfg.Term, "term", "xterm-256color", "TERM the clients send")
	fs.IntVar(&cfg.W, "width", 80, "window width")
	fs.IntVar(&cfg.H, "height", 24, "window height")
	fs.StringVar(&cfg.Marker, "marker", "q quit", "text on the last row that shows a first frame is complete")
	fs.StringVar(&cfg.Tutord, "tutord", "", "tutord binary (default: go build ./cmd/tutord)")
	fs.StringVar(&cfg.Addr, "addr", "", "SSH address of an already running server (target external; loopback only)")
	fs.IntVar(&cfg.PID, "pid", 0, "pid of that server, for /proc")
	fs.StringVar(&cfg.Pprof, "pprof", "", "its -pprof-listen address, for goroutines and live memory (optional)")
	fs.StringVar(&cfg.ProfileDir, "profile-dir", "", "save CPU and heap profiles of each target here")
	timeout := fs.Duration("timeout", 30*time.Minute, "stop the whole run after this long")
	asJSON := fs.Bool("json", false, "print one JSON object instead of the table")
	from := fs.String("table", "", "print the table of a report saved with -json from this `file`, and measure nothing")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tutord-load: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *from != "" {
		rep, err := load.ReadReport(*from)
		if err != nil {
			fmt.Fprintln(stderr, "tutord-load:", err)
			return 1
		}
		rep.WriteTable(stdout)
		return 0
	}
	cfg.Targets = strings.Split(*targets, ",")
	cfg.Log = stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	rep, err := load.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "tutord-load:", err)
		return 1
	}
	if *asJSON {
		if err := rep.WriteJSON(stdout); err != nil {
			fmt.Fprintln(stderr, "tutord-load:", err)
			return 1
		}
		return 0
	}
	rep.WriteTable(stdout)
	return 0
}
