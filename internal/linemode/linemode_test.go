package linemode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"tutord/internal/i18n"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
)

func course(t *testing.T) *lessons.Catalog {
	t.Helper()
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pickLine is the numbers of the ticked options, on one line.
func pickLine(picks []bool) string {
	var nums []string
	for i, p := range picks {
		if p {
			nums = append(nums, fmt.Sprint(i+1))
		}
	}
	return strings.Join(nums, " ")
}

// rightAnswers is one line per question that answers it right: the option number, or
// every bin number on one line.
func rightAnswers(l *lessons.Lesson) []string {
	var out []string
	for _, q := range l.Quiz.Questions {
		if q.Kind == lessons.Classify {
			var bins []string
			for _, s := range q.Scenarios {
				bins = append(bins, fmt.Sprint(s.Bin+1))
			}
			out = append(out, strings.Join(bins, " "))
		} else if q.Kind == lessons.CheckAll {
			out = append(out, pickLine(q.RightAnswer().Picks))
		} else {
			out = append(out, fmt.Sprint(q.Right()+1))
		}
	}
	return out
}

type events struct {
	answers  []string
	finished []string
}

func run(t *testing.T, l *lessons.Lesson, lang, input string) (string, Outcome, *events) {
	t.Helper()
	var out bytes.Buffer
	ev := &events{}
	z := &Quiz{
		In: Lines(strings.NewReader(input)), Out: &out, T: i18n.For(lang), Width: 80, Hint: "ssh example.org",
		Answered: func(lesson, q string, right bool) {
			ev.answers = append(ev.answers, fmt.Sprint(lesson, "/", q, "/", right))
		},
		Finished: func(lesson string, passed bool) { ev.finished = append(ev.finished, fmt.Sprint(lesson, "/", passed)) },
	}
	o, err := z.Run(l)
	if err != nil {
		t.Fatal(err)
	}
	assertPlain(t, out.String())
	return out.String(), o, ev
}

// assertPlain fails on any escape sequence or control character but newline.
func assertPlain(t *testing.T, s string) {
	t.Helper()
	for i, r := range s {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f)) {
			t.Fatalf("control character %U at %d in plain output: %q", r, i, s[max(0, i-40):min(len(s), i+40)])
		}
	}
}

func TestEveryQuizAnsweredRightLineByLine(t *testing.T) {
	c := course(t)
	for _, lang := range i18n.Langs() {
		for _, l := range c.Lessons(lang) {
			out, o, ev := run(t, l, lang, strings.Join(rightAnswers(l), "\n")+"\n")
			n := len(l.Quiz.Questions)
			score := fmt.Sprintf(i18n.For(lang).QuizScore, n, n)
			if o != Finished || !strings.Contains(out, score) || !strings.Contains(out, i18n.For(lang).QuizPassed) {
				t.Errorf("%s/%s: outcome %v, want finished with %q:\n%s", lang, l.ID, o, score, out)
			}
			if len(ev.answers) != n || len(ev.finished) != 1 || ev.finished[0] != l.ID+"/true" {
				t.Errorf("%s/%s: events %v %v", lang, l.ID, ev.answers, ev.finished)
			}
			// Every explanation is shown after its answer.
			for _, q := range l.Quiz.Questions {
				for _, o := range q.Options {
					if !strings.Contains(flat(out), firstWords(o.Why)) {
						t.Errorf("%s/%s: explanation %q not shown", lang, l.ID, firstWords(o.Why))
					}
				}
				for _, s := range q.Scenarios {
					if !strings.Contains(flat(out), firstWords(s.Why)) {
						t.Errorf("%s/%s: explanation %q not shown", lang, l.ID, firstWords(s.Why))
					}
				}
			}
		}
	}
}

func TestWrongAnswersBadInputAndOneCasePerLine(t *testing.T) {
	c := course(t)
	// Find a lesson that starts with a choice question and has a classification.
	var l *lessons.Lesson
	for _, x := range c.Lessons("en") {
		hasClassify := false
		for _, q := range x.Quiz.Questions {
			hasClassify = hasClassify || q.Kind == lessons.Classify
		}
		if x.Quiz.Questions[0].Kind != lessons.Classify && hasClassify {
			l = x
			break
		}
	}
	if l == nil {
		t.Skip("no lesson with a choice question first and a classification")
	}
	var in []string
	var sortedWrong string
	q0 := l.Quiz.Questions[0]
	wrong := (q0.Right() + 1) % len(q0.Options)
	in = append(in, "maybe", "0", "99", "1 2", "", fmt.Sprint(wrong+1)) // bad lines, a repeat, then wrong
	for _, q := range l.Quiz.Questions[1:] {
		if q.Kind == lessons.Classify {
			// First line: too many numbers; then one case per line, the first one wrong.
			too := strings.Repeat("1 ", len(q.Scenarios)+1)
			sortedWrong = fmt.Sprintf(i18n.For("en").LineSortedWrong, 1, len(q.Scenarios))
			in = append(in, too)
			for j, s := range q.Scenarios {
				b := s.Bin
				if j == 0 {
					b = (b + 1) % len(q.Bins)
				}
				in = append(in, fmt.Sprint(b+1))
			}
		} else if q.Kind == lessons.CheckAll {
			in = append(in, pickLine(q.RightAnswer().Picks))
		} else {
			in = append(in, fmt.Sprint(q.Right()+1))
		}
	}
	out, o, ev := run(t, l, "en", strings.Join(in, "\n")+"\n")
	en := i18n.For("en")
	for _, want := range []string{
		fmt.Sprintf(en.LineNotANumber, len(q0.Options)),
		en.QuizWrong,
		q0.Options[wrong].Text + " (" + en.LineYourAnswer + ")",
		q0.Options[q0.Right()].Text + " (" + en.LineRightAnswer + ")",
		firstWords(q0.Options[wrong].Why),
		"Too many numbers",
		sortedWrong,
		en.QuizMissed,
		"ssh example.org quiz " + l.ID,
	} {
		if !strings.Contains(flat(out), flat(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The question was shown twice: once at first, once for the empty line.
	if n := strings.Count(out, fmt.Sprintf(en.QuizQuestionOf, 1, len(l.Quiz.Questions))); n != 2 {
		t.Errorf("question 1 shown %d times, want 2 (the empty line repeats it)", n)
	}
	if o != Finished || !strings.Contains(ev.answers[0], "/false") {
		t.Errorf("outcome %v, events %v", o, ev.answers)
	}
}

func TestQuitAndEndOfInput(t *testing.T) {
	l := course(t).At("en", 0)
	first := rightAnswers(l)[0]
	out, o, ev := run(t, l, "en", first+"\nq\n")
	if o != Stopped || !strings.Contains(out, "Quiz stopped after 1 of") || len(ev.finished) != 0 {
		t.Errorf("q: outcome %v, finished %v:\n%s", o, ev.finished, out)
	}
	out, o, _ = run(t, l, "de", first)
	if o != Ended || !strings.Contains(out, "Die Eingabe endete nach 1 von") {
		t.Errorf("EOF: outcome %v:\n%s", o, out)
	}
	out, o, _ = run(t, l, "en", strings.Repeat("9", MaxLine*3)+"\n")
	if o != Ended || !strings.Contains(out, "Please type a number") {
		t.Errorf("long line: outcome %v:\n%s", o, out)
	}
}

func TestLessonAsPlainText(t *testing.T) {
	c := course(t)
	md := markdown.New(16, "")
	for _, lang := range i18n.Langs() {
		tx := i18n.For(lang)
		for _, l := range c.Lessons(lang) {
			var b bytes.Buffer
			if err := Lesson(&b, md, l, tx, 60, "ssh example.org"); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			assertPlain(t, out)
			for _, w := range []string{l.Title, tx.SourcesHeading, tx.ReadQuizHint, "ssh example.org quiz " + l.ID} {
				if !strings.Contains(out, w) {
					t.Errorf("%s/%s lacks %q", lang, l.ID, w)
				}
			}
			for _, line := range strings.Split(out, "\n") {
				// +1: ansi.Wrap can leave a trailing hyphen one column over (markdown hangIndent).
				if len([]rune(line)) > 61 && !strings.Contains(line, "://") {
					t.Errorf("%s/%s: line longer than 60: %q", lang, l.ID, line)
				}
			}
		}
	}
}

func TestNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"1": "[0]", "3": "[2]", " 2 ": "[1]", "1 2 3": "[0 1 2]", "1,2;3": "[0 1 2]", "2.": "[1]",
		"0": "bad", "4": "bad", "x": "bad", "1 x": "bad", "-1": "bad", "1.5": "bad", "": "[]",
	} {
		got, ok := numbers(in, 3)
		s := fmt.Sprint(got)
		if !ok {
			s = "bad"
		}
		if s != want {
			t.Errorf("numbers(%q) = %s, want %s", in, s, want)
		}
	}
}

func TestTerminalInput(t *testing.T) {
	// Typed: "12", backspace, "3", enter; an arrow key, "ab", ctrl+u, "4", \r\n; ctrl+c.
	keys := "12\x7f3\r\x1b[A\x1bOBab\x154\r\n\x03"
	var echo bytes.Buffer
	in := Terminal(strings.NewReader(keys), &echo)
	for _, want := range []string{"13", "4"} {
		got, err := in.ReadLine()
		if err != nil || got != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	}
	if _, err := in.ReadLine(); !errors.Is(err, ErrInterrupt) {
		t.Errorf("ctrl+c: %v", err)
	}
	if !strings.Contains(echo.String(), "12\b \b3\r\n") {
		t.Errorf("echo %q", echo.String())
	}
	if _, err := Terminal(strings.NewReader("\x04"), io.Discard).ReadLine(); !errors.Is(err, io.EOF) {
		t.Errorf("ctrl+d on an empty line: %v", err)
	}
	long := Terminal(strings.NewReader(strings.Repeat("7", MaxLine+10)+"\r"), io.Discard)
	if _, err := long.ReadLine(); !errors.Is(err, ErrTooLong) {
		t.Errorf("long line: %v", err)
	}
}

func TestLinesInput(t *testing.T) {
	in := Lines(strings.NewReader("a\r\nb\n\nlast"))
	for _, want := range []string{"a", "b", "", "last"} {
		got, err := in.ReadLine()
		if err != nil || got != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	}
	if _, err := in.ReadLine(); !errors.Is(err, io.EOF) {
		t.Errorf("after the end: %v", err)
	}
}

func TestCRLF(t *testing.T) {
	var b bytes.Buffer
	n, err := CRLF(&b).Write([]byte("a\nb\n"))
	if err != nil || n != 4 || b.String() != "a\r\nb\r\n" {
		t.Errorf("got %q, %d, %v", b.String(), n, err)
	}
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstWords(s string) string {
	w := strings.Fields(s)
	if len(w) > 4 {
		w = w[:4]
	}
	return strings.Join(w, " ")
}
