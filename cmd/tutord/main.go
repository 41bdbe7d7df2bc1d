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
	"strings"
	"syscall"
	"time"

	"charm.land/log/v2"

	"tutord/internal/buildinfo"
	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/server"
)

func main() {
	os.Exit(run(os.Args[1:], os.Environ(), os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own arguments, environment
// ("NAME=value" lines) and streams.
func run(args []string, environ []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return check(args[1:], stdout, stderr)
		case "version", "-version", "--version":
			fmt.Fprintln(stdout, buildinfo.Read())
			return 0
		}
	}
	getenv := lookup(environ)
	// A misspelt variable would be ignored without a word: stop, naming it.
	if unknown := config.UnknownEnv(environ); len(unknown) > 0 {
		fmt.Fprintln(stderr, "tutord:", config.UnknownEnvError(unknown))
		return 2
	}
	if len(args) > 0 && args[0] == "config" {
		return printConfig(args[1:], getenv, stdout, stderr)
	}
	cfg, err := config.Load(args, getenv, stdout) // -h is asked for: it goes to stdout
	if errors.Is(err, config.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "tutord:", err)
		return 2
	}
	logger := newLogger(stderr, cfg.LogLevel, cfg.LogFormat)

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	// SIGHUP reads the settings again (the config file may have changed) for the lessons
	// and branding.
	reread := func() (config.Site, error) {
		c, err := config.Load(args, getenv, io.Discard)
		if err != nil {
			return config.Site{}, err
		}
		return c.Site, nil
	}
	if err := serve(sigs, cfg, logger, reread, nil); err != nil {
		logger.Error("tutord stopped", "err", err)
		return 1
	}
	return 0
}

// serve builds the server's dependencies from the settings (course, host key, teacher
// keys, rooms, admission gate, metrics), assembles the server from them, and runs it:
// listen, serve until the first SIGTERM, drain; a second SIGTERM ends the drain now;
// SIGHUP reloads the lessons and branding. ready, if not nil, receives the addresses once
// the server listens (tests).
func serve(sigs <-chan os.Signal, cfg *config.Config, logger *log.Logger, reread func() (config.Site, error), ready chan<- server.Listening) error {
	deps, err := server.LoadDeps(cfg, logger)
	if err != nil {
		return err
	}
	defer deps.Close()
	srv := server.New(*cfg, deps)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	go handleSignals(sigs, done, srv, cancel, logger, reread)
	return srv.Run(ctx, ready)
}

// handleSignals turns signals into calls on the server, which itself knows no signals.
func handleSignals(sigs <-chan os.Signal, done <-chan struct{}, srv *server.Server, stop func(), logger *log.Logger, reread func() (config.Site, error)) {
	terms := 0
	for {
		select {
		case <-done:
			return
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				site, err := reread()
				if err == nil {
					err = srv.Reload(site)
				}
				if err != nil {
					logger.Error("SIGHUP: reload refused, the course served is unchanged", "err", err)
				} else {
					logger.Info("SIGHUP: lessons and branding reloaded for new sessions")
				}
				continue
			}
			if terms++; terms == 1 {
				stop()
			} else {
				srv.EndNow()
			}
		}
	}
}

// printConfig is `tutord config [flags]`: the settings the server would run with, each
// with where its value came from (default, flag, TUTORD_X or FILE:LINE).
func printConfig(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	list, err := config.LoadEffective(args, getenv, stdout)
	if errors.Is(err, config.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "tutord:", err)
		return 2
	}
	config.WriteEffective(stdout, list)
	return 0
}

// lookup is getenv over an environment list; the last of a name wins, as in the process.
func lookup(environ []string) func(string) string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return func(k string) string { return m[k] }
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

// newLogger returns the server's structured logger: text or JSON lines, timestamps in UTC
// with the zone. Libraries that log through slog (charm.land/ssh does, with the remote
// address on panics) go through a handler that drops anything that could name a client.
func newLogger(w io.Writer, level, format string) *log.Logger {
	lv, _ := log.ParseLevel(level)
	o := log.Options{ReportTimestamp: true, Level: lv, TimeFunction: log.NowUTC, TimeFormat: time.RFC3339}
	if format == "json" {
		o.Formatter = log.JSONFormatter
	}
	logger := log.NewWithOptions(w, o)
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
