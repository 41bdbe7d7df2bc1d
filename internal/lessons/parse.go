package lessons

import (
	"strconv"
	"strings"
)

const defaultOrder = 100

// knownLive lists the live panels the app can fill in.
var knownLive = map[string]bool{"mirror": true}

// ParseLesson reads a lesson file: a header between two "---" lines, then Markdown.
// Problems are appended to ps; the lesson is returned even when it has problems so that the
// checker can report everything at once.
func ParseLesson(file, lang string, src []byte, ps *Problems) *Lesson {
	c := collector{file: file, ps: ps}
	l := &Lesson{Lang: lang, File: file, Order: defaultOrder}
	lines := splitLines(string(src))
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		c.at(1, `a lesson starts with a header: a line "---", then "id: ...", "title: ...", "minutes: ...", "sources:", then "---"`)
		return l
	}
	end := -1
	seen := map[string]int{}
	inSources := false
	for i := 1; i < len(lines); i++ {
		n := i + 1
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if trimmed == "---" {
			end = i
			break
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if inSources && strings.HasPrefix(trimmed, "- ") {
			if s := strings.TrimSpace(trimmed[2:]); s != "" {
				l.Sources = append(l.Sources, s)
			} else {
				c.at(n, "empty source")
			}
			continue
		}
		inSources = false
		key, value, ok := strings.Cut(trimmed, ":")
		if !ok {
			c.at(n, `header lines are "key: value"; got %q`, trimmed)
			continue
		}
		key = strings.TrimSpace(key)
		value = strings.TrimSpace(value)
		if prev, dup := seen[key]; dup {
			c.at(n, "%q given twice (first on line %d)", key, prev)
			continue
		}
		seen[key] = n
		switch key {
		case "id":
			l.ID = value
			if !ValidID(value) {
				c.at(n, "id %q: use lower-case letters, digits and -, at most 40 characters", value)
			}
		case "title":
			l.Title = value
			if value == "" {
				c.at(n, "empty title")
			}
		case "minutes":
			m, err := strconv.Atoi(value)
			if err != nil || m < 1 || m > 120 {
				c.at(n, "minutes must be a whole number from 1 to 120, got %q", value)
			}
			l.Minutes = m
		case "order":
			o, err := strconv.Atoi(value)
			if err != nil {
				c.at(n, "order must be a whole number, got %q", value)
			}
			l.Order = o
		case "live":
			if !knownLive[value] {
				c.at(n, "unknown live panel %q (known: mirror)", value)
			}
			l.Live = value
		case "sources":
			if value != "" {
				c.at(n, `list sources on their own lines below "sources:", each starting with "- "`)
			}
			inSources = true
		default:
			c.at(n, "unknown header field %q (known: id, title, minutes, order, sources, live)", key)
		}
	}
	if end < 0 {
		c.at(1, `the header has no closing "---" line`)
		return l
	}
	for _, req := range []string{"id", "title", "minutes"} {
		if _, ok := seen[req]; !ok {
			c.at(1, "the header has no %q", req)
		}
	}
	if len(l.Sources) == 0 {
		c.at(1, `every lesson lists its sources: add "sources:" with one "- " line per source`)
	}
	l.Body = strings.Join(lines[end+1:], "\n")
	if strings.TrimSpace(l.Body) == "" {
		c.at(end+1, "the lesson has no text after the header")
	}
	l.Sections = splitSections(l.Title, l.Body)
	checkLive(l, c, end+2)
	return l
}

// splitSections cuts Markdown at level-2 headings outside code fences.
func splitSections(title, body string) []Section {
	var out []Section
	cur := Section{Title: title}
	var buf []string
	fenced := false
	flush := func() {
		cur.Markdown = strings.TrimSpace(strings.Join(buf, "\n"))
		if cur.Markdown != "" || len(out) > 0 || cur.Title != title {
			out = append(out, cur)
		}
		buf = nil
	}
	for _, line := range splitLines(body) {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
		if !fenced && strings.HasPrefix(line, "## ") {
			flush()
			cur = Section{Title: strings.TrimSpace(line[3:])}
			buf = []string{line}
			continue
		}
		buf = append(buf, line)
	}
	flush()
	return out
}

// ParseQuiz reads a quiz file (see docs/lesson-format.md).
func ParseQuiz(file string, src []byte, ps *Problems) Quiz {
	c := collector{file: file, ps: ps}
	qz := Quiz{File: file}
	var q *Question
	// where the last explanation goes
	var why *string
	prompt := []string{}
	finishPrompt := func() {
		if q != nil && q.Prompt == "" {
			q.Prompt = joinProse(prompt)
		}
		prompt = prompt[:0]
	}
	finish := func() {
		if q == nil {
			return
		}
		finishPrompt()
		qz.Questions = append(qz.Questions, *q)
		q = nil
		why = nil
	}
	for i, line := range splitLines(string(src)) {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "## "):
			finish()
			kind, id, ok := strings.Cut(strings.TrimSpace(line[3:]), ":")
			kind, id = strings.TrimSpace(kind), strings.TrimSpace(id)
			if !ok {
				c.at(n, `a question starts with "## KIND: ID", e.g. "## single: nickname"`)
			}
			q = &Question{ID: id, Kind: Kind(kind), Line: n}
			if !q.Kind.Known() {
				c.at(n, "unknown question kind %q (known: %s)", kind, knownKinds())
			}
			if !ValidID(id) {
				c.at(n, "question id %q: use lower-case letters, digits and -", id)
			}
		case strings.HasPrefix(line, "#"):
			// a comment
		case trimmed == "":
			if q != nil && why == nil && len(q.Options) == 0 && len(q.Scenarios) == 0 && len(prompt) > 0 {
				prompt = append(prompt, "")
			}
		case q == nil:
			c.at(n, `text before the first question; questions start with "## KIND: ID"`)
		case line[0] == ' ' || line[0] == '\t':
			if why == nil {
				c.at(n, "indented text belongs under an option as its explanation, but no option comes before it")
				continue
			}
			if *why == "" {
				*why = trimmed
			} else {
				*why += " " + trimmed
			}
		case strings.HasPrefix(trimmed, "bins:"):
			finishPrompt()
			if len(q.Bins) > 0 {
				c.at(n, "bins given twice")
			}
			for _, b := range strings.Split(strings.TrimPrefix(trimmed, "bins:"), "|") {
				q.Bins = append(q.Bins, strings.TrimSpace(b))
			}
		case strings.HasPrefix(trimmed, "- ["):
			finishPrompt()
			mark, text, ok := strings.Cut(trimmed[3:], "]")
			text = strings.TrimSpace(text)
			if !ok {
				c.at(n, `an option looks like "- [x] text", "- [ ] text" or "- [BIN] text"`)
				continue
			}
			if text == "" {
				c.at(n, "the option has no text")
			}
			why = q.rules().item(q, mark, text, n, c)
		default:
			if len(q.Options) > 0 || len(q.Scenarios) > 0 || len(q.Bins) > 0 {
				c.at(n, "unexpected text after the options; indent an explanation by at least two spaces")
				continue
			}
			prompt = append(prompt, trimmed)
		}
	}
	finish()
	return qz
}

// joinProse joins the lines of a prompt as a reader would see them: the lines of a
// paragraph are one line, which the screen wraps to its own width (an author's line
// breaks, made for an 80-column editor, would leave ragged lines on any other); a blank
// line starts a paragraph, and a list item ("- ", "* ", "1. ") its own line.
func joinProse(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		switch {
		case i == 0:
		case l == "" || lines[i-1] == "":
			b.WriteString("\n")
		case listItem(l):
			b.WriteString("\n")
		default:
			b.WriteString(" ")
		}
		b.WriteString(l)
	}
	return strings.TrimSpace(b.String())
}

// listItem reports whether a line starts an item of a Markdown list.
func listItem(l string) bool {
	if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") {
		return true
	}
	d := strings.TrimLeft(l, "0123456789")
	return len(d) < len(l) && (strings.HasPrefix(d, ". ") || strings.HasPrefix(d, ") "))
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
