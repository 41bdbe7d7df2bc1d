// Package lessons holds the curriculum: lessons written as Markdown, quizzes in a small
// line-based format, their validation, quiz grading and a learner's in-session progress.
// It knows nothing about SSH or terminals.
package lessons

import (
	"regexp"
	"strings"
)

// Lesson is one lesson in one language.
type Lesson struct {
	ID      string
	Lang    string
	Title   string
	Minutes int
	Order   int
	Sources []string
	// Live names a panel the app fills in from the learner's own connection (e.g. "mirror");
	// empty for ordinary lessons.
	Live string
	// Body is the Markdown after the header.
	Body     string
	Sections []Section
	Quiz     Quiz

	// File is where the lesson came from, for messages.
	File string
}

// Section is a part of a lesson that starts with a level-2 heading (the intro before the
// first heading is section 0). A classroom moves section by section.
type Section struct {
	Title    string
	Markdown string
}

// Markdown returns the whole lesson as Markdown: title, body and the list of sources under
// the given heading (the heading is passed in because it is a UI string in the learner's
// language).
func (l *Lesson) Markdown(sourcesHeading string) string {
	return "# " + l.Title + "\n\n" + l.BodyMarkdown(sourcesHeading)
}

// BodyMarkdown is Markdown without the title, for screens that show the title in their
// own header.
func (l *Lesson) BodyMarkdown(sourcesHeading string) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(l.Body))
	b.WriteString("\n\n")
	b.WriteString(SourcesMarkdown(l.Sources, sourcesHeading))
	return b.String()
}

// SourcesMarkdown renders a list of sources as a Markdown section.
func SourcesMarkdown(sources []string, heading string) string {
	var b strings.Builder
	b.WriteString("## ")
	b.WriteString(heading)
	b.WriteString("\n\n")
	for _, s := range sources {
		b.WriteString("- ")
		b.WriteString(s)
		b.WriteString("\n")
	}
	return b.String()
}

// Quiz is the list of questions at the end of a lesson.
type Quiz struct {
	Questions []Question
	File      string
}

// Question is one quiz question. Single and TrueFalse use Options; Classify uses Bins and
// Scenarios.
type Question struct {
	ID        string
	Kind      Kind
	Prompt    string
	Options   []Option
	Bins      []string
	Scenarios []Scenario
	Line      int
}

// Option is one answer to a single-choice or true/false question.
type Option struct {
	Text  string
	Why   string
	Right bool
	Line  int
}

// Scenario is one case to sort into a bin.
type Scenario struct {
	Text string
	Why  string
	Bin  int // index into Question.Bins
	Line int
}

// Right returns the index of the right option (single and true/false questions).
func (q *Question) Right() int {
	for i, o := range q.Options {
		if o.Right {
			return i
		}
	}
	return -1
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// ValidID reports whether s may be used as a lesson or question id.
func ValidID(s string) bool { return idPattern.MatchString(s) }
