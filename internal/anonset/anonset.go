// Package anonset answers "how many look like you?" over the sessions connected right now.
// Each live session registers its weak facts (client version, TERM, window size, LANG, how
// many keys it offered, whether it asked for agent forwarding) when it starts and is removed
// when it ends; nothing else is kept, and nothing outlives the session. Counts are computed
// only when a screen asks, and are never stored, logged or exported.
//
// The k rule: a count below k is never handed out as a number. Size carries a count and
// gives the number only when it is at least k; a screen shows "fewer than k" otherwise.
package anonset

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"tutord/internal/mirror"
)

// DefaultK is the smallest group shown as a number unless the operator sets -anonymity-k.
const DefaultK = 5

// Facts are the weak facts of one session: each is shared by many people, and together
// they narrow who someone is. Zero values mean "not sent".
type Facts struct {
	Client        string // the SSH identification string
	Term          string
	Width, Height int
	Lang          string // the LANG value
	Keys          int    // public keys offered (0, 1 or more)
	Agent         bool   // agent forwarding was requested
}

// Format keeps Facts out of formatted output, as mirror.Facts does.
func (Facts) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte("anonset.Facts{redacted}")) }

// LogValue keeps Facts out of structured logs.
func (Facts) LogValue() slog.Value { return slog.StringValue("redacted") }

// FromMirror takes the weak facts out of what a connection revealed.
func FromMirror(f *mirror.Facts) Facts {
	if f == nil {
		return Facts{}
	}
	out := Facts{
		Client: f.Client, Term: f.Term, Width: f.Width, Height: f.Height,
		Keys: len(f.Keys) + f.KeysDropped, Agent: f.Agent,
	}
	for _, kv := range f.Env {
		if k, v, _ := strings.Cut(kv, "="); k == "LANG" {
			out.Lang = v
		}
	}
	return out
}

// Registry holds the weak facts of the sessions connected now. The zero value is not
// usable; make one with New. It is safe for concurrent use.
type Registry struct {
	k       int
	mu      sync.Mutex
	members map[*Member]struct{}
}

// New makes an empty registry with the k rule k (values below 2 become 2: a group of one
// is always someone).
func New(k int) *Registry {
	return &Registry{k: max(2, k), members: map[*Member]struct{}{}}
}

// K is the smallest group shown as a number.
func (r *Registry) K() int { return r.k }

// Member is one session's entry. A nil *Member is valid and counts nothing (no registry).
type Member struct {
	r *Registry
	f Facts // guarded by r.mu
}

// Join registers a live session's facts. Call Leave when the session ends.
func (r *Registry) Join(f Facts) *Member {
	if r == nil {
		return nil
	}
	m := &Member{r: r, f: f}
	r.mu.Lock()
	r.members[m] = struct{}{}
	r.mu.Unlock()
	return m
}

// Leave removes the session's facts.
func (m *Member) Leave() {
	if m == nil {
		return
	}
	m.r.mu.Lock()
	delete(m.r.members, m)
	m.r.mu.Unlock()
}

// Resize notes the session's new window size: the client sends every resize.
func (m *Member) Resize(w, h int) {
	if m == nil {
		return
	}
	m.r.mu.Lock()
	m.f.Width, m.f.Height = w, h
	m.r.mu.Unlock()
}

// Facts are the session's own facts, for its own screen.
func (m *Member) Facts() Facts {
	if m == nil {
		return Facts{}
	}
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	return m.f
}

// K is the registry's k; 0 for a nil member.
func (m *Member) K() int {
	if m == nil {
		return 0
	}
	return m.r.k
}

// Size is a count under the k rule. It gives its number only when the count is at least
// k, so a screen cannot show a smaller one by mistake.
type Size struct{ n, k int }

// Count is the number and true when it is at least k; 0 and false otherwise.
func (s Size) Count() (int, bool) {
	if s.k > 0 && s.n >= s.k { // the zero Size shows nothing
		return s.n, true
	}
	return 0, false
}

// Zero reports whether the group is empty.
func (s Size) Zero() bool { return s.n == 0 }

// K is the smallest count shown.
func (s Size) K() int { return s.k }

// Share is how many of the sessions connected now share one of this session's facts.
// Same counts this session too. Rest is the sessions that differ: when it is small, it
// is a small group too, so it is a Size of its own.
type Share struct{ Same, Rest Size }

// Sets are this session's anonymity sets now: of Total sessions, how many share each fact,
// and how many share all of them.
type Sets struct {
	Total                           Size
	Client, Term, Window, Lang, All Share
}

// Sets counts, now, the sessions that share each of this session's facts.
func (m *Member) Sets() Sets {
	if m == nil {
		return Sets{}
	}
	r := m.r
	r.mu.Lock()
	defer r.mu.Unlock()
	me := m.f
	var total, client, term, window, lang, all int
	for o := range r.members {
		f := o.f
		total++
		c, t, w, l := f.Client == me.Client, f.Term == me.Term, f.Width == me.Width && f.Height == me.Height, f.Lang == me.Lang
		client += b2i(c)
		term += b2i(t)
		window += b2i(w)
		lang += b2i(l)
		all += b2i(c && t && w && l)
	}
	share := func(n int) Share { return Share{Same: Size{n, r.k}, Rest: Size{total - n, r.k}} }
	return Sets{
		Total:  Size{total, r.k},
		Client: share(client), Term: share(term), Window: share(window), Lang: share(lang), All: share(all),
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
