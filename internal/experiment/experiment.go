// Package experiment runs the two-connection experiment: a learner's reference connection
// gets a short code, and a second connection (`compare CODE`) is compared with it live, to
// see which kinds of facts would let this server tell that both are the same person.
//
// Everything is in memory and short-lived: a code lives while its reference session is
// open and at most MaxAge; its facts are dropped when it ends or expires. Nothing is
// logged or counted per learner. Wrong codes are rate-limited per source with the room
// codes' limiter (classroom.Limiter), so codes cannot be guessed.
package experiment

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"tutord/internal/classroom"
	"tutord/internal/limits"
	"tutord/internal/mirror"
)

// Errors a learner may see; screens turn them into sentences.
var (
	ErrCodeFormat = errors.New("experiment: not an experiment code")
	ErrNoCode     = errors.New("experiment: no experiment with this code")
	ErrExpired    = errors.New("experiment: the experiment code has expired")
	ErrTooMany    = errors.New("experiment: too many wrong codes from this network")
	ErrSpent      = errors.New("experiment: this code has been used too often")
	ErrFull       = errors.New("experiment: the server has no room for another experiment")
)

// Limits of the experiment.
const (
	MaxAge      = 15 * time.Minute // a code is gone after this long, whatever happens
	CodeLen     = classroom.CodeLen
	MaxCompares = 20 // compares per code: enough to try every fix, too few to probe values
	JoinRate    = 20 // wrong codes per source per minute, as for rooms
)

// Config sets a registry up. Zero values take defaults.
type Config struct {
	// Now is the time source; nil means time.Now. Tests pass a fake.
	Now func() time.Time
	// Rand makes codes; nil means crypto/rand.
	Rand io.Reader
	// MaxRefs bounds the open experiments (default 10000).
	MaxRefs int
}

// Registry holds the open experiments of one server.
type Registry struct {
	now     func() time.Time
	rand    io.Reader
	max     int
	lim     *classroom.Limiter
	sources *limits.Sources

	mu   sync.Mutex
	refs map[string]*Ref
}

// New makes an empty registry.
func New(cfg Config) *Registry {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.MaxRefs <= 0 {
		cfg.MaxRefs = 10000
	}
	return &Registry{
		now: cfg.Now, rand: cfg.Rand, max: cfg.MaxRefs,
		lim:     classroom.NewLimiter(JoinRate, 1<<16, cfg.Now),
		sources: limits.NewSources(),
		refs:    map[string]*Ref{},
	}
}

// Open makes a code for a reference connection with these facts. notify, if not nil, is
// called (from the comparing session's goroutine; it must not block) after each compare,
// so the reference screen can show it.
func (r *Registry) Open(f mirror.Facts, notify func()) (*Ref, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sweep()
	if len(r.refs) >= r.max {
		return nil, ErrFull
	}
	for {
		c, err := classroom.NewCode(r.rand, CodeLen)
		if err != nil {
			return nil, fmt.Errorf("experiment: make a code: %w", err)
		}
		if _, used := r.refs[c]; used {
			continue
		}
		ref := &Ref{reg: r, code: c, opened: r.now(), notify: notify, facts: copyFacts(f)}
		r.refs[c] = ref
		return ref, nil
	}
}

// Len is the number of experiments open now (for tests and the audit).
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.refs)
}

// sweep drops expired experiments; r.mu is held.
func (r *Registry) sweep() {
	now := r.now()
	for c, ref := range r.refs {
		if ref.expiredAt(now) {
			ref.drop()
			delete(r.refs, c)
		}
	}
}

// SourceOf is the keyed hash of an address for the wrong-code limit.
func (r *Registry) SourceOf(addr net.Addr) limits.Source { return r.sources.Of(addr) }

// Result is one compare as the comparing screen sees it: this comparison and the one
// before it with the same code, if any.
type Result struct {
	Now  Comparison
	Prev *Comparison
	// N is the number of this compare with the code (1 for the first).
	N int
}

// Compare compares a second connection's facts with the reference behind code.
func (r *Registry) Compare(src limits.Source, code string, f mirror.Facts) (Result, error) {
	c, ok := classroom.NormalizeCode(code, CodeLen)
	if !ok {
		return Result{}, ErrCodeFormat
	}
	if !r.lim.Allow(src) {
		return Result{}, ErrTooMany
	}
	r.mu.Lock()
	ref := r.refs[c]
	if ref != nil && ref.expiredAt(r.now()) {
		ref.drop()
		delete(r.refs, c)
		r.mu.Unlock()
		return Result{}, ErrExpired
	}
	r.mu.Unlock()
	if ref == nil {
		r.lim.Fail(src)
		return Result{}, ErrNoCode
	}
	return ref.compare(&f)
}

// Ref is one reference connection's experiment. Only its own session holds it.
type Ref struct {
	reg    *Registry
	code   string
	opened time.Time
	notify func()

	mu      sync.Mutex
	facts   *mirror.Facts // nil once closed or expired
	history []Comparison
}

// Code is the experiment code.
func (x *Ref) Code() string { return x.code }

// Expires is when the code stops working.
func (x *Ref) Expires() time.Time { return x.opened.Add(MaxAge) }

// Expired reports whether the code no longer works (expired or closed).
func (x *Ref) Expired() bool {
	x.mu.Lock()
	gone := x.facts == nil
	x.mu.Unlock()
	return gone || x.expiredAt(x.reg.now())
}

func (x *Ref) expiredAt(now time.Time) bool { return !now.Before(x.Expires()) }

// SetWindow updates the reference's window size: the client sends every resize.
func (x *Ref) SetWindow(w, h int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.facts != nil {
		x.facts.Width, x.facts.Height = w, h
	}
}

// History is every compare made with this code so far, oldest first.
func (x *Ref) History() []Comparison {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]Comparison(nil), x.history...)
}

// Close ends the experiment: the code stops working and its facts are dropped.
func (x *Ref) Close() {
	x.reg.mu.Lock()
	if x.reg.refs[x.code] == x {
		delete(x.reg.refs, x.code)
	}
	x.reg.mu.Unlock()
	x.drop()
}

func (x *Ref) drop() {
	x.mu.Lock()
	x.facts, x.history = nil, nil
	x.mu.Unlock()
}

func (x *Ref) compare(f *mirror.Facts) (Result, error) {
	x.mu.Lock()
	if x.facts == nil {
		x.mu.Unlock()
		return Result{}, ErrExpired
	}
	if len(x.history) >= MaxCompares {
		x.mu.Unlock()
		return Result{}, ErrSpent
	}
	res := Result{Now: Compare(x.facts, f), N: len(x.history) + 1}
	if n := len(x.history); n > 0 {
		prev := x.history[n-1]
		res.Prev = &prev
	}
	x.history = append(x.history, res.Now)
	x.mu.Unlock()
	if x.notify != nil {
		x.notify()
	}
	return res, nil
}

// copyFacts is a deep copy: the reference keeps its own, whatever its session does.
func copyFacts(f mirror.Facts) *mirror.Facts {
	f.Keys = append([]mirror.Key(nil), f.Keys...)
	f.Env = append([]string(nil), f.Env...)
	return &f
}
