package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/metrics"
)

// TestReadyzTurnsOffWhenDraining: once Shutdown starts, /readyz says "not ready", so a load
// balancer stops sending new learners while sessions drain.
func TestReadyzTurnsOffWhenDraining(t *testing.T) {
	t.Parallel()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	gate := newGate(cfg.Limits, nil)
	defer gate.Close()
	sessions := &Sessions{}
	m := metrics.New(metrics.Options{Active: sessions.Active, Total: sessions.Total, Lessons: courseIDs(cat)})
	s := New(cfg, Deps{Catalog: cat, HostKey: signer, Gate: gate, Metrics: m, Sessions: sessions, Log: log.New(io.Discard)})
	h := m.Handler(s.Ready)
	get := func() int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		return rec.Code
	}
	if code := get(); code != http.StatusOK {
		t.Fatalf("/readyz before shutdown: %d", code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = s.Shutdown(ctx)
	if code := get(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining: %d, want 503", code)
	}
	select {
	case <-s.drained:
	default:
		t.Errorf("drained is not closed after Shutdown")
	}
}
