package server_test

import (
	"strings"
	"testing"
	"time"

	"tutord/internal/sshtest"
)

// waitMetric polls /metrics until it holds every line in want (the counters move when the
// server has seen the connection end, after the client did).
func waitMetric(t *testing.T, addr string, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(sshtest.Timeout)
	for {
		_, body := scrape(t, addr, "/metrics")
		missing := ""
		for _, w := range want {
			if !strings.Contains(body, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics lack %q after %v:\n%s", missing, sshtest.Timeout, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFailedHandshakesAndRefusalsAreCountedFromZero: every refusal reason and every kind
// of failed handshake has its series before anything happened; a client that sends garbage
// and one that leaves before its version line are counted by what went wrong.
func TestFailedHandshakesAndRefusalsAreCountedFromZero(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, withMetrics)
	_, body := scrape(t, srv.MetricsAddr, "/metrics")
	for _, want := range []string{
		`tutord_connections_refused_total{reason="full"} 0`,
		`tutord_connections_refused_total{reason="busy"} 0`,
		`tutord_connections_refused_total{reason="source_conns"} 0`,
		`tutord_connections_refused_total{reason="source_rate"} 0`,
		`tutord_connections_refused_total{reason="proxy_untrusted"} 0`,
		`tutord_connections_refused_total{reason="proxy_invalid"} 0`,
		`tutord_ssh_handshakes_failed_total{reason="timeout"} 0`,
		`tutord_ssh_handshakes_failed_total{reason="closed"} 0`,
		`tutord_ssh_handshakes_failed_total{reason="auth"} 0`,
		`tutord_ssh_handshakes_failed_total{reason="protocol"} 0`,
		`tutord_build_info{`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics before any connection lack %q", want)
		}
	}
	c := dialTCP(t, srv, good)
	// A version line, then a packet no SSH client sends (its length is 4 GiB).
	if _, err := c.Write([]byte("SSH-2.0-garbage\r\n" + strings.Repeat("\xff", 64))); err != nil {
		t.Fatal(err)
	}
	waitClosed(t, c, "a client sending garbage")
	dialTCP(t, srv, good).Close()
	waitMetric(t, srv.MetricsAddr,
		`tutord_ssh_handshakes_failed_total{reason="protocol"} 1`,
		`tutord_ssh_handshakes_failed_total{reason="closed"} 1`)
}
