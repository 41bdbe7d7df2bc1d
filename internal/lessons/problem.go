package lessons

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a lesson or quiz file, at a line (0 when it concerns the
// whole file).
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

// Problems is every problem found in a set of lesson files. As an error it reads as one
// problem per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns ps as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	ps.sort()
	return ps
}

func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// collector gathers problems for one file.
type collector struct {
	file string
	ps   *Problems
}

func (c collector) at(line int, format string, args ...any) {
	*c.ps = append(*c.ps, Problem{File: c.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}
