package session

import (
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"
)

// maxCachedHints bounds the shared hint cache. Its keys are the course's own words, so a
// few hundred cover every screen in both languages.
const maxCachedHints = 512

// styledHint is one key hint styled for the screen ("enter choose"), with its width.
type styledHint struct {
	s string
	w int
}

// hintCache holds styled key hints that every session draws alike, so a first frame or a
// keypress does not style the same words again. Keys are interface text and the theme:
// no window size and nothing else of a session's, so nothing in it outlives a session
// that could tell of one.
type hintCache struct {
	mu    sync.Mutex
	hints map[string][]styledHint
}

// get returns hs and then tail styled by th, in one slice.
func (c *hintCache) get(th *theme, hs, tail []hint) []styledHint {
	key := hintKey(hs, tail, th.plain)
	c.mu.Lock()
	out, ok := c.hints[key]
	c.mu.Unlock()
	if ok {
		return out
	}
	out = make([]styledHint, 0, len(hs)+len(tail))
	for _, part := range [2][]hint{hs, tail} {
		for _, h := range part {
			s := th.key.Render(h.key) + " " + h.action
			out = append(out, styledHint{s: s, w: ansi.StringWidth(s)})
		}
	}
	c.mu.Lock()
	if c.hints == nil || len(c.hints) >= maxCachedHints {
		c.hints = make(map[string][]styledHint) // start over: entries come back on use
	}
	c.hints[key] = out
	c.mu.Unlock()
	return out
}

func hintKey(hs, tail []hint, plain bool) string {
	var b strings.Builder
	if plain {
		b.WriteByte('p')
	}
	for _, part := range [2][]hint{hs, tail} {
		b.WriteByte(2)
		for _, h := range part {
			b.WriteByte(0)
			b.WriteString(h.key)
			b.WriteByte(1)
			b.WriteString(h.action)
		}
	}
	return b.String()
}
