// Command tutord serves an interactive privacy tutorial over SSH.
//
// The data flow, in order: read settings → build the dependencies (lessons, host key,
// rooms, gate, metrics) → assemble the server → listen → admit → handshake →
// authenticate (anyone) → filter → PTY → one session model per connection → lessons.
// docs/architecture.md draws it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"charm.land/log/v2"

	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/server"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own arguments and streams.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "check" {
		return check(args[1:], stdout, stderr)
	}
	cfg, err := config.Load(args, getenv, stderr)
	if errors.Is(err, config.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "tutord:", err)
		return 2
	}
	logger := newLogger(stderr, cfg.LogLevel)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, logger); err != nil {
		logger.Error("tutord stopped", "err", err)
		return 1
	}
	return 0
}

// serve builds the server's dependencies from the settings (course, host key, teacher
// keys, rooms, admission gate, metrics), assembles the server from them, and runs it:
// listen, serve until ctx is cancelled, drain.
func serve(ctx context.Context, cfg *config.Config, logger *log.Logger) error {
	deps, err := server.LoadDeps(cfg, logger)
	if err != nil {
		return err
	}
	defer deps.Close()
	return server.New(*cfg, deps).Run(ctx, nil)
}

// check validates a lessons directory (lessons, quizzes, interface catalogs, course
// settings) against the built-in course and prints every problem with file and line.
func check(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: tutord check DIR")
		return 2
	}
	pack, problems := lessons.LoadPackDir(args[0])
	for _, p := range problems {
		fmt.Fprintln(stderr, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "%d problem(s)\n", len(problems))
		return 1
	}
	if _, err := lessons.WithPack(pack, nil); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	n := 0
	for _, ls := range pack.Lessons {
		n += len(ls)
	}
	fmt.Fprintf(stdout, "ok: %d lesson file(s) in %d language(s), %d interface catalog(s)\n", n, len(pack.Lessons), len(pack.UI))
	return 0
}

// newLogger returns the server's structured logger. Libraries that log through slog
// (charm.land/ssh does, with the remote address on panics) go through a handler that drops
// anything that could name a client.
func newLogger(w io.Writer, level string) *log.Logger {
	lv, _ := log.ParseLevel(level)
	logger := log.NewWithOptions(w, log.Options{ReportTimestamp: true, Level: lv})
	slog.SetDefault(slog.New(redact{logger}))
	return logger
}

// redact is a slog handler that removes attributes carrying connection identity.
type redact struct{ slog.Handler }

var identityKeys = map[string]bool{"remote": true, "addr": true, "remote-addr": true, "user": true, "client-version": true, "key": true}

func (r redact) Handle(ctx context.Context, rec slog.Record) error {
	clean := slog.NewRecord(rec.Time, rec.Level, rec.Message, rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		if a, ok := redactAttr(a); ok {
			clean.AddAttrs(a)
		}
		return true
	})
	return r.Handler.Handle(ctx, clean)
}

func (r redact) WithAttrs(as []slog.Attr) slog.Handler {
	return redact{r.Handler.WithAttrs(redactAttrs(as))}
}

// redactAttr drops a with an identity key, and every such attribute inside a group, at
// any depth; LogValuers are resolved first, since their value may be a group.
func redactAttr(a slog.Attr) (slog.Attr, bool) {
	if identityKeys[a.Key] {
		return a, false
	}
	v := a.Value.Resolve()
	if v.Kind() != slog.KindGroup {
		return slog.Attr{Key: a.Key, Value: v}, true
	}
	return slog.Attr{Key: a.Key, Value: slog.GroupValue(redactAttrs(v.Group())...)}, true
}

func redactAttrs(as []slog.Attr) []slog.Attr {
	keep := make([]slog.Attr, 0, len(as))
	for _, a := range as {
		if a, ok := redactAttr(a); ok {
			keep = append(keep, a)
		}
	}
	return keep
}

func (r redact) WithGroup(name string) slog.Handler { return redact{r.Handler.WithGroup(name)} }
