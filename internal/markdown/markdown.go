// Package markdown renders lesson Markdown for a terminal width and shares the result: a
// lesson at a given width and style is rendered once and reused by every session (bounded
// cache), not once per learner.
package markdown

import (
	"container/list"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

// Style is a look for rendered Markdown.
type Style uint8

// The styles. Colour is written in full and downsampled per session by the terminal
// renderer, so there is no per-profile style; Plain is for screen readers and dumb
// terminals: ASCII only, no colour, no box drawing.
const (
	Dark Style = iota
	Light
	Plain
)

// Wrap bounds: below MinWidth glamour's margins leave no room; above MaxWidth lines get too
// long to read, and every distinct width would be another cache entry.
const (
	MinWidth = 20
	MaxWidth = 100
)

// Key names one rendering.
type Key struct {
	Doc   string // what is rendered, e.g. "en/meanings"
	Width int
	Style Style
}

// Renderer renders and caches. It is safe for concurrent use.
type Renderer struct {
	mu      sync.Mutex
	max     int
	entries map[Key]*list.Element
	lru     *list.List
	accent  string
}

type entry struct {
	key   Key
	once  sync.Once
	lines []string
	err   error
}

// New returns a renderer that keeps at most maxEntries renderings. accent is a colour
// ("#RRGGBB" or an ANSI number) for headings; empty keeps the default.
func New(maxEntries int, accent string) *Renderer {
	if maxEntries < 1 {
		maxEntries = 1
	}
	return &Renderer{max: maxEntries, entries: map[Key]*list.Element{}, lru: list.New(), accent: accent}
}

// ClampWidth turns a window width into the wrap width used as a cache key.
func ClampWidth(w int) int { return max(MinWidth, min(MaxWidth, w)) }

// Render returns md rendered at key.Width as lines. Concurrent calls for the same key wait
// for one rendering. The returned slice is shared: callers must not modify it.
func (r *Renderer) Render(key Key, md string) ([]string, error) {
	key.Width = ClampWidth(key.Width)
	r.mu.Lock()
	el, ok := r.entries[key]
	if ok {
		r.lru.MoveToFront(el)
	} else {
		el = r.lru.PushFront(&entry{key: key})
		r.entries[key] = el
		for r.lru.Len() > r.max {
			old := r.lru.Back()
			r.lru.Remove(old)
			delete(r.entries, old.Value.(*entry).key)
		}
	}
	e := el.Value.(*entry)
	r.mu.Unlock()
	e.once.Do(func() { e.lines, e.err = r.render(key, md) })
	return e.lines, e.err
}

// Len is the number of cached renderings.
func (r *Renderer) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lru.Len()
}

func (r *Renderer) render(key Key, md string) ([]string, error) {
	tr, err := glamour.NewTermRenderer(
		glamour.WithStyles(r.styleConfig(key.Style)),
		glamour.WithWordWrap(key.Width-itemIndent),
	)
	if err != nil {
		return nil, fmt.Errorf("markdown renderer: %w", err)
	}
	out, err := tr.Render(keepDots(keepURLHyphens(md)))
	if err != nil {
		return nil, fmt.Errorf("render %s at %d columns: %w", key.Doc, key.Width, err)
	}
	out = strings.NewReplacer(dotStandIn, ".", hyphenStandIn, "-").Replace(out)
	if key.Style == Plain {
		out = osc.ReplaceAllString(out, "")
	}
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = trimPadding(l)
	}
	return hangIndent(lines), nil
}

// Glamour wraps list items (not paragraphs) at any "." or ",", so a source at 40 columns
// read "v0." / "34" and "6." / "1.2" though the number fits on the next line. keepDots
// hands glamour the dots inside a word (a dot followed by a letter or digit) as a
// stand-in of the same width that is no break point, and Render puts the dots back.
// Addresses (a word with "://") keep their dots as break points: they are often longer
// than the line, and a break after a dot reads better than one at an arbitrary column.
const dotStandIn = "\u2024" // ONE DOT LEADER: one column, never in lesson text

var (
	innerDot = regexp.MustCompile(`\.([\p{L}\p{N}])`)
	word     = regexp.MustCompile(`[^\s]+`)
)

func keepDots(md string) string {
	return word.ReplaceAllStringFunc(md, func(w string) string {
		if strings.Contains(w, "://") {
			return w
		}
		return innerDot.ReplaceAllString(w, dotStandIn+"$1")
	})
}

// The wrap glamour uses breaks after any "-", so "https://tb-manual.torproject.org" read
// "https://tb-" / "manual.torproject.org", and a learner copying it got a wrong address.
// keepURLHyphens hands glamour the hyphens of a bare address as a one-column stand-in that
// is no break point, and Render puts them back (in the text and in the OSC 8 hyperlink).
// The address is passed as a CommonMark autolink <...>: GFM's linkify only knows ASCII
// and would stop at the stand-in; both forms render the same. An address is then broken
// where it has other break points (dots in list items) or, longer than the line, hard.
const hyphenStandIn = "\u2011" // NON-BREAKING HYPHEN: one column, never in lesson text

var (
	urlStart = regexp.MustCompile(`(?i)\b(https?|ftp)://`)
	fence    = regexp.MustCompile("^ {0,3}(```|~~~)")
)

func keepURLHyphens(md string) string {
	lines := strings.Split(md, "\n")
	inFence := false
	for i, l := range lines {
		if fence.MatchString(l) {
			inFence = !inFence
			continue
		}
		// Code (fenced, or indented and no nested list item) shows addresses verbatim.
		if inFence || !strings.Contains(l, "://") || strings.HasPrefix(l, "    ") && !listItemSource.MatchString(l) {
			continue
		}
		lines[i] = word.ReplaceAllStringFunc(l, urlWord)
	}
	return strings.Join(lines, "\n")
}

// listItemSource matches the start of a list item in the source, which may be indented.
var listItemSource = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s`)

// urlWord rewrites one word holding a bare address; links in other Markdown syntax (code
// spans, [text](url), <url>) are left as they are.
func urlWord(w string) string {
	if !strings.Contains(w, "-") || strings.ContainsAny(w, "`[]<>") {
		return w
	}
	loc := urlStart.FindStringIndex(w)
	if loc == nil {
		return w
	}
	pre, u := w[:loc[0]], w[loc[0]:]
	// Trailing punctuation ends the sentence, not the address; a ")" belongs to the
	// address only when it closes a "(" inside it.
	end := len(u)
	for end > 0 {
		c := u[end-1]
		if strings.IndexByte(".,;:!?'\"*_", c) >= 0 ||
			c == ')' && strings.Count(u[:end], ")") > strings.Count(u[:end], "(") {
			end--
			continue
		}
		break
	}
	u, post := u[:end], u[end:]
	if !strings.Contains(u, "-") {
		return w
	}
	return pre + "<" + strings.ReplaceAll(u, "-", hyphenStandIn) + ">" + post
}

// listItem matches the start of a rendered list item: a bullet or a number.
var listItem = regexp.MustCompile(`^(• |- |\d+\. )`)

// itemIndent is how far list-item continuation lines are indented. Glamour does not
// indent them, so the text is rendered itemIndent columns narrower and the indent added
// afterwards; re-wrapping instead would split URLs and words glamour already broke.
const itemIndent = 2

// hangIndent indents the continuation lines of list items so they line up under the text,
// not under the bullet.
func hangIndent(lines []string) []string {
	pad := strings.Repeat(" ", itemIndent)
	inItem := false
	for i, l := range lines {
		plain := ansi.Strip(l)
		switch {
		case strings.TrimSpace(plain) == "":
			inItem = false
		case listItem.MatchString(plain):
			inItem = true
		case inItem:
			lines[i] = pad + l
		}
	}
	return lines
}

var (
	// osc matches OSC sequences such as hyperlinks (ESC ] ... BEL or ESC \\).
	osc = regexp.MustCompile("\x1b\\][^\x07\x1b]*(\x07|\x1b\\\\)")
	// padding matches the run of styled spaces glamour pads every line with.
	padding = regexp.MustCompile("(\x1b\\[[0-9;]*m| )+$")
)

// trimPadding drops trailing spaces and the styling around them, closing any open style.
func trimPadding(l string) string {
	t := padding.ReplaceAllString(l, "")
	if strings.Contains(t, "\x1b[") {
		t += "\x1b[m"
	}
	return t
}

func (r *Renderer) styleConfig(s Style) gansi.StyleConfig {
	var cfg gansi.StyleConfig
	switch s {
	case Light:
		cfg = styles.LightStyleConfig
	case Plain:
		cfg = styles.ASCIIStyleConfig
		// Markers like ** and • read out as noise on a screen reader; plain means plain.
		empty := ""
		cfg.Strong.BlockPrefix, cfg.Strong.BlockSuffix = empty, empty
		cfg.Emph.BlockPrefix, cfg.Emph.BlockSuffix = empty, empty
		cfg.Code.BlockPrefix, cfg.Code.BlockSuffix = empty, empty
		cfg.Item.BlockPrefix = "- "
	default:
		cfg = styles.DarkStyleConfig
	}
	// A narrow terminal has no columns to spare for a document margin.
	zero := uint(0)
	cfg.Document.Margin = &zero
	if r.accent != "" && s != Plain {
		a := r.accent
		cfg.H1.Color = &a
		cfg.H2.Color = &a
	}
	return cfg
}
