package config

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Site holds the settings for what an organisation sets up: lessons, branding, metrics.
type Site struct {
	// Lessons is a directory of lessons that add to or replace the built-in ones by id.
	Lessons string
	// HideLessons are lesson ids left out of the course, comma-separated, built-in or from
	// Lessons (a string, so that Site stays comparable; see Hidden).
	HideLessons string

	// Branding. Empty fields keep the built-in texts and colour.
	Title   string
	Org     string
	Welcome string
	// Accent is a colour: "#rrggbb" (normalised from #rgb or #RRGGBB) or an ANSI colour
	// number "0" to "255".
	Accent string

	// Metrics is the HTTP address for /metrics, /healthz and /readyz; empty is off.
	Metrics string
}

// Branding limits: the title and organisation fit a 40-column header; the welcome text is
// a paragraph, not a page.
const (
	MaxTitle   = 60
	MaxWelcome = 600
)

func defaultSite() Site {
	return Site{}
}

func (c *Site) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Lessons, "lessons", c.Lessons, "`directory` of your own lessons (LANG/NAME.md + NAME.quiz): they add to the built-in ones, or replace them by id")
	fs.StringVar(&c.HideLessons, "hide-lessons", c.HideLessons, "comma-separated lesson `ids` to leave out of the course (built-in or your own; also hide = [...] in DIR/course.toml)")
	fs.StringVar(&c.Title, "title", c.Title, "course title shown on the welcome screen and as the window title")
	fs.StringVar(&c.Org, "org", c.Org, "organisation name shown in the welcome screen's header")
	fs.StringVar(&c.Welcome, "welcome", c.Welcome, "welcome text shown instead of the built-in introduction")
	fs.StringVar(&c.Accent, "accent", c.Accent, "accent `colour` for headers and headings: #rrggbb, #rgb or an ANSI number 0-255")
	fs.StringVar(&c.Metrics, "metrics", c.Metrics, "HTTP `address` for Prometheus /metrics, /healthz and /readyz (e.g. 127.0.0.1:9100); off when empty")
}

// Hidden returns the ids in HideLessons.
func (c *Site) Hidden() []string {
	var ids []string
	for _, id := range strings.Split(c.HideLessons, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

func (c *Site) validate() error {
	if c.Lessons != "" {
		info, err := os.Stat(c.Lessons)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return Invalid("lessons", "%q does not exist", c.Lessons)
		case err != nil:
			return Invalid("lessons", "%v", err)
		case !info.IsDir():
			return Invalid("lessons", "%q is a file; give the directory that holds the language folders (en, de, fr, ...)", c.Lessons)
		}
	}
	if err := checkText("title", c.Title, MaxTitle, false); err != nil {
		return err
	}
	if err := checkText("org", c.Org, MaxTitle, false); err != nil {
		return err
	}
	if err := checkText("welcome", c.Welcome, MaxWelcome, true); err != nil {
		return err
	}
	if c.Accent != "" {
		norm, ok := ParseColour(c.Accent)
		if !ok {
			return Invalid("accent", "%q is not a colour; want #rrggbb, #rgb or an ANSI colour number 0-255", c.Accent)
		}
		c.Accent = norm
	}
	if c.Metrics != "" {
		if err := checkAddr(c.Metrics); err != nil {
			return Invalid("metrics", "%q: %v", c.Metrics, err)
		}
	}
	return nil
}

// checkText refuses text that would garble a terminal (control characters, escape
// sequences) or not fit the screen.
func checkText(name, s string, maxRunes int, newlines bool) error {
	if !utf8.ValidString(s) {
		return Invalid(name, "not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return Invalid(name, "%d characters; at most %d fit the screen", n, maxRunes)
	}
	for _, r := range s {
		if r == '\n' && newlines {
			continue
		}
		if unicode.IsControl(r) {
			return Invalid(name, "contains the control character %U; terminal control codes are not allowed", r)
		}
	}
	return nil
}

// ParseColour reads a colour setting and returns its canonical form: "#rrggbb" for hex
// colours, the number for ANSI colours.
func ParseColour(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if hex, ok := strings.CutPrefix(s, "#"); ok {
		if len(hex) == 3 {
			hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
		}
		if len(hex) != 6 {
			return "", false
		}
		if _, err := strconv.ParseUint(hex, 16, 32); err != nil {
			return "", false
		}
		return "#" + strings.ToLower(hex), true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 255 {
		return "", false
	}
	return strconv.Itoa(n), true
}

// checkAddr checks a HOST:PORT listen address.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want HOST:PORT or :PORT")
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("the port must be a number from 0 to 65535")
	}
	return nil
}
