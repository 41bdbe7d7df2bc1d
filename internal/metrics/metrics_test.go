package metrics

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func scrape(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

func newTest() *Metrics {
	var active, total int64 = 3, 10
	return New(Options{
		Active:  func() int64 { return active },
		Total:   func() int64 { return total },
		Rooms:   func() int { return 4 },
		Lessons: map[string][]string{"meanings": {"which", "sort"}, "terms": {"set"}},
	})
}

func TestEvictionsAndPenaltiesFromZero(t *testing.T) {
	ev := map[string]uint64{"silent": 0, "stalled": 0}
	var pen uint64
	m := New(Options{
		Evictions:      func() map[string]uint64 { return ev },
		Penalties:      func() uint64 { return pen },
		RefusalReasons: []string{"busy", "penalized"},
	})
	_, body := scrape(t, m.Handler(nil), "/metrics")
	for _, want := range []string{
		`tutord_connections_evicted_total{stage="silent"} 0`,
		`tutord_connections_evicted_total{stage="stalled"} 0`,
		`tutord_source_penalties_total 0`,
		`tutord_connections_refused_total{reason="penalized"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("before anything happened, no %q", want)
		}
	}
	ev["silent"], pen = 7, 2
	_, body = scrape(t, m.Handler(nil), "/metrics")
	for _, want := range []string{`tutord_connections_evicted_total{stage="silent"} 7`, `tutord_source_penalties_total 2`} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q", want)
		}
	}
}

func TestCountsWithKnownLabelsOnly(t *testing.T) {
	m := newTest()
	m.LessonOpened("meanings")
	m.LessonOpened("../../etc/passwd") // not a lesson: counted as other
	m.Answered("meanings", "which", true)
	m.Answered("meanings", "which", false)
	m.Answered("meanings", "nope", false)
	m.Answered("bogus", "which", true)
	m.QuizFinished("terms", true)
	m.Refused("server_full")
	m.Refused("Bad Reason 1.2.3.4")
	m.ObserveHandshake(20 * time.Millisecond)
	_, body := scrape(t, m.Handler(nil), "/metrics")
	for _, want := range []string{
		`tutord_sessions_active 3`,
		`tutord_sessions_total 10`,
		`tutord_rooms_open 4`,
		`tutord_lessons_opened_total{lesson="meanings"} 1`,
		`tutord_lessons_opened_total{lesson="other"} 1`,
		`tutord_lessons_opened_total{lesson="terms"} 0`,
		`tutord_answers_total{lesson="meanings",question="which",result="right"} 1`,
		`tutord_answers_total{lesson="meanings",question="which",result="wrong"} 1`,
		`tutord_answers_total{lesson="meanings",question="other",result="wrong"} 1`,
		`tutord_answers_total{lesson="other",question="other",result="right"} 1`,
		`tutord_answers_total{lesson="terms",question="set",result="wrong"} 0`,
		`tutord_lessons_finished_total{lesson="terms",result="passed"} 1`,
		`tutord_connections_refused_total{reason="server_full"} 1`,
		`tutord_connections_refused_total{reason="other"} 1`,
		`tutord_ssh_handshake_seconds_count 1`,
		`tutord_ssh_handshake_seconds_bucket{le="0.032"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	for _, bad := range []string{"passwd", "Bad Reason", "1.2.3.4", "nope", "bogus"} {
		if strings.Contains(body, bad) {
			t.Errorf("metrics contain %q", bad)
		}
	}
}

func TestRefusalReasonsAreBounded(t *testing.T) {
	m := newTest()
	for i := range 100 {
		m.Refused("reason_" + strings.Repeat("x", i%40))
	}
	_, body := scrape(t, m.Handler(nil), "/metrics")
	if n := strings.Count(body, "tutord_connections_refused_total{"); n > MaxReasons+1 {
		t.Errorf("%d refusal series, want at most %d", n, MaxReasons+1)
	}
}

func TestNilMetricsCountNothing(t *testing.T) {
	var m *Metrics
	m.LessonOpened("x")
	m.Answered("x", "y", true)
	m.QuizFinished("x", false)
	m.Refused("x")
	m.ObserveHandshake(time.Second)
}

// TestRegistriesAreSeparate: two servers in one process (as in tests) do not share or
// clash over metrics, because nothing is registered globally.
func TestRegistriesAreSeparate(t *testing.T) {
	a, b := newTest(), newTest()
	a.LessonOpened("meanings")
	_, body := scrape(t, b.Handler(nil), "/metrics")
	if !strings.Contains(body, `tutord_lessons_opened_total{lesson="meanings"} 0`) {
		t.Errorf("a count in one registry shows in another")
	}
}

func TestHealthAndReadiness(t *testing.T) {
	var ready atomic.Bool
	h := newTest().Handler(ready.Load)
	if code, body := scrape(t, h, "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, _ := scrape(t, h, "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz before ready: %d", code)
	}
	ready.Store(true)
	if code, body := scrape(t, h, "/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz: %d %q", code, body)
	}
	if code, _ := scrape(t, h, "/"); code != http.StatusNotFound {
		t.Errorf("/: %d", code)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/metrics", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /metrics: %d", rec.Code)
	}
}

func TestServeStopsWithTheContext(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, newTest().Handler(nil)) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the context ended")
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Errorf("still listening after stop")
	}
}

func TestListenNamesTheSetting(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Listen(ln.Addr().String())
	if err == nil || !strings.Contains(err.Error(), "-metrics "+ln.Addr().String()) {
		t.Errorf("got %v", err)
	}
}

// TestEveryReasonFromZero: each refusal reason and handshake failure has its series at
// zero before anything happened, so rate() and alerts work from the first scrape; the
// build is labelled on tutord_build_info.
func TestEveryReasonFromZero(t *testing.T) {
	m := New(Options{RefusalReasons: []string{"full", "source_rate", "proxy_untrusted"},
		Build: Build{Version: "v1.2.3", Revision: "abc", GoVersion: "go1.26.8"}})
	m.HandshakeFailed("timeout")
	m.HandshakeFailed("anything else")
	_, body := scrape(t, m.Handler(nil), "/metrics")
	for _, want := range []string{
		`tutord_connections_refused_total{reason="full"} 0`,
		`tutord_connections_refused_total{reason="source_rate"} 0`,
		`tutord_connections_refused_total{reason="proxy_untrusted"} 0`,
		`tutord_ssh_handshakes_failed_total{reason="timeout"} 1`,
		`tutord_ssh_handshakes_failed_total{reason="closed"} 0`,
		`tutord_ssh_handshakes_failed_total{reason="auth"} 0`,
		`tutord_ssh_handshakes_failed_total{reason="protocol"} 1`,
		`tutord_build_info{goversion="go1.26.8",revision="abc",version="v1.2.3"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// TestReloadedLessonsGetTheirLabels: after a reload the new course's lessons are counted
// under their own ids, from zero; a lesson gone keeps what it counted.
func TestReloadedLessonsGetTheirLabels(t *testing.T) {
	m := newTest()
	m.LessonOpened("meanings")
	m.LessonOpened("exports") // not in the course yet
	m.SetLessons(map[string][]string{"meanings": {"which"}, "exports": {"portable"}})
	m.LessonOpened("exports")
	m.Answered("exports", "portable", true)
	_, body := scrape(t, m.Handler(nil), "/metrics")
	for _, want := range []string{
		`tutord_lessons_opened_total{lesson="other"} 1`,
		`tutord_lessons_opened_total{lesson="exports"} 1`,
		`tutord_lessons_opened_total{lesson="meanings"} 1`,
		`tutord_lessons_opened_total{lesson="terms"} 0`,
		`tutord_answers_total{lesson="exports",question="portable",result="right"} 1`,
		`tutord_answers_total{lesson="exports",question="portable",result="wrong"} 0`,
		`tutord_lessons_finished_total{lesson="exports",result="passed"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
