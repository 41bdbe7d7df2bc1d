// Package problem is what the content checks report: one thing wrong in a file an author
// or translator edits (a lesson, a quiz, an interface catalog), at a line, so that
// `tutord check` can list every problem in one run.
package problem

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong in a file, at a line (0 when it concerns the whole file).
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// List is every problem found in a set of files. As an error it reads as one problem
// per line.
type List []Problem

func (ps List) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns ps sorted by file and line as an error, or nil when there are none.
func (ps List) Err() error {
	if len(ps) == 0 {
		return nil
	}
	ps.Sort()
	return ps
}

// Sort orders ps by file and line, keeping the order of problems at the same line.
func (ps List) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}
