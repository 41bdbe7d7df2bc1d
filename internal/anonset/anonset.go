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
	"slices"
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

// The class view: what a room's SSH clients told the server, as groups.

// Dim is one fact the class view groups by.
type Dim uint8

// The facts of the class view, in the order it shows them.
const (
	DimKeys Dim = iota
	DimAgent
	DimLang
	DimClient
	DimWindow
	nDims
)

// Group values with a meaning of their own; a screen names them in its language. Other
// values are shown as sent (cleaned): a client version, a language code, a window size.
const (
	NoKeys      = "0"
	OneKey      = "1"
	SeveralKeys = "2+"
	AgentYes    = "yes"
	AgentNo     = "no"
	NoLang      = "" // LANG not sent
)

// Value is the group f falls in for d.
func Value(d Dim, f Facts) string {
	switch d {
	case DimKeys:
		switch {
		case f.Keys == 0:
			return NoKeys
		case f.Keys == 1:
			return OneKey
		}
		return SeveralKeys
	case DimAgent:
		if f.Agent {
			return AgentYes
		}
		return AgentNo
	case DimLang:
		// The language, not the whole value: "de_AT.UTF-8" and "de_DE.UTF-8" are both
		// German, and a finer group would more often be a group of one.
		l, _, _ := strings.Cut(f.Lang, ".")
		l, _, _ = strings.Cut(l, "@")
		l, _, _ = strings.Cut(l, "_")
		return mirror.Clean(l, 16)
	case DimClient:
		return mirror.Clean(f.Client, 60)
	case DimWindow:
		return fmt.Sprintf("%dx%d", f.Width, f.Height)
	}
	return ""
}

// Group is one value and how many share it: always at least k.
type Group struct {
	Value string
	Size  Size
}

// Spread is how a room divides by one fact: the groups of at least k, largest first, and
// the rest folded together.
type Spread struct {
	Groups []Group
	// Other is every smaller group folded together; Zero when none was. When the
	// folded groups alone would be fewer than k, the smallest shown groups are folded in
	// too, until Other is at least k (or holds everyone): otherwise the total less the
	// shown groups would give the small count away.
	Other Size
}

// Find is the index of the group with value v, or -1 when v is in Other.
func (s Spread) Find(v string) int {
	for i, g := range s.Groups {
		if g.Value == v {
			return i
		}
	}
	return -1
}

// Class is a room's anonymity sets: the spread of each fact over its students now.
type Class struct {
	Total Size
	Dims  [nDims]Spread
}

// Of returns the spread for d.
func (c Class) Of(d Dim) Spread { return c.Dims[d] }

// Dims lists the facts of the class view in order.
func Dims() []Dim { return []Dim{DimKeys, DimAgent, DimLang, DimClient, DimWindow} }

// ClassOf groups the facts of a room's students under the k rule. It keeps nothing.
func ClassOf(k int, facts []Facts) Class {
	k = max(2, k)
	c := Class{Total: Size{len(facts), k}}
	for _, d := range Dims() {
		counts := map[string]int{}
		for _, f := range facts {
			counts[Value(d, f)]++
		}
		c.Dims[d] = fold(k, counts)
	}
	return c
}

// fold builds a spread: groups below k go into Other, and then, while Other is nonzero
// but below k, the smallest shown group goes in too.
func fold(k int, counts map[string]int) Spread {
	var groups []Group
	other := 0
	for v, n := range counts {
		if n >= k {
			groups = append(groups, Group{Value: v, Size: Size{n, k}})
		} else {
			other += n
		}
	}
	// Largest first; equal sizes by value, so the order does not depend on the map.
	slices.SortFunc(groups, func(a, b Group) int {
		if a.Size.n != b.Size.n {
			return b.Size.n - a.Size.n
		}
		return strings.Compare(a.Value, b.Value)
	})
	for other > 0 && other < k && len(groups) > 0 {
		other += groups[len(groups)-1].Size.n
		groups = groups[:len(groups)-1]
	}
	return Spread{Groups: groups, Other: Size{other, k}}
}
