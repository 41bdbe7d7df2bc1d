package server_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tutord/internal/config"
	"tutord/internal/sshtest"
)

// anonPanel is the "How many look like you?" panel on a screen: its lines, without the
// mirror's bar.
func anonPanel(t *testing.T, scr string) string {
	t.Helper()
	start := strings.Index(scr, "How many look like you?")
	end := strings.Index(scr, "Press r to count again.")
	if start < 0 || end < start {
		t.Fatalf("no anonymity panel on screen:\n%s", scr)
	}
	return scr[start:end]
}

// noNumberBelow fails when the panel shows any number smaller than k.
func noNumberBelow(t *testing.T, who, panel string, k int) {
	t.Helper()
	for _, s := range regexp.MustCompile(`\d+`).FindAllString(panel, -1) {
		if n, _ := strconv.Atoi(s); n < k {
			t.Errorf("%s: the panel shows %d, below k=%d:\n%s", who, n, k, panel)
		}
	}
}

// TestAnonymitySetUnderTheKRule opens 1, 4, 5 and 30 live sessions with k=5 and reads the
// panel on each: the counts follow the sessions connected now, and no number below 5
// appears on any screen. The 30 are mixed: 20 OpenSSH, 7 PuTTY and 3 rare clients; 25 with
// LANG=en_GB and 5 with en_US; 28 at one window size and 2 at another.
func TestAnonymitySetUnderTheKRule(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 4, 5, 30} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			srv := sshtest.Start(t, func(c *config.Config) { c.Anonymity.K = 5 })
			terms := make([]*sshtest.Term, n)
			clients := make([]sshtest.Client, n)
			for i := range n {
				c := sshtest.DefaultClient()
				c.W, c.H = 100, 120 // the mirror and the whole panel on one screen
				c.Version = "SSH-2.0-OpenSSH_9.6"
				c.Env = map[string]string{"LANG": "en_GB.UTF-8"}
				if n == 30 {
					switch {
					case i >= 27:
						c.Version = fmt.Sprintf("SSH-2.0-Rare_%d", i)
					case i >= 20:
						c.Version = "SSH-2.0-PuTTY_Release_0.81"
					}
					if i%6 == 0 {
						c.Env["LANG"] = "en_US.UTF-8"
					}
					if i >= 28 {
						c.H = 119
					}
				}
				clients[i] = c
				terms[i] = srv.Open(t, c, "whoami")
				terms[i].WaitFor("How many look like you?")
			}
			// Every session is counted from before its first screen: a recount now sees all.
			for i, tm := range terms {
				tm.Press("r")
				want := fmt.Sprintf("Connected now: %d sessions", n)
				if n < 5 {
					want = "Connected now: fewer than 5 sessions"
				}
				scr := tm.WaitFor(want)
				panel := anonPanel(t, scr)
				noNumberBelow(t, fmt.Sprintf("session %d of %d", i, n), panel, 5)
				var wants []string
				switch {
				case n < 5:
					wants = []string{"Too few to compare"}
				case n == 5:
					wants = []string{"Same SSH client: all 5", "Same window size: all 5", "All four the same: all 5", "look like 5 sessions"}
				case i == 0: // OpenSSH, en_US, 100x120
					wants = []string{"Same SSH client: 20 of 30", "Same LANG: 5 of 30", "Same window size: all but fewer than 5 of 30", "Same TERM: all 30", "All four the same: fewer than 5 of 30", "nearly single you out"}
				case i == 1: // OpenSSH, en_GB
					wants = []string{"Same SSH client: 20 of 30", "Same LANG: 25 of 30", "All four the same: 16 of 30"}
				case i == 20: // PuTTY
					wants = []string{"Same SSH client: 7 of 30"}
				case i == 29: // a rare client, a rare size
					wants = []string{"Same SSH client: fewer than 5 of 30", "Same window size: fewer than 5 of 30"}
				}
				for _, w := range wants {
					if !strings.Contains(strings.Join(strings.Fields(panel), " "), w) {
						t.Errorf("session %d of %d: panel lacks %q:\n%s", i, n, w, panel)
					}
				}
			}
			// Leaving takes a session out of the count.
			if n == 5 {
				terms[4].Close()
				<-terms[4].Done()
				// The server takes the session out when its program has ended, which may
				// be a moment after the client saw the channel close: count again until then.
				recountUntil(t, terms[0], "Connected now: fewer than 5 sessions")
			}
		})
	}
}

// recountUntil presses r until the panel shows want, for at most sshtest.Timeout.
func recountUntil(t *testing.T, tm *sshtest.Term, want string) {
	t.Helper()
	deadline := time.Now().Add(sshtest.Timeout)
	for !strings.Contains(tm.Screen(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the panel never showed %q:\n%s", want, tm.Screen())
		}
		tm.Press("r")
	}
}

// TestWhoamiReportCountsTheLiveSessions: `ssh HOST whoami` without a terminal (scripts,
// screen readers) has the same counts as text, under the same k rule, counting itself
// for as long as the report takes.
func TestWhoamiReportCountsTheLiveSessions(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	c := sshtest.DefaultClient()
	c.Version = "SSH-2.0-OpenSSH_9.6"
	for range 5 {
		srv.Open(t, c, "").WaitFor("Start the course")
	}
	p := noPTY()
	p.Version = c.Version
	r := srv.Exec(t, p, "whoami")
	i := strings.Index(r.Stdout, "How many look like you?:")
	if r.Code != 0 || i < 0 {
		t.Fatalf("exit %d, no anonymity section:\n%s", r.Code, r.Stdout)
	}
	section := r.Stdout[i:]
	end := strings.Index(section, "This group is your anonymity set")
	if end < 0 {
		t.Fatalf("no teaching text:\n%s", section)
	}
	noNumberBelow(t, "whoami report", section[:end], 5)
	flat := strings.Join(strings.Fields(section), " ")
	for _, w := range []string{"Connected now: 6 sessions", "Same SSH client: all 6", "Same TERM: fewer than 5 of 6", "Same LANG: all 6", "nearly single you out"} {
		if !strings.Contains(flat, w) {
			t.Errorf("report lacks %q:\n%s", w, section)
		}
	}
}
