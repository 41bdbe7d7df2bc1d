package lessons

import (
	"iter"
	"slices"
	"strings"
)

// Kind is the kind of a quiz question.
type Kind string

// The kinds of question the quiz format knows.
const (
	Single    Kind = "single"
	TrueFalse Kind = "truefalse"
	Classify  Kind = "classify"
	CheckAll  Kind = "checkall"
)

// rules is what a kind of question means, apart from how a front end draws it and takes
// the learner's keys: how its items are read from a quiz file, the rules it must meet,
// what a complete answer is, how an answer is graded, and how a class's answers are
// counted. Adding a kind means one implementation here and one drawing per front end.
//
// Resume codes need nothing from a kind: they keep one bit per question (right at the
// first try), whatever the kind.
type rules interface {
	// item reads one "- [MARK] text" line into q and returns where its explanation goes.
	item(q *Question, mark, text string, line int, c collector) *string
	// validate checks q against the kind's rules.
	validate(q *Question, c collector)
	// sameShape checks that a translation tr has the structure and right answers of base.
	sameShape(base, tr *Question, c collector, baseFile string)
	// complete reports whether a is a whole answer to q (every part given, in range).
	complete(q *Question, a Answer) bool
	// grade checks a complete or incomplete answer.
	grade(q *Question, a Answer) Result
	// right is the answer that is right.
	right(q *Question) Answer
	// count adds one answer to a class's tally (t is sized by newTally).
	count(q *Question, t *Tally, a Answer)
	newTally(q *Question) Tally
}

// kinds maps each kind to its rules; kindOrder is the order for messages.
var (
	kinds = map[Kind]rules{
		Single:    choiceRules{min: MinOptions, max: MaxOptions},
		TrueFalse: choiceRules{min: 2, max: 2},
		Classify:  classifyRules{},
		CheckAll:  checkRules{},
	}
	kindOrder = []Kind{Single, TrueFalse, CheckAll, Classify}
)

// Kinds lists the kinds of question, in the order the docs give them.
func Kinds() []Kind { return slices.Clone(kindOrder) }

// Known reports whether k is a kind of question the quiz format knows.
func (k Kind) Known() bool { _, ok := kinds[k]; return ok }

func knownKinds() string {
	names := make([]string, len(kindOrder))
	for i, k := range kindOrder {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// rules returns the question's kind rules; an unknown kind (already reported by the
// parser) is read like a single-choice question so the checker can go on.
func (q *Question) rules() rules {
	if r, ok := kinds[q.Kind]; ok {
		return r
	}
	return kinds[Single]
}

// Answer is what a learner chose: an option index for single and true/false questions, a
// bin index per scenario for classification, or a tick per option for check-all-that-apply.
type Answer struct {
	Choice int
	Bins   []int
	Picks  []bool
}

// Clone returns a copy that shares no memory with a.
func (a Answer) Clone() Answer {
	a.Bins = slices.Clone(a.Bins)
	a.Picks = slices.Clone(a.Picks)
	return a
}

// Result is the verdict on one answer.
type Result struct {
	Right bool
	// WrongScenarios lists, for classification, the scenarios sorted into the wrong bin.
	WrongScenarios []int
	// WrongOptions lists, for check-all-that-apply, the options ticked that do not apply
	// and those left unticked that do.
	WrongOptions []int
}

// Grade checks an answer against the question.
func (q *Question) Grade(a Answer) Result { return q.rules().grade(q, a) }

// Complete reports whether a answers every part of q with values in range; a classroom
// takes only complete answers.
func (q *Question) Complete(a Answer) bool { return q.rules().complete(q, a) }

// RightAnswer is the answer that is graded right.
func (q *Question) RightAnswer() Answer { return q.rules().right(q) }

// Tally is a class's answers to one question, as counts only.
type Tally struct {
	Answered int
	// Options counts answers per option (single choice, true/false), or the ticks per
	// option (check all that apply).
	Options []int
	// Bins counts, per scenario, the answers per bin (classification).
	Bins [][]int
	// ScenarioRight counts, per scenario, the answers with the right bin (classification).
	ScenarioRight []int
	// Right counts answers that were entirely right.
	Right int
}

// TallyOf counts answers to q; answers that are not complete are left out.
func (q *Question) TallyOf(answers iter.Seq[Answer]) Tally {
	r := q.rules()
	t := r.newTally(q)
	for a := range answers {
		if !r.complete(q, a) {
			continue
		}
		t.Answered++
		if r.grade(q, a).Right {
			t.Right++
		}
		r.count(q, &t, a)
	}
	return t
}

// choiceRules is a question with one right option among min to max: single choice and
// true/false.
type choiceRules struct{ min, max int }

func (choiceRules) item(q *Question, mark, text string, n int, c collector) *string {
	var right bool
	switch strings.TrimSpace(mark) {
	case "x", "X":
		right = true
	case "":
	default:
		c.at(n, `mark the right option with "[x]" and the others with "[ ]", got "[%s]"`, mark)
	}
	q.Options = append(q.Options, Option{Text: text, Right: right, Line: n})
	return &q.Options[len(q.Options)-1].Why
}

func (k choiceRules) validate(q *Question, c collector) {
	if len(q.Scenarios) > 0 || len(q.Bins) > 0 {
		c.at(q.Line, "bins and scenarios belong to classify questions, not %s", q.Kind)
	}
	if n := len(q.Options); n < k.min || n > k.max {
		if k.min == k.max {
			c.at(q.Line, "a %s question has exactly %d options, this one has %d", q.Kind, k.min, n)
		} else {
			c.at(q.Line, "a %s question has %d to %d options, this one has %d", q.Kind, k.min, k.max, n)
		}
	}
	right := 0
	for _, o := range q.Options {
		if o.Right {
			right++
		}
	}
	explained(q, c)
	if right != 1 {
		c.at(q.Line, "question %q needs exactly one right option marked [x], it has %d", q.ID, right)
	}
}

// explained reports options without an explanation.
func explained(q *Question, c collector) {
	for _, o := range q.Options {
		if strings.TrimSpace(o.Why) == "" {
			c.at(o.Line, "the option %q has no explanation (indent it under the option)", short(o.Text))
		}
	}
}

func (choiceRules) sameShape(b, t *Question, c collector, file string) {
	switch {
	case len(b.Options) != len(t.Options):
		c.at(t.Line, "question %q has %d options here but %d in %s", t.ID, len(t.Options), len(b.Options), file)
	case b.Right() != t.Right() && b.Right() >= 0 && t.Right() >= 0: // a missing [x] is reported on its own
		c.at(t.Line, "question %q: the right option is number %d here but %d in %s", t.ID, t.Right()+1, b.Right()+1, file)
	}
}

func (choiceRules) complete(q *Question, a Answer) bool {
	return a.Choice >= 0 && a.Choice < len(q.Options)
}

func (k choiceRules) grade(q *Question, a Answer) Result {
	return Result{Right: k.complete(q, a) && q.Options[a.Choice].Right}
}

func (choiceRules) right(q *Question) Answer { return Answer{Choice: q.Right()} }

func (choiceRules) newTally(q *Question) Tally { return Tally{Options: make([]int, len(q.Options))} }

func (choiceRules) count(_ *Question, t *Tally, a Answer) { t.Options[a.Choice]++ }

// classifyRules is a question that sorts scenarios into bins.
type classifyRules struct{}

func (classifyRules) item(q *Question, mark, text string, n int, c collector) *string {
	bin := indexOf(q.Bins, strings.TrimSpace(mark))
	if len(q.Bins) == 0 {
		c.at(n, `a classification lists its bins before the scenarios: "bins: A | B | C"`)
	} else if bin < 0 {
		c.at(n, "bin %q is not one of the bins (%s)", strings.TrimSpace(mark), strings.Join(q.Bins, " | "))
	}
	q.Scenarios = append(q.Scenarios, Scenario{Text: text, Bin: bin, Line: n})
	return &q.Scenarios[len(q.Scenarios)-1].Why
}

func (classifyRules) validate(q *Question, c collector) {
	if len(q.Options) > 0 {
		c.at(q.Line, "a classify question sorts scenarios into bins; mark each as - [BIN]")
	}
	if n := len(q.Bins); n < MinBins || n > MaxBins {
		c.at(q.Line, "a classify question has %d to %d bins, this one has %d", MinBins, MaxBins, n)
	}
	binSeen := map[string]bool{}
	for _, b := range q.Bins {
		if b == "" {
			c.at(q.Line, "an empty bin name in bins:")
		}
		if binSeen[b] {
			c.at(q.Line, "bin %q is listed twice", b)
		}
		binSeen[b] = true
	}
	if n := len(q.Scenarios); n < MinScenarios || n > MaxScenarios {
		c.at(q.Line, "a classify question has %d to %d scenarios, this one has %d", MinScenarios, MaxScenarios, n)
	}
	for _, s := range q.Scenarios {
		if strings.TrimSpace(s.Why) == "" {
			c.at(s.Line, "the scenario %q has no explanation (indent it under the scenario)", short(s.Text))
		}
	}
}

func (classifyRules) sameShape(b, t *Question, c collector, file string) {
	switch {
	case len(b.Bins) != len(t.Bins):
		c.at(t.Line, "question %q has %d bins here but %d in %s", t.ID, len(t.Bins), len(b.Bins), file)
	case len(b.Scenarios) != len(t.Scenarios):
		c.at(t.Line, "question %q has %d scenarios here but %d in %s", t.ID, len(t.Scenarios), len(b.Scenarios), file)
	default:
		for j := range b.Scenarios {
			if b.Scenarios[j].Bin != t.Scenarios[j].Bin && b.Scenarios[j].Bin >= 0 && t.Scenarios[j].Bin >= 0 {
				c.at(t.Scenarios[j].Line, "question %q: scenario %d is in bin %d here but %d in %s",
					t.ID, j+1, t.Scenarios[j].Bin+1, b.Scenarios[j].Bin+1, file)
			}
		}
	}
}

func (classifyRules) complete(q *Question, a Answer) bool {
	if len(a.Bins) != len(q.Scenarios) {
		return false
	}
	for _, b := range a.Bins {
		if b < 0 || b >= len(q.Bins) {
			return false
		}
	}
	return true
}

func (classifyRules) grade(q *Question, a Answer) Result {
	wrong := wrongParts(q.Scenarios, a.Bins, func(s Scenario, bin int) bool { return bin == s.Bin })
	return Result{Right: len(wrong) == 0, WrongScenarios: wrong}
}

// wrongParts lists the parts of a question (scenarios, options) whose part of the answer
// (a bin, a tick) is not as ok says it should be; a part the answer lacks is wrong.
func wrongParts[P, A any](parts []P, answer []A, ok func(P, A) bool) []int {
	var wrong []int
	for i, p := range parts {
		if i >= len(answer) || !ok(p, answer[i]) {
			wrong = append(wrong, i)
		}
	}
	return wrong
}

func (classifyRules) right(q *Question) Answer {
	bins := make([]int, len(q.Scenarios))
	for i, s := range q.Scenarios {
		bins[i] = s.Bin
	}
	return Answer{Bins: bins}
}

func (classifyRules) newTally(q *Question) Tally {
	t := Tally{Bins: make([][]int, len(q.Scenarios)), ScenarioRight: make([]int, len(q.Scenarios))}
	for i := range t.Bins {
		t.Bins[i] = make([]int, len(q.Bins))
	}
	return t
}

func (classifyRules) count(q *Question, t *Tally, a Answer) {
	for i, b := range a.Bins {
		t.Bins[i][b]++
		if b == q.Scenarios[i].Bin {
			t.ScenarioRight[i]++
		}
	}
}

// checkRules is a check-all-that-apply question: the learner ticks every option that
// applies. It is right only when every option is ticked or left as it should be.
type checkRules struct{}

func (checkRules) item(q *Question, mark, text string, n int, c collector) *string {
	return choiceRules{}.item(q, mark, text, n, c)
}

func (checkRules) validate(q *Question, c collector) {
	if len(q.Scenarios) > 0 || len(q.Bins) > 0 {
		c.at(q.Line, "bins and scenarios belong to classify questions, not %s", q.Kind)
	}
	if n := len(q.Options); n < MinCheckOptions || n > MaxOptions {
		c.at(q.Line, "a %s question has %d to %d options, this one has %d", q.Kind, MinCheckOptions, MaxOptions, n)
	}
	right := 0
	for _, o := range q.Options {
		if o.Right {
			right++
		}
	}
	explained(q, c)
	if right == 0 || right == len(q.Options) {
		c.at(q.Line, "question %q needs at least one option that applies, marked [x], and at least one that does not, marked [ ]; it has %d of %d marked [x]",
			q.ID, right, len(q.Options))
	}
}

func (checkRules) sameShape(b, t *Question, c collector, file string) {
	if len(b.Options) != len(t.Options) {
		c.at(t.Line, "question %q has %d options here but %d in %s", t.ID, len(t.Options), len(b.Options), file)
		return
	}
	for j := range b.Options {
		if b.Options[j].Right != t.Options[j].Right {
			c.at(t.Options[j].Line, "question %q: option %d is %s here but %s in %s",
				t.ID, j+1, applies(t.Options[j].Right), applies(b.Options[j].Right), file)
		}
	}
}

func applies(right bool) string {
	if right {
		return "marked [x]"
	}
	return "marked [ ]"
}

// complete: one tick per option, and at least one ticked (every question has an option
// that applies, so an empty answer is a slip, not an answer).
func (checkRules) complete(q *Question, a Answer) bool {
	return len(a.Picks) == len(q.Options) && slices.Contains(a.Picks, true)
}

func (checkRules) grade(q *Question, a Answer) Result {
	wrong := wrongParts(q.Options, a.Picks, func(o Option, ticked bool) bool { return ticked == o.Right })
	return Result{Right: len(wrong) == 0, WrongOptions: wrong}
}

func (checkRules) right(q *Question) Answer {
	picks := make([]bool, len(q.Options))
	for i, o := range q.Options {
		picks[i] = o.Right
	}
	return Answer{Picks: picks}
}

func (checkRules) newTally(q *Question) Tally { return Tally{Options: make([]int, len(q.Options))} }

func (checkRules) count(_ *Question, t *Tally, a Answer) {
	for i, p := range a.Picks {
		if p {
			t.Options[i]++
		}
	}
}
