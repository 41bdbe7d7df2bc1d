package session

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"tutord/internal/anonset"
	"tutord/internal/lessons"
)

var (
	classBarRe = regexp.MustCompile(`[█░#.]{4,}\s+\d+\s+\d+%`) // countBar's "████░░  2 100%"
	classBinRe = regexp.MustCompile(`\[\d\] \d+`)              // binCounts' "[1] 2"
)

// TestClassCountsUnderTheKRule: two students answer a question of each kind, in each
// language. While it is open the teacher sees no counts per answer. With k at three, the revealed question shows neither screen a count per
// answer, nor a share right, but how many answered and the line that says why; with k at
// two the same class sees its counts.
func TestClassCountsUnderTheKRule(t *testing.T) {
	t.Parallel()
	r := newClassRig(t)
	flat := func(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), " ") }
	for kind, keys := range kindAt(r.sh) {
		for _, lang := range []string{"en", "de", "fr"} {
			for _, k := range []int{2, 3} {
				name := fmt.Sprintf("%s/%s/k=%d", kindName(kind), lang, k)
				reg := anonset.New(k)
				open := func(o Options) *App {
					o.Width, o.Height, o.Lang, o.Anon = 100, 60, lang, reg.Join(anonset.Facts{})
					a := New(r.sh, o)
					a.startClass()
					return a
				}
				teacher := open(Options{Class: ClassOptions{Teach: true, Hint: "ssh host"}})
				teacher.Update(pressKey("enter"))
				var students []*App
				for range 2 {
					students = append(students, open(Options{Class: ClassOptions{Join: true, Code: teacher.class.teach.v.Code}}))
				}
				for _, key := range append([]string{"enter"}, keys...) {
					teacher.Update(pressKey(key))
				}
				v := teacher.class.teach.v
				q := &teacher.classLesson(v.Lesson).Quiz.Questions[v.Question]
				for _, st := range students {
					if err := st.class.member.Answer(rightAnswer(q)); err != nil {
						t.Fatalf("%s: answer: %v", name, err)
					}
				}
				tx := teacher.t
				bars := classBarRe
				if kind == lessons.Classify {
					bars = classBinRe
				}
				// Open, everyone answered: how many, never what, whatever k is (a count
				// that moves as a student answers says what they answered).
				teacher.syncClass()
				if ov := flat(teacher.viewString()); bars.MatchString(ov) || !strings.Contains(ov, flat(tx.ClassCountsOpen)) {
					t.Errorf("%s: the teacher's screen while open:\n%s", name, ov)
				}
				teacher.Update(pressKey("right")) // close
				teacher.Update(pressKey("right")) // reveal
				few := flat(fmt.Sprintf(tx.ClassCountsFewClosed, k))
				tv := flat(teacher.viewString())
				shown := k <= 2
				if got := strings.Contains(tv, few); got == shown {
					t.Errorf("%s: the teacher's screen says too few: %v\n%s", name, got, tv)
				}
				if got := strings.Contains(tv, flat(fmt.Sprintf(tx.ClassRightShare, 2, 2, 100))); got != shown {
					t.Errorf("%s: the teacher's screen has the share right: %v\n%s", name, got, tv)
				}
				if !shown && !strings.Contains(tv, flat(fmt.Sprintf(tx.ClassAnsweredClosed, 2))) {
					t.Errorf("%s: the teacher's screen does not say how many answered:\n%s", name, tv)
				}
				if got := bars.MatchString(tv); got != shown {
					t.Errorf("%s: the teacher's screen has counts per answer: %v\n%s", name, got, tv)
				}
				for i, st := range students {
					st.syncClass()
					sv := flat(st.viewString())
					if got := strings.Contains(sv, few); got == shown {
						t.Errorf("%s: student %d's screen says too few: %v\n%s", name, i, got, sv)
					}
					if got := strings.Contains(sv, flat(tx.ClassClassRight.N(2, 2, 2))); got != shown {
						t.Errorf("%s: student %d's screen has the class's right count: %v\n%s", name, i, got, sv)
					}
					if !shown && !strings.Contains(sv, flat(tx.ClassClassAnswered.N(2))) {
						t.Errorf("%s: student %d's screen does not say how many answered:\n%s", name, i, sv)
					}
					counts := classBarRe.MatchString(sv)
					if kind == lessons.Classify {
						counts = strings.Contains(sv, flat(fmt.Sprintf(tx.ClassScenarioClass, 100)))
					}
					if counts != shown {
						t.Errorf("%s: student %d's screen has counts per answer: %v\n%s", name, i, counts, sv)
					}
				}
			}
		}
	}
}
