// Package metrics counts what the server does, never who uses it: sessions, lessons opened
// and finished, answers right and wrong per question, rooms, refused connections and
// handshake times, in Prometheus format, with /healthz and /readyz beside them.
//
// No label holds anything that came from a learner: lesson and question ids are checked
// against the course, refusal reasons against a fixed shape, and anything else is counted
// as "other". Each Metrics has its own registry; nothing is global.
package metrics

import (
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Other is the label value for anything not known in advance.
const Other = "other"

// MaxReasons bounds the number of distinct refusal reasons, so a bug that passes varying
// text cannot grow the metrics without end.
const MaxReasons = 32

// Options are what the metrics read from the rest of the server.
type Options struct {
	// Active and Total report sessions running now and started since the start.
	Active, Total func() int64
	// Rooms reports how many classroom rooms are open.
	Rooms func() int
	// Evictions reports how many connections were evicted to make room for newcomers, by
	// stage; the stages it returns at New are the label values, each from zero. Penalties
	// reports how many times a source began to be refused. Both count events, never which
	// source; nil: none.
	Evictions func() map[string]uint64
	Penalties func() uint64
	// RefusalReasons are the refusal reasons known in advance, counted from zero.
	RefusalReasons []string
	// Lessons maps each lesson id of the course to its question ids: the only values the
	// lesson and question labels may take.
	Lessons map[string][]string
	// Build labels tutord_build_info.
	Build Build
}

// Build is what tutord_build_info says about the binary.
type Build struct{ Version, Revision, GoVersion string }

// HandshakeFailures are the reasons tutord_ssh_handshakes_failed_total counts by.
var handshakeFailures = []string{"timeout", "closed", "auth", "protocol"}

// Metrics is the server's set of metrics. A nil *Metrics is valid and counts nothing, so
// callers need no checks when metrics are off.
type Metrics struct {
	reg *prometheus.Registry

	opened    *prometheus.CounterVec
	finished  *prometheus.CounterVec
	answers   *prometheus.CounterVec
	refused   *prometheus.CounterVec
	failed    *prometheus.CounterVec
	handshake prometheus.Histogram

	// questions holds the course's lesson and question ids, the label values allowed;
	// SetLessons replaces it when the course is reloaded.
	questions atomic.Pointer[map[string]map[string]bool]

	mu      sync.Mutex
	reasons map[string]bool
}

// New registers every metric on a registry of its own.
func New(o Options) *Metrics {
	m := &Metrics{
		reg:     prometheus.NewRegistry(),
		reasons: map[string]bool{},
		opened: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tutord_lessons_opened_total",
			Help: "Lessons opened in the app or with the read command.",
		}, []string{"lesson"}),
		finished: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tutord_lessons_finished_total",
			Help: "Lesson quizzes taken to the end, by whether they were passed.",
		}, []string{"lesson", "result"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tutord_answers_total",
			Help: "First answers to quiz questions, right or wrong.",
		}, []string{"lesson", "question", "result"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tutord_connections_refused_total",
			Help: "Connections or sessions refused, by reason.",
		}, []string{"reason"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tutord_ssh_handshakes_failed_total",
			Help: "SSH handshakes that did not end in a login, by reason: timeout (the login grace), closed (the client went), auth (too many attempts), protocol (anything else).",
		}, []string{"reason"}),
		handshake: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "tutord_ssh_handshake_seconds",
			Help:    "Time from accepting a TCP connection to a logged-in SSH connection.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14), // 1 ms to 8 s
		}),
	}
	zero := func() int64 { return 0 }
	if o.Active == nil {
		o.Active = zero
	}
	if o.Total == nil {
		o.Total = zero
	}
	if o.Rooms == nil {
		o.Rooms = func() int { return 0 }
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "tutord_sessions_active",
			Help: "SSH sessions running now.",
		}, func() float64 { return float64(o.Active()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "tutord_sessions_total",
			Help: "SSH sessions started since the server started.",
		}, func() float64 { return float64(o.Total()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "tutord_rooms_open",
			Help: "Classroom rooms open now.",
		}, func() float64 { return float64(o.Rooms()) }),
		m.opened, m.finished, m.answers, m.refused, m.failed, m.handshake,
		buildInfo(o.Build),
	)
	if o.Evictions != nil {
		for stage := range o.Evictions() {
			if !reasonShape.MatchString(stage) {
				continue
			}
			m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name:        "tutord_connections_evicted_total",
				Help:        "Connections in the handshake closed to make room for a newcomer, by how far they had come (silent: no SSH version line; stalled: nothing sent for a while).",
				ConstLabels: prometheus.Labels{"stage": stage},
			}, func() float64 { return float64(o.Evictions()[stage]) }))
		}
	}
	if o.Penalties != nil {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "tutord_source_penalties_total",
			Help: "Times a source began to be refused because its connections kept getting nowhere (its refused connections count as reason=\"penalized\").",
		}, func() float64 { return float64(o.Penalties()) }))
	}
	// Refusal reasons the server knows start at zero too; others appear when counted.
	for _, r := range o.RefusalReasons {
		if reasonShape.MatchString(r) {
			m.reasons[r] = true
			m.refused.WithLabelValues(r)
		}
	}
	for _, r := range handshakeFailures {
		m.failed.WithLabelValues(r)
	}
	m.SetLessons(o.Lessons)
	return m
}

// SetLessons makes lessons (lesson id → question ids) the label values the lesson and
// question labels may take, each series from zero so rates work from the first scrape.
// A reload calls it with the new course; series of lessons gone keep their counts.
func (m *Metrics) SetLessons(lessons map[string][]string) {
	if m == nil {
		return
	}
	known := make(map[string]map[string]bool, len(lessons))
	for lesson, qs := range lessons {
		known[lesson] = map[string]bool{}
		m.opened.WithLabelValues(lesson)
		for _, r := range []string{"passed", "failed"} {
			m.finished.WithLabelValues(lesson, r)
		}
		for _, q := range qs {
			known[lesson][q] = true
			for _, r := range []string{"right", "wrong"} {
				m.answers.WithLabelValues(lesson, q, r)
			}
		}
	}
	m.questions.Store(&known)
}

// Registry is the registry the metrics are served from.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// lesson returns id if it is a lesson of the course, else Other.
func (m *Metrics) lesson(id string) string {
	if _, ok := (*m.questions.Load())[id]; ok {
		return id
	}
	return Other
}

// LessonOpened counts a lesson being opened (session.Events).
func (m *Metrics) LessonOpened(lesson string) {
	if m == nil {
		return
	}
	m.opened.WithLabelValues(m.lesson(lesson)).Inc()
}

// QuizFinished counts a quiz taken to the end (session.Events).
func (m *Metrics) QuizFinished(lesson string, passed bool) {
	if m == nil {
		return
	}
	m.finished.WithLabelValues(m.lesson(lesson), pick(passed, "passed", "failed")).Inc()
}

// Answered counts the first answer to a question (session.Events).
func (m *Metrics) Answered(lesson, question string, right bool) {
	if m == nil {
		return
	}
	l, q := m.lesson(lesson), Other
	if (*m.questions.Load())[l][question] {
		q = question
	}
	m.answers.WithLabelValues(l, q, pick(right, "right", "wrong")).Inc()
}

var reasonShape = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// Refused counts a refused connection or session. reason is a fixed word chosen by the
// code that refuses ("server_full", "rate_limited", ...), never text from a client.
func (m *Metrics) Refused(reason string) {
	if m == nil {
		return
	}
	m.refused.WithLabelValues(m.reason(reason)).Inc()
}

// reason is the label for a refusal reason: the word itself while it has the shape of one
// and there are not too many, else Other.
func (m *Metrics) reason(reason string) string {
	if !reasonShape.MatchString(reason) {
		return Other
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.reasons[reason] {
		if len(m.reasons) >= MaxReasons {
			return Other
		}
		m.reasons[reason] = true
	}
	return reason
}

// HandshakeFailed counts an SSH handshake that did not end in a login; reason is one of
// timeout, closed, auth, protocol (anything else counts as protocol).
func (m *Metrics) HandshakeFailed(reason string) {
	if m == nil {
		return
	}
	known := false
	for _, r := range handshakeFailures {
		known = known || r == reason
	}
	if !known {
		reason = "protocol"
	}
	m.failed.WithLabelValues(reason).Inc()
}

// buildInfo is the constant 1 labelled with the binary's version, as Prometheus
// exporters do, so dashboards can show which version each replica runs.
func buildInfo(b Build) prometheus.Collector {
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "tutord_build_info",
		Help:        "Always 1; the labels say which tutord build this is.",
		ConstLabels: prometheus.Labels{"version": b.Version, "revision": b.Revision, "goversion": b.GoVersion},
	})
	g.Set(1)
	return g
}

// ObserveHandshake records how long one SSH handshake and login took.
func (m *Metrics) ObserveHandshake(d time.Duration) {
	if m == nil {
		return
	}
	m.handshake.Observe(d.Seconds())
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
