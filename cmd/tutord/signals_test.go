package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"charm.land/log/v2"

	"tutord/internal/config"
	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// signalServer runs serve, the binary's own wiring from signals to the server, on a
// random loopback port; the test sends the signals into sigs as the process would get
// them. reread is what SIGHUP reads.
func signalServer(t *testing.T, reread func() (config.Site, error)) (*sshtest.Server, chan<- os.Signal) {
	t.Helper()
	sigs := make(chan os.Signal, 4)
	srv := sshtest.StartRun(t, func(ctx context.Context, cfg *config.Config, logger *log.Logger, ready chan<- server.Listening) error {
		done := make(chan struct{})
		defer close(done)
		go func() { // the test's cleanup ends the server as a second SIGTERM would
			select {
			case <-ctx.Done():
				sigs <- syscall.SIGTERM
				sigs <- syscall.SIGTERM
			case <-done:
			}
		}()
		return serve(sigs, cfg, logger, reread, ready)
	}, func(c *config.Config) { c.DrainTimeout = time.Hour })
	return srv, sigs
}

// TestSIGHUPReloadsAndAFailedReloadKeepsTheCourse: SIGHUP reads the settings again and
// serves new sessions the new lessons and branding; a reread that fails is logged and
// changes nothing; neither drops the running session.
func TestSIGHUPReloadsAndAFailedReloadKeepsTheCourse(t *testing.T) {
	t.Parallel()
	site := make(chan config.Site, 1)
	srv, sigs := signalServer(t, func() (config.Site, error) {
		select {
		case s := <-site:
			return s, nil
		default:
			return config.Site{}, errors.New("config file: line 3: bad value")
		}
	})
	old := srv.Open(t, sshtest.DefaultClient(), "")
	old.WaitFor("Start the course")

	sigs <- syscall.SIGHUP // the reread fails
	waitLog(t, srv, "reload refused")
	if scr := srv.Open(t, sshtest.DefaultClient(), "").WaitFor("Start the course"); strings.Contains(scr, "Reloaded course") {
		t.Errorf("a failed reload changed the course:\n%s", scr)
	}

	site <- config.Site{Lessons: "../../docs/example-lessons", Title: "Reloaded course"}
	sigs <- syscall.SIGHUP
	waitLog(t, srv, "lessons and branding reloaded")
	srv.Open(t, sshtest.DefaultClient(), "").WaitFor("Reloaded course")
	old.Press("enter") // the session from before the reloads goes on
	old.WaitFor("part 1 of")
}

// TestSIGTERMDrainsAndASecondEndsNow: the first SIGTERM tells the running session the
// server restarts, with its resume code, and lets it go on; the second ends it now with
// the goodbye, and serve returns.
func TestSIGTERMDrainsAndASecondEndsNow(t *testing.T) {
	t.Parallel()
	srv, sigs := signalServer(t, func() (config.Site, error) { return config.Site{}, nil })
	tm := srv.Open(t, sshtest.DefaultClient(), "")
	tm.WaitFor("Start the course")
	sigs <- syscall.SIGTERM
	tm.WaitFor("The server restarts in 1 h", "resume ")
	tm.Press("enter")
	tm.WaitFor("part 1 of", "The server restarts in")
	sigs <- syscall.SIGTERM
	tm.WaitFor("The server is shutting down", "To continue where you were")
	tm.Wait()
	waitLog(t, srv, "tutord stopped")
}

// waitLog waits until the server's log holds text.
func waitLog(t *testing.T, srv *sshtest.Server, text string) {
	t.Helper()
	deadline := time.Now().Add(sshtest.Timeout)
	for !strings.Contains(srv.Log.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", text, srv.Log)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
