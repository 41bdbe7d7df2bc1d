package session

import (
	"strconv"
	"strings"
	"sync"
)

// maxCachedLines bounds the shared line cache. Its keys are the course's own words and a
// width, so a few hundred cover every screen in both languages at common widths.
const maxCachedLines = 512

// lineCache holds rendered lines that every session draws alike (the key hint line), so
// a first frame or a keypress does not style the same words again. It holds no session
// data: keys are interface text, a width and the theme.
type lineCache struct {
	mu    sync.Mutex
	lines map[string]string
}

// get returns the line for key, rendering it with render the first time. When the cache
// is full it starts over, which is cheap: entries are rebuilt on their next use.
func (c *lineCache) get(key string, render func() string) string {
	c.mu.Lock()
	s, ok := c.lines[key]
	c.mu.Unlock()
	if ok {
		return s
	}
	s = render()
	c.mu.Lock()
	if c.lines == nil || len(c.lines) >= maxCachedLines {
		c.lines = make(map[string]string)
	}
	c.lines[key] = s
	c.mu.Unlock()
	return s
}

// hintKey identifies a hint line: the hints, the width and the theme.
func hintKey(hs []hint, w int, plain bool) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(w))
	if plain {
		b.WriteByte('p')
	}
	for _, h := range hs {
		b.WriteByte(0)
		b.WriteString(h.key)
		b.WriteByte(1)
		b.WriteString(h.action)
	}
	return b.String()
}
