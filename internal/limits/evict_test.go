package limits

import (
	"testing"
	"time"

	"tutord/internal/config"
)

// admitted is a ticket with a record of its eviction.
type admitted struct {
	*Ticket
	closed *Stage
}

func admitWatched(t *testing.T, g *Gate, addr string) admitted {
	t.Helper()
	tk := mustAdmit(t, g, addr)
	a := admitted{Ticket: tk}
	a.closed = new(Stage)
	*a.closed = -1
	tk.OnEvict(func(s Stage) { *a.closed = s })
	return a
}

func TestEvictionTakesTheOldestSilentFirst(t *testing.T) {
	g, _ := testGate(func(l *config.Limits) { l.MaxStartups = 3 })
	defer g.Close()
	busy := admitWatched(t, g, "127.0.0.2:1")
	busy.Saw([]byte("SSH-2.0-x\r\n")) // under way
	old := admitWatched(t, g, "127.0.0.3:1")
	young := admitWatched(t, g, "127.0.0.4:1")
	young.Saw([]byte("SSH-2.0")) // half a line is still silent

	n := admitWatched(t, g, "127.0.0.5:1")
	if *old.closed != Silent || *young.closed != -1 || *busy.closed != -1 {
		t.Fatalf("after a newcomer: old %v young %v busy %v; want only old evicted (silent)", *old.closed, *young.closed, *busy.closed)
	}
	if !old.Evicted() || old.Starting() {
		t.Error("the evicted ticket still holds a place")
	}
	old.Release() // the server closes it and releases: no double count
	n2 := admitWatched(t, g, "127.0.0.6:1")
	if *young.closed != Silent {
		t.Errorf("second newcomer: young %v, want evicted", *young.closed)
	}
	if conns, starting, _ := g.Load(); conns != 3 || starting != 3 {
		t.Errorf("conns %d starting %d, want 3 3", conns, starting)
	}
	if ev := g.Evictions(); ev["silent"] != 2 || ev["stalled"] != 0 {
		t.Errorf("evictions %v", ev)
	}
	for _, a := range []admitted{busy, young, n, n2} {
		a.Release()
	}
}

func TestStalledAreEvictedFromTheSourceHoldingMost(t *testing.T) {
	g, c := testGate(func(l *config.Limits) { l.MaxStartups = 4 })
	defer g.Close()
	line := []byte("SSH-2.0-x\r\n")
	lone := admitWatched(t, g, "127.0.0.2:1") // oldest, alone on its source
	lone.Saw(line)
	var pair []admitted
	for i := range 2 {
		a := admitWatched(t, g, "127.0.0.3:"+itoa(i+1))
		a.Saw(line)
		pair = append(pair, a)
	}
	slow := admitWatched(t, g, "127.0.0.4:1")
	slow.Saw(line)

	// Nothing has stalled yet: the newcomer is refused.
	if _, r := g.Admit(tcp("127.0.0.9:1")); r != Busy {
		t.Fatalf("all under way: %v, want busy", r)
	}
	c.add(stallAfter)
	slow.Saw([]byte{0}) // still talking
	n := admitWatched(t, g, "127.0.0.9:2")
	if *pair[0].closed != Stalled || *lone.closed != -1 || *slow.closed != -1 {
		t.Fatalf("evicted: lone %v pair %v/%v slow %v; want the pair's oldest", *lone.closed, *pair[0].closed, *pair[1].closed, *slow.closed)
	}
	n.Saw(line)
	n2 := admitWatched(t, g, "127.0.0.9:3")
	// Ties go to the oldest: lone (1 stalled) and pair[1] (1 stalled).
	if *lone.closed != Stalled {
		t.Errorf("tie: lone %v, pair[1] %v; want lone, the oldest", *lone.closed, *pair[1].closed)
	}
	for _, a := range []admitted{pair[0], pair[1], slow, n, n2, lone} {
		a.Release()
	}
	if conns, starting, _ := g.Load(); conns != 0 || starting != 0 {
		t.Errorf("conns %d starting %d, want 0 0", conns, starting)
	}
}

func TestLoggedInAreNeverEvicted(t *testing.T) {
	g, c := testGate(func(l *config.Limits) { l.MaxSessions = 2; l.MaxStartups = 2 })
	defer g.Close()
	in := admitWatched(t, g, "127.0.0.2:1")
	in.Started()
	silent := admitWatched(t, g, "127.0.0.3:1")
	c.add(time.Hour)
	// Full: the silent one goes, the logged-in one stays.
	n := admitWatched(t, g, "127.0.0.4:1")
	if *silent.closed != Silent || *in.closed != -1 {
		t.Fatalf("silent %v logged in %v", *silent.closed, *in.closed)
	}
	n.Started()
	if _, r := g.Admit(tcp("127.0.0.5:1")); r != Full {
		t.Errorf("full of logged-in connections: %v, want full", r)
	}
	in.Release()
	n.Release()
	silent.Release()
}

func TestVersionLineAfterOtherLines(t *testing.T) {
	g, _ := testGate(func(l *config.Limits) {})
	defer g.Close()
	a := mustAdmit(t, g, "127.0.0.2:1")
	defer a.Release()
	for _, chunk := range []string{"hello\r\n", "SS", "X-not\n", "S", "SH-2.0-ok", "\r", "\n"} {
		if a.version.Load() {
			t.Fatalf("version seen before %q", chunk)
		}
		a.Saw([]byte(chunk))
	}
	if !a.version.Load() {
		t.Error("version line not seen")
	}
}
