package limits

import (
	"net"
	"testing"
	"time"

	"tutord/internal/config"
)

// gateOptions are the gate's limits from the server's settings, as the server maps them.
func gateOptions(lc config.Limits) GateOptions {
	return GateOptions{
		MaxConns: lc.MaxSessions, MaxStartups: lc.MaxStartups,
		PerSourceConns: lc.PerSourceConns, PerSourceRate: lc.PerSourceRate,
		Penalties: lc.PerSourcePenalties,
	}
}

func tcp(s string) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", s)
	if err != nil {
		panic(err)
	}
	return a
}

func testGate(mod func(*config.Limits)) (*Gate, *clock) {
	lc := config.Default().Limits
	mod(&lc)
	c := &clock{t: time.Unix(1_000_000, 0)}
	o := gateOptions(lc)
	o.Clock = c
	return NewGate(o), c
}

func mustAdmit(t *testing.T, g *Gate, addr string) *Ticket {
	t.Helper()
	tk, r := g.Admit(tcp(addr))
	if r != Admitted {
		t.Fatalf("%s refused: %v", addr, r)
	}
	return tk
}

func TestPerSourceConnectionsAreCountedPerSource(t *testing.T) {
	// No penalties: a ticket released before Started is a failed handshake, to be remembered.
	g, _ := testGate(func(l *config.Limits) { l.PerSourceConns = 3; l.PerSourceRate = 0; l.PerSourcePenalties = false })
	defer g.Close()
	var held []*Ticket
	for i := range 3 {
		held = append(held, mustAdmit(t, g, "127.0.0.2:"+itoa(4000+i)))
	}
	if _, r := g.Admit(tcp("127.0.0.2:5000")); r != SourceConns {
		t.Fatalf("4th connection from one source: %v, want %v", r, SourceConns)
	}
	other := mustAdmit(t, g, "127.0.0.3:4000") // another source is not affected
	other.Release()
	held[0].Release()
	held[0].Release() // twice is harmless
	mustAdmit(t, g, "127.0.0.2:5001").Release()
	for _, tk := range held[1:] {
		tk.Release()
	}
	if conns, starting, sources := g.Load(); conns != 0 || starting != 0 || sources != 0 {
		t.Errorf("after every release: conns %d, starting %d, sources %d; want all 0", conns, starting, sources)
	}
	if got := g.Refused()["source_conns"]; got != 1 {
		t.Errorf("refused source_conns = %d, want 1", got)
	}
}

func TestPerSourceRateRefillsOverAMinute(t *testing.T) {
	g, c := testGate(func(l *config.Limits) { l.PerSourceConns = 0; l.PerSourceRate = 6 })
	defer g.Close()
	for range 6 {
		mustAdmit(t, g, "127.0.0.2:1").Release()
	}
	if _, r := g.Admit(tcp("127.0.0.2:1")); r != SourceRate {
		t.Fatalf("7th connection in a minute: %v, want %v", r, SourceRate)
	}
	mustAdmit(t, g, "127.0.0.9:1").Release() // other sources have their own bucket
	c.add(10 * time.Second)                  // 6 a minute = one every 10 s
	mustAdmit(t, g, "127.0.0.2:1").Release()
	if _, r := g.Admit(tcp("127.0.0.2:1")); r != SourceRate {
		t.Fatalf("after one refill: %v, want %v", r, SourceRate)
	}
}

func TestIPv6CountsBySlash64(t *testing.T) {
	g, _ := testGate(func(l *config.Limits) { l.PerSourceConns = 1; l.PerSourceRate = 0 })
	defer g.Close()
	a := mustAdmit(t, g, "[2001:db8:1:2::1]:1")
	if _, r := g.Admit(tcp("[2001:db8:1:2:ffff::9]:2")); r != SourceConns {
		t.Errorf("same /64: %v, want %v", r, SourceConns)
	}
	b := mustAdmit(t, g, "[2001:db8:1:3::1]:1") // next /64
	c := mustAdmit(t, g, "[::ffff:192.0.2.1]:1")
	if _, r := g.Admit(tcp("192.0.2.1:7")); r != SourceConns {
		t.Errorf("IPv4-mapped and plain IPv4 are one source: %v, want %v", r, SourceConns)
	}
	a.Release()
	b.Release()
	c.Release()
}

func TestMaxStartupsCountsConnectionsNotLoggedIn(t *testing.T) {
	g, _ := testGate(func(l *config.Limits) { l.MaxStartups = 2 })
	defer g.Close()
	a := mustAdmit(t, g, "127.0.0.2:1")
	b := mustAdmit(t, g, "127.0.0.3:1")
	a.Saw([]byte("SSH-2.0-a\r\n")) // both under way: neither may be evicted
	b.Saw([]byte("SSH-2.0-b\r\n"))
	if _, r := g.Admit(tcp("127.0.0.4:1")); r != Busy {
		t.Fatalf("3rd login at once: %v, want %v", r, Busy)
	}
	a.Started()
	a.Started() // twice is harmless
	c := mustAdmit(t, g, "127.0.0.4:1")
	if !b.Starting() || a.Starting() {
		t.Errorf("Starting: a %v b %v, want false true", a.Starting(), b.Starting())
	}
	b.Release() // released while still logging in
	c.Release()
	a.Release()
	if conns, starting, _ := g.Load(); conns != 0 || starting != 0 {
		t.Errorf("conns %d starting %d, want 0 0", conns, starting)
	}
}

func TestMaxSessionsIsTheServerWideCap(t *testing.T) {
	g, _ := testGate(func(l *config.Limits) { l.MaxSessions = 2; l.PerSourceConns = 0; l.PerSourceRate = 0 })
	defer g.Close()
	a := mustAdmit(t, g, "127.0.0.2:1")
	a.Started()
	b := mustAdmit(t, g, "127.0.0.3:1")
	b.Started()
	if _, r := g.Admit(tcp("127.0.0.4:1")); r != Full {
		t.Fatalf("3rd connection: %v, want %v", r, Full)
	}
	a.Release()
	mustAdmit(t, g, "127.0.0.4:1").Release()
	b.Release()
}

func TestSourcesExpire(t *testing.T) {
	g, c := testGate(func(l *config.Limits) { l.PerSourceConns = 5; l.PerSourceRate = 60 })
	defer g.Close()
	for i := range 5 {
		mustAdmit(t, g, "127.0.0."+itoa(2+i)+":1").Release()
	}
	held := mustAdmit(t, g, "127.0.0.20:1")
	if _, _, n := g.Load(); n != 6 {
		t.Fatalf("sources = %d, want 6", n)
	}
	c.add(100 * time.Millisecond) // buckets not yet full again
	g.sweepNow()
	if _, _, n := g.Load(); n != 6 {
		t.Fatalf("shortly after: sources = %d, want 6 (buckets still refilling)", n)
	}
	c.add(time.Minute)
	g.sweepNow()
	if _, _, n := g.Load(); n != 1 {
		t.Fatalf("after a minute: sources = %d, want 1 (the one still connected)", n)
	}
	held.Release()
	c.add(time.Minute)
	g.sweepNow()
	g.mu.Lock()
	armed := g.sweep != nil
	g.mu.Unlock()
	if _, _, n := g.Load(); n != 0 || armed {
		t.Fatalf("at the end: sources = %d, sweep armed %v; want 0, false", n, armed)
	}
}

func TestSourceKeysAreKeyedHashes(t *testing.T) {
	g1, _ := testGate(func(*config.Limits) {})
	g2, _ := testGate(func(*config.Limits) {})
	a := tcp("198.51.100.7:22")
	if g1.hash.Of(a) == g2.hash.Of(a) {
		t.Error("two gates hash an address the same: the key is not random")
	}
	if g1.hash.Of(a) != g1.hash.Of(tcp("198.51.100.7:4444")) {
		t.Error("the port changes the key; sources must count by address")
	}
	k := g1.hash.Of(a)
	for _, b := range [][]byte{{198, 51, 100, 7}, []byte("198.51.100.7")} {
		if string(k[:len(b)]) == string(b) {
			t.Errorf("key starts with the address bytes %v", b)
		}
	}
}

func TestClosedGateRefuses(t *testing.T) {
	g, _ := testGate(func(*config.Limits) {})
	tk := mustAdmit(t, g, "127.0.0.2:1")
	g.Close()
	if _, r := g.Admit(tcp("127.0.0.2:2")); r == Admitted {
		t.Error("a closed gate admitted a connection")
	}
	tk.Release()
}

func itoa(i int) string {
	return string([]byte(func() []byte {
		if i == 0 {
			return []byte{'0'}
		}
		var b []byte
		for ; i > 0; i /= 10 {
			b = append([]byte{byte('0' + i%10)}, b...)
		}
		return b
	}()))
}
