package limits

import (
	"testing"

	"tutord/internal/config"
)

// failOnce admits a connection from addr and releases it before it logs in: a handshake
// that failed.
func failOnce(t *testing.T, g *Gate, addr string) {
	t.Helper()
	mustAdmit(t, g, addr).Release()
}

// evictOnce fills the only handshake slot from addr and lets a newcomer from elsewhere
// evict it.
func evictOnce(t *testing.T, g *Gate, addr string) {
	t.Helper()
	a := admitWatched(t, g, addr)
	n := mustAdmit(t, g, "192.0.2.200:1")
	if *a.closed != Silent {
		t.Fatalf("not evicted: %v", *a.closed)
	}
	a.Release()
	n.Started()
	n.Release()
}

func TestPenaltiesGrowWhileItGoesOnAndAreForgotten(t *testing.T) {
	g, c := testGate(func(l *config.Limits) { l.MaxStartups = 1; l.PerSourceRate = 0 })
	defer g.Close()
	const siege = "203.0.113.7:1"
	for range 2 {
		evictOnce(t, g, siege)
	}
	mustAdmit(t, g, siege).Release() // 2 × 5 s pending, then a failed one: 12 s, not yet
	evictOnce(t, g, siege)           // 17 s: refused now
	if _, r := g.Admit(tcp(siege)); r != Penalized {
		t.Fatalf("after 3 evictions and a failure: %v, want penalized", r)
	}
	if g.Penalties() != 1 {
		t.Errorf("penalties %d, want 1", g.Penalties())
	}
	mustAdmit(t, g, "203.0.113.8:1").Release() // another address is not affected
	c.add(penaltyMin)
	// Refused for 15 s the first time; it goes on: 30 s the second.
	for range 3 {
		evictOnce(t, g, siege)
	}
	c.add(penaltyMin)
	if _, r := g.Admit(tcp(siege)); r != Penalized {
		t.Fatalf("second round, after 15 s: %v, want still penalized", r)
	}
	c.add(penaltyMin)
	a := mustAdmit(t, g, siege) // 30 s later
	a.Started()
	a.Release()

	// The siege is gone: the record goes, and the next round starts from 15 s again.
	c.add(penaltyForget)
	g.sweepNow()
	if _, _, n := g.Load(); n != 0 {
		t.Fatalf("after the siege: %d sources remembered, want 0", n)
	}
	for range 3 {
		evictOnce(t, g, siege)
	}
	c.add(penaltyMin)
	mustAdmit(t, g, siege).Release()
	if g.Penalties() != 3 {
		t.Errorf("penalties %d, want 3", g.Penalties())
	}
	if g.Refused()["penalized"] != 2 {
		t.Errorf("refused penalized %d, want 2", g.Refused()["penalized"])
	}
}

func TestPenaltiesOccasionalFailuresAreNotPenalized(t *testing.T) {
	g, c := testGate(func(l *config.Limits) { l.PerSourceRate = 0 })
	defer g.Close()
	for range 100 { // a failed login every 2 s, drained as fast as it comes
		failOnce(t, g, "198.51.100.1:1")
		c.add(penaltyFailed)
	}
	if g.Penalties() != 0 {
		t.Errorf("penalties %d, want 0", g.Penalties())
	}
	for range 8 { // eight at once: 16 s
		failOnce(t, g, "198.51.100.1:1")
	}
	if _, r := g.Admit(tcp("198.51.100.1:1")); r != Penalized {
		t.Errorf("eight failed at once: %v, want penalized", r)
	}
}

func TestPenaltiesCountAnIPv6Slash64AsOne(t *testing.T) {
	g, _ := testGate(func(l *config.Limits) { l.PerSourceRate = 0 })
	defer g.Close()
	for i := range 8 {
		failOnce(t, g, "[2001:db8:7:7::"+itoa(i+1)+"]:1")
	}
	if _, r := g.Admit(tcp("[2001:db8:7:7:ffff::1]:1")); r != Penalized {
		t.Errorf("same /64: %v, want penalized", r)
	}
	mustAdmit(t, g, "[2001:db8:7:8::1]:1").Release() // the next /64 is another source
}

func TestPenaltiesOff(t *testing.T) {
	g, _ := testGate(func(l *config.Limits) { l.PerSourceRate = 0; l.PerSourceConns = 0; l.PerSourcePenalties = false })
	defer g.Close()
	for range 50 {
		failOnce(t, g, "198.51.100.1:1")
	}
	if _, _, n := g.Load(); n != 0 || g.Penalties() != 0 {
		t.Errorf("penalties off: %d sources, %d penalties; want none", n, g.Penalties())
	}
}

func TestTimedOutCountsAsSilence(t *testing.T) {
	g, _ := testGate(func(l *config.Limits) { l.PerSourceRate = 0 })
	defer g.Close()
	for range 3 {
		a := mustAdmit(t, g, "198.51.100.9:1")
		a.TimedOut()
		a.Release()
	}
	if _, r := g.Admit(tcp("198.51.100.9:1")); r != Penalized {
		t.Errorf("three closed by the login grace: %v, want penalized", r)
	}
}
