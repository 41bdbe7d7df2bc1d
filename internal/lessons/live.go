package lessons

import "strings"

// LiveMarker is the line in a live lesson where the app shows the live panel. It is an HTML
// comment, so a renderer that does not know it (or a section shown on its own) shows
// nothing there.
const LiveMarker = "<!-- live -->"

// SplitLive cuts lesson Markdown at the live marker line (outside code fences). Without a
// marker the cut comes right after the title line, so the panel opens the lesson.
func SplitLive(md string) (before, after string) {
	lines := strings.Split(md, "\n")
	fenced := false
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") {
			fenced = !fenced
		}
		if !fenced && t == LiveMarker {
			return strings.Join(lines[:i], "\n"), strings.Join(lines[i+1:], "\n")
		}
	}
	if len(lines) > 0 && strings.HasPrefix(lines[0], "# ") {
		return lines[0], strings.Join(lines[1:], "\n")
	}
	return "", md
}

// checkLive reports misplaced live markers: more than one, or one in a lesson without a
// live panel.
func checkLive(l *Lesson, c collector, bodyLine int) {
	n, first := 0, 0
	fenced := false
	for i, line := range splitLines(l.Body) {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") {
			fenced = !fenced
		}
		if !fenced && t == LiveMarker {
			n++
			if first == 0 {
				first = bodyLine + i
			}
		}
	}
	switch {
	case n > 0 && l.Live == "":
		c.at(first, "%s marks where a live panel goes, but this lesson has no \"live:\" header", LiveMarker)
	case n > 1:
		c.at(first, "%s appears %d times; a lesson has one live panel", LiveMarker, n)
	}
}
