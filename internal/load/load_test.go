package load

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

func TestOnlyLoopbackTargets(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:22", "127.8.9.10:2222", "[::1]:22", "localhost:2222"} {
		if err := checkLoopback(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"10.0.0.1:22", "0.0.0.0:22", "[::]:22", "example.com:22", "192.168.1.1:2222", "noport"} {
		if err := checkLoopback(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := Run(context.Background(), Config{Targets: []string{"external"}, Addr: "10.1.2.3:22", PID: 1}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("a non-loopback external target was not refused: %v", err)
	}
}

// TestClientAgainstTheFloor: the load client connects, sees the first frame, and times
// selection moves against the floor server in this process.
func TestClientAgainstTheFloor(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { _ = ServeFloor(ln) }()
	o := dialOptions{Addr: ln.Addr().String(), Term: "xterm-256color", W: 80, H: 24, Marker: "q quit", Wait: 10 * time.Second}
	c, err := dial(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Handshake <= 0 || c.FirstFrame <= 0 || c.Bytes() < int64(len(FloorScreen())) {
		t.Fatalf("handshake %v, first frame %v, %d bytes", c.Handshake, c.FirstFrame, c.Bytes())
	}
	for range 4 {
		lat, n, err := c.press(20*time.Millisecond, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if lat <= 0 || n != int64(len(markerMoves[0])) {
			t.Fatalf("press: %v, %d bytes", lat, n)
		}
	}
}

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	if p := pct(ds, 50); p != 50 {
		t.Errorf("p50 = %v", p)
	}
	if p := pct(ds, 99); p != 99 {
		t.Errorf("p99 = %v", p)
	}
	if p := pct(ds, 100); p != 100 {
		t.Errorf("max = %v", p)
	}
	if p := pct(nil, 99); p != 0 {
		t.Errorf("empty = %v", p)
	}
}
