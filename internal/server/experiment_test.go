package server_test

import (
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/server"
	"tutord/internal/sshtest"
)

var expCode = regexp.MustCompile(`experiment code is ([ACDEFGHJKMNPQRTUVWXY3479]{3}-[ACDEFGHJKMNPQRTUVWXY3479]{3})`)

// openReference opens `ssh -t HOST whoami` as connection A and returns its terminal and
// experiment code.
func openReference(t *testing.T, srv *sshtest.Server, c sshtest.Client) (*sshtest.Term, string) {
	t.Helper()
	tm := srv.Open(t, c, "whoami")
	scr := tm.WaitFor("experiment code is", "No second connection has used the code yet.")
	m := expCode.FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("no experiment code on the mirror:\n%s", scr)
	}
	return tm, m[1]
}

func fp(k gossh.Signer) string { return gossh.FingerprintSHA256(k.PublicKey()) }

// TestExperimentLinksAndUnlinks runs the fix-and-check loop with real clients: B offers
// A's key (linked by key, on both screens), then only another key (no key link, and the
// link shows as gone beside the verdict before), then no key and another user name (only
// the address and weak details remain). B's screens never show A's values.
func TestExperimentLinksAndUnlinks(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	key1, keyA, key2 := sshtest.NewKey(t), sshtest.NewKey(t), sshtest.NewKey(t)

	a := sshtest.DefaultClient()
	a.W, a.H = 120, 200
	a.User = "alice-secret-user"
	a.Keys = []gossh.Signer{key1, keyA}
	a.Env = map[string]string{"LC_PROBE": "secret-a-value"}
	ta, code := openReference(t, srv, a)
	aValues := []string{"alice-secret-user", "secret-a-value", fp(keyA)}

	compare := func(c sshtest.Client, want ...string) string {
		t.Helper()
		tb := srv.Open(t, c, "compare "+code)
		scr := tb.WaitFor(want...)
		for _, v := range aValues {
			if strings.Contains(scr, v) || strings.Contains(string(tb.Raw()), v) {
				t.Errorf("B's screen shows A's value %q:\n%s", v, scr)
			}
		}
		tb.Close()
		return scr
	}

	// 1. Same key: linked by key, on both screens.
	b := sshtest.DefaultClient()
	b.W, b.H = 100, 200
	b.Keys = []gossh.Signer{key1}
	keyVerdict := "both offered the key"
	compare(b, keyVerdict, fp(key1), "Offer no keys to this server:", "PubkeyAuthentication=no", "compare "+code)
	ta.WaitFor("(1 compare)", keyVerdict, fp(key1))

	// 2. Another key only: no key link, and the key link is gone beside the verdict before.
	b.Keys = []gossh.Signer{key2}
	scr := compare(b, "Apart from your address", "Before: I can tell these two connections are you: both offered the same key.", "link gone")
	if strings.Contains(scr, fp(key1)) {
		t.Errorf("B without key1 is shown key1, which an earlier compare sent:\n%s", scr)
	}
	if strings.Contains(scr, "I can tell these two connections are you: both") && !strings.Contains(scr, "Before: I can tell") {
		t.Errorf("key link still claimed:\n%s", scr)
	}
	ta.WaitFor("(2 compares)", "link gone")

	// 3. No key, another user name, another terminal: the address and weak details remain.
	b.Keys = nil
	b.User = "someone-else"
	b.Term = "vt100"
	scr = compare(b, "Apart from your address, only weak details link them: 1 of 6")
	if strings.Contains(scr, "both offered the key") || strings.Contains(scr, fp(key1)) {
		t.Errorf("a key shown without keys:\n%s", scr)
	}
	ta.WaitFor("(3 compares)")
}

// TestExperimentWrongCodes: a wrong code gets a clear message; guessing is rate-limited,
// so the right code from the same network is refused after too many wrong ones.
func TestExperimentWrongCodes(t *testing.T) {
	t.Parallel()
	// The clock stands still: the guessing budget refills over time (20 a minute), and a
	// slow run (the race detector on two cores) must not earn back a try mid-test.
	still := time.Now()
	srv := sshtest.StartWith(t, []server.Option{server.ExperimentClock(func() time.Time { return still })})
	a := sshtest.DefaultClient()
	a.H = 200
	_, code := openReference(t, srv, a)

	g := from("127.0.0.9")
	tm := srv.Open(t, g, "compare AAA-AAA")
	tm.WaitFor("No experiment has this code.")
	tm.Close()
	tm = srv.Open(t, g, "compare 0O1")
	tm.WaitFor("That is not an experiment code")
	tm.Close()
	// Guesses from the welcome screen's field: 19 more wrong codes spend the budget (20).
	tm = srv.Open(t, g, "compare")
	tm.WaitFor("Experiment code:")
	for range 19 {
		tm.Press("ctrl+u")
		_, _ = tm.Write([]byte("CCCCCC\r"))
		tm.WaitFor("No experiment has this code.")
	}
	tm.Press("ctrl+u")
	_, _ = tm.Write([]byte(code + "\r"))
	tm.WaitFor("Too many wrong codes from your network.")
	tm.Close()
	// Another network is not held back.
	tm = srv.Open(t, from("127.0.0.10"), "compare "+code)
	tm.WaitFor("Two connections compared")
}

// TestExperimentCodeExpires: after 15 minutes the code no longer works, with a clear
// message, and the reference's mirror says so.
func TestExperimentCodeExpires(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC).UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()) }
	srv := sshtest.StartWith(t, []server.Option{server.ExperimentClock(clock)})
	a := sshtest.DefaultClient()
	a.H = 200
	_, code := openReference(t, srv, a)

	now.Add(int64(15 * time.Minute))
	tm := srv.Open(t, sshtest.DefaultClient(), "compare "+code)
	tm.WaitFor("This experiment code has expired")
	tm.Close()
	// Gone, not merely refused: the same code is now unknown.
	tm = srv.Open(t, sshtest.DefaultClient(), "compare "+code)
	tm.WaitFor("No experiment has this code.")
}

// TestExperimentCodeEndsWithTheSession: once the reference disconnects, its code is unknown.
func TestExperimentCodeEndsWithTheSession(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	a := sshtest.DefaultClient()
	a.H = 200
	ta, code := openReference(t, srv, a)
	ta.Press("q")
	ta.Wait()
	tm := srv.Open(t, sshtest.DefaultClient(), "compare "+code)
	tm.WaitFor("No experiment has this code.")
}

// TestCompareAsText: `ssh HOST compare CODE` without a terminal prints the comparison as
// plain text (no escape sequences), the reference screen sees it as any compare, and a
// missing or wrong code is one clear line and a failing exit status.
func TestCompareAsText(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	key := sshtest.NewKey(t)
	a := sshtest.DefaultClient()
	a.W, a.H = 120, 200
	a.Keys = []gossh.Signer{key}
	a.User = "alice-secret-user"
	ta, code := openReference(t, srv, a)

	b := sshtest.Client{Keys: []gossh.Signer{key}} // no PTY
	res := srv.Exec(t, b, "compare "+code)
	for _, want := range []string{"Two connections compared", "both offered the key", fp(key), "Window size", "PubkeyAuthentication=no"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("the text comparison lacks %q:\n%s", want, res.Stdout)
		}
	}
	if res.Code != 0 || strings.Contains(res.Stdout, "\x1b") || strings.Contains(res.Stdout, "alice-secret-user") {
		t.Errorf("status %d; escapes or A's user in the text:\n%q", res.Code, res.Stdout)
	}
	ta.WaitFor("(1 compare)", "both offered the key")

	if res := srv.Exec(t, sshtest.Client{}, "compare"); res.Code == 0 || !strings.Contains(res.Stderr, "compare needs one word after it: the code your other connection shows") {
		t.Errorf("compare without a code and a terminal: status %d, %q", res.Code, res.Stderr)
	}
	if res := srv.Exec(t, sshtest.Client{}, "compare XXX-XXX"); res.Code == 0 || res.Stdout != "" || !strings.Contains(res.Stderr, "tutord: ") {
		t.Errorf("a wrong code: status %d, out %q, err %q", res.Code, res.Stdout, res.Stderr)
	}
}
