// Package linemode serves the course without a full-screen terminal: a lesson printed as
// plain text (ssh HOST read ID) and a quiz answered line by line (ssh HOST quiz ID), for
// screen readers, braille displays and scripts. Output is plain text: no escape sequences,
// no colour, prompts on lines of their own, and words instead of symbols.
package linemode

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"tutord/internal/i18n"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
)

// DefaultWidth is the wrap width when the client sent no window size.
const DefaultWidth = 80

// Width turns a client's window width (0 for none) into a wrap width.
func Width(w int) int {
	if w <= 0 {
		return DefaultWidth
	}
	return max(markdown.MinWidth, min(w, markdown.MaxWidth))
}

// Lesson writes a lesson as plain text, wrapped to width, followed by how to take its quiz
// (hint is the ssh command for this server, e.g. "ssh -p 2222 localhost").
func Lesson(w io.Writer, md *markdown.Renderer, l *lessons.Lesson, t *i18n.Text, width int, hint string) error {
	key := markdown.Key{Doc: l.Lang + "/" + l.ID, Width: width, Style: markdown.Plain}
	lines, err := md.Render(key, l.Markdown(t.SourcesHeading))
	if err != nil {
		return fmt.Errorf("read %s: %w", l.ID, err)
	}
	var b strings.Builder
	for _, line := range lines {
		b.WriteString(strings.TrimRight(clean(line), " "))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(wrap(t.ReadQuizHint, width, ""), "\n"))
	b.WriteString("\n\n  " + hint + " quiz " + l.ID + "\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// clean removes every escape sequence and control character but tab.
func clean(s string) string {
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		if r == '\t' || (r >= 0x20 && r != 0x7f && (r < 0x80 || r > 0x9f)) {
			return r
		}
		return -1
	}, s)
}

// wrap breaks s into lines of at most width columns; continuation lines get indent.
func wrap(s string, width int, indent string) []string {
	var out []string
	for i, l := range strings.Split(ansi.Wrap(s, max(10, width-len(indent)), ""), "\n") {
		if i == 0 {
			out = append(out, l)
		} else {
			out = append(out, indent+l)
		}
	}
	return out
}

// Outcome is how a line-based quiz ended.
type Outcome int

// The ways a quiz ends.
const (
	Finished Outcome = iota // every question answered
	Stopped                 // the learner typed q (or pressed ctrl+c)
	Ended                   // the input ended first
)

// Quiz runs one lesson's quiz line by line.
type Quiz struct {
	In    Input
	Out   io.Writer
	T     *i18n.Text
	Width int
	// Hint is the ssh command for this server, for "take the quiz again".
	Hint string
	// Answered and Finished report anonymous events (metrics); either may be nil.
	Answered func(lesson, question string, right bool)
	Finished func(lesson string, passed bool)
}

// errStop ends the quiz at the learner's request.
var errStop = errors.New("stop")

// Run asks every question of l and prints the score. It returns how the quiz ended and
// the first error writing to Out, if any.
func (z *Quiz) Run(l *lessons.Lesson) (Outcome, error) {
	p := &printer{w: z.Out, width: z.Width}
	t := z.T
	qs := l.Quiz.Questions
	att := lessons.NewAttempt(&l.Quiz)
	p.para(t.LineQuizIntro.N(len(qs), l.Title, len(qs)))
	p.para(t.LineQuizHow)
	outcome := Finished
	for !att.Done() {
		q := att.Question()
		p.blank()
		k := kindOf(q)
		ans, err := k.ask(z, p, att.Cur, len(qs), q)
		if err != nil {
			outcome = Stopped
			if errors.Is(err, io.EOF) {
				outcome = Ended
			}
			break
		}
		r := att.Answer(ans)
		if z.Answered != nil {
			z.Answered(l.ID, q.ID, r.Right)
		}
		k.explain(z, p, q, ans, r)
		att.Next()
	}
	z.summary(p, l, att, outcome)
	return outcome, p.err
}

func (z *Quiz) header(p *printer, i, n int, q *lessons.Question) {
	p.line(fmt.Sprintf(z.T.QuizQuestionOf, i+1, n) + ". " + kindOf(q).label(z.T))
	p.para(q.Prompt)
}

// choose asks a single-choice or true/false question until it gets a number in range.
func (z *Quiz) choose(p *printer, i, n int, q *lessons.Question) (lessons.Answer, error) {
	nums, err := z.askOptions(p, i, n, q, "", z.T.LineAnswer, func(nums []int) bool { return len(nums) == 1 })
	if err != nil {
		return lessons.Answer{}, err
	}
	return lessons.Answer{Choice: nums[0]}, nil
}

// pick asks a check-all-that-apply question until it gets one or more numbers in range,
// all on one line (a number given twice counts once).
func (z *Quiz) pick(p *printer, i, n int, q *lessons.Question) (lessons.Answer, error) {
	nums, err := z.askOptions(p, i, n, q, z.T.LineCheckHow, z.T.LineAnswerMany, func(nums []int) bool { return len(nums) > 0 })
	if err != nil {
		return lessons.Answer{}, err
	}
	picks := make([]bool, len(q.Options))
	for _, k := range nums {
		picks[k] = true
	}
	return lessons.Answer{Picks: picks}, nil
}

// askOptions shows a question with numbered options (and how, if not empty) and reads
// lines until one holds option numbers that ok accepts; an empty line shows it again.
func (z *Quiz) askOptions(p *printer, i, n int, q *lessons.Question, how, prompt string, ok func([]int) bool) ([]int, error) {
	show := func() {
		z.header(p, i, n, q)
		for j, o := range q.Options {
			p.wrapped(fmt.Sprintf("  %d. ", j+1), o.Text)
		}
		if how != "" {
			p.para(how)
		}
	}
	show()
	for {
		p.line(fmt.Sprintf(prompt, len(q.Options)))
		line, err := z.read()
		switch {
		case err != nil:
			return nil, err
		case line == "":
			p.blank()
			show()
			continue
		}
		if nums, valid := numbers(line, len(q.Options)); valid && ok(nums) {
			return nums, nil
		}
		p.line(fmt.Sprintf(z.T.LineNotANumber, len(q.Options)))
	}
}

// sortCases asks for a bin for every case: all on one line, one per line, or any mix.
func (z *Quiz) sortCases(p *printer, i, n int, q *lessons.Question) (lessons.Answer, error) {
	t := z.T
	nb, ns := len(q.Bins), len(q.Scenarios)
	show := func() {
		z.header(p, i, n, q)
		p.line(t.LineBins)
		for j, b := range q.Bins {
			p.wrapped(fmt.Sprintf("  %d. ", j+1), b)
		}
		p.line(t.LineCases)
		for j, s := range q.Scenarios {
			p.wrapped(fmt.Sprintf("  %s. ", letter(j)), s.Text)
		}
		p.para(fmt.Sprintf(t.LineSortHow, nb))
	}
	show()
	var bins []int
	for len(bins) < ns {
		p.line(fmt.Sprintf(t.LineCase, letter(len(bins)), nb))
		line, err := z.read()
		switch {
		case err != nil:
			return lessons.Answer{}, err
		case line == "":
			p.blank()
			show()
			continue
		}
		nums, ok := numbers(line, nb)
		switch {
		case !ok || len(nums) == 0:
			p.line(fmt.Sprintf(t.LineNotANumber, nb))
		case len(bins)+len(nums) > ns:
			p.line(fmt.Sprintf(t.LineTooMany, ns-len(bins)))
		default:
			bins = append(bins, nums...)
		}
	}
	return lessons.Answer{Bins: bins}, nil
}

// read returns the next answer line, trimmed; q (or ctrl+c) stops the quiz.
func (z *Quiz) read() (string, error) {
	for {
		line, err := z.In.ReadLine()
		switch {
		case errors.Is(err, ErrTooLong):
			return "x", nil // refused by the number check
		case errors.Is(err, ErrInterrupt):
			return "", errStop
		case err != nil:
			return "", io.EOF
		}
		line = strings.TrimSpace(line)
		switch strings.ToLower(line) {
		case "q", "quit", "exit":
			return "", errStop
		}
		return line, nil
	}
}

func (z *Quiz) summary(p *printer, l *lessons.Lesson, att *lessons.Attempt, o Outcome) {
	t := z.T
	results := att.Results()
	answered := att.Cur
	p.blank()
	switch o {
	case Finished:
		p.line(t.QuizDoneTitle)
	case Stopped:
		p.para(fmt.Sprintf(t.LineStopped, answered, len(results)))
	case Ended:
		p.para(fmt.Sprintf(t.LineEnded, answered, len(results)))
	}
	results = results[:answered]
	right, total := lessons.Score(results)
	if total > 0 {
		p.para(fmt.Sprintf(t.QuizScore, right, total))
	}
	if o == Finished {
		passed := lessons.Passed(results)
		if passed {
			p.line(t.QuizPassed)
		} else {
			p.para(fmt.Sprintf(t.QuizNotPassed, lessons.PassPercent))
		}
		if z.Finished != nil {
			z.Finished(l.ID, passed)
		}
	}
	if right < total {
		p.line(t.QuizMissed)
		for i, ok := range results {
			if ok {
				continue
			}
			q := l.Quiz.Questions[i]
			p.wrapped("  - ", firstLine(q.Prompt))
			for _, line := range kindOf(&q).rightLines(t, &q) {
				p.wrapped("    ", line)
			}
		}
	}
	if o != Finished || right < total {
		p.blank()
		p.line(t.LineAgain)
		p.write("  " + z.Hint + " quiz " + l.ID)
	}
	p.blank()
	p.line(t.Goodbye)
}

// numbers reads whole numbers 1..hi separated by spaces, commas or semicolons, and returns
// them zero-based.
func numbers(s string, hi int) ([]int, bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' })
	out := make([]int, 0, len(fields))
	for _, f := range fields {
		n, err := strconv.Atoi(strings.TrimSuffix(f, "."))
		if err != nil || n < 1 || n > hi {
			return nil, false
		}
		out = append(out, n-1)
	}
	return out, true
}

// letter names case i: A, B, C...
func letter(i int) string { return string(rune('A' + i)) }

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// printer writes wrapped plain text and remembers the first write error.
type printer struct {
	w     io.Writer
	width int
	err   error
}

func (p *printer) write(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, clean(s)+"\n")
	}
}

func (p *printer) line(s string) {
	for _, l := range wrap(s, p.width, "") {
		p.write(l)
	}
}

// para writes text that may hold several paragraphs.
func (p *printer) para(s string) {
	for _, l := range strings.Split(s, "\n") {
		p.line(l)
	}
}

func (p *printer) blank() { p.write("") }

// wrapped writes prefix+text, with continuation lines under the text.
func (p *printer) wrapped(prefix, text string) {
	pad := strings.Repeat(" ", len(prefix))
	for i, l := range wrap(text, p.width-len(prefix), "") {
		if i == 0 {
			p.write(prefix + l)
		} else {
			p.write(pad + l)
		}
	}
}
