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
		glamour.WithWordWrap(key.Width),
	)
	if err != nil {
		return nil, fmt.Errorf("markdown renderer: %w", err)
	}
	out, err := tr.Render(md)
	if err != nil {
		return nil, fmt.Errorf("render %s at %d columns: %w", key.Doc, key.Width, err)
	}
	if key.Style == Plain {
		out = osc.ReplaceAllString(out, "")
	}
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = trimPadding(l)
	}
	return hangIndent(lines, key.Width), nil
}

// listItem matches the start of a rendered list item: a bullet or a number.
var listItem = regexp.MustCompile(`^(• |- |\d+\. )`)

// hangIndent re-wraps list items so their continuation lines line up under the text, not
// under the bullet (glamour does not indent them).
func hangIndent(lines []string, width int) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		plain := ansi.Strip(lines[i])
		m := listItem.FindString(plain)
		if m == "" {
			out = append(out, lines[i])
			continue
		}
		// Gather the item: following non-empty lines that do not start another item.
		item := lines[i]
		for i+1 < len(lines) {
			next := ansi.Strip(lines[i+1])
			if strings.TrimSpace(next) == "" || listItem.MatchString(next) {
				break
			}
			item += joiner(lines[i]) + lines[i+1]
			i++
		}
		pw := len(m)
		if m == "• " {
			pw = 2
		}
		pad := strings.Repeat(" ", pw)
		body := ansi.Cut(item, pw, ansi.StringWidth(item))
		head := ansi.Cut(item, 0, pw)
		for j, l := range strings.Split(ansi.Wrap(body, max(1, width-pw), ""), "\n") {
			if j == 0 {
				out = append(out, head+l)
			} else {
				out = append(out, pad+l)
			}
		}
	}
	return out
}

// joiner is what goes between a wrapped line and the next when they are joined again: a
// space where the wrap took one out, nothing after a hyphen, where it broke a word or a code
// span such as "-u" or "ssh-agent" without taking anything out. (A list item with a lone
// " - " dash at the end of a line would lose a space; the lessons write none.)
func joiner(line string) string {
	if strings.HasSuffix(strings.TrimRight(ansi.Strip(line), " "), "-") {
		return ""
	}
	return " "
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
