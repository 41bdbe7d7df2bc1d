package lessons

import (
	"fmt"

	"tutord/internal/problem"
)

// Problem is one thing wrong with a lesson or quiz file, at a line (0 when it concerns the
// whole file).
type Problem = problem.Problem

// Problems is every problem found in a set of lesson files; as an error, one per line.
type Problems = problem.List

// collector gathers problems for one file.
type collector struct {
	file string
	ps   *Problems
}

func (c collector) at(line int, format string, args ...any) {
	*c.ps = append(*c.ps, Problem{File: c.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}
