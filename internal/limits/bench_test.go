package limits

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"tutord/internal/config"
)

// BenchmarkGateAdmit is the cost the gate adds to every connection: hash the source,
// check the caps, later release.
func BenchmarkGateAdmit(b *testing.B) {
	g := NewGate(gateOptions(config.Default().Limits))
	defer g.Close()
	addrs := make([]net.Addr, 256)
	for i := range addrs {
		addrs[i] = &net.TCPAddr{IP: net.IPv4(10, 0, byte(i), 1), Port: 40000 + i}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tk, r := g.Admit(addrs[i%len(addrs)])
		if r == Admitted {
			tk.Started()
			tk.Release()
		}
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) { return copy(p, bytes.Repeat([]byte("j"), len(p))), nil }

// BenchmarkInputFlood is what a flooding client costs past the input limit, per 32 KiB read.
func BenchmarkInputFlood(b *testing.B) {
	in := NewInput(io.LimitReader(endless{}, 1<<62), 512, 4096, func() {}, nil)
	buf := make([]byte, 32<<10)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		_, _ = in.Read(buf)
	}
}

func BenchmarkWatchdogInput(b *testing.B) {
	w := NewWatchdog(time.Hour, time.Hour, Events{}, nil)
	w.Start()
	defer w.Stop()
	for b.Loop() {
		w.Input()
	}
}

// BenchmarkGateEvict is the cost of admitting a newcomer while every handshake slot is
// held by a silent connection: find the oldest silent one, evict it, admit.
func BenchmarkGateEvict(b *testing.B) {
	o := gateOptions(config.Default().Limits)
	o.PerSourceRate, o.Penalties = 0, false
	g := NewGate(o)
	defer g.Close()
	addrs := make([]net.Addr, 256)
	for i := range addrs {
		addrs[i] = &net.TCPAddr{IP: net.IPv4(10, 0, byte(i), 1), Port: 40000 + i}
	}
	for i := range o.MaxStartups {
		if _, r := g.Admit(addrs[i%len(addrs)]); r != Admitted {
			b.Fatal(r)
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, r := g.Admit(addrs[i%len(addrs)]); r != Admitted {
			b.Fatal(r)
		}
	}
}
