package lessons

import (
	"os"
	"path/filepath"

	"strings"
	"testing"
	"testing/fstest"

	"tutord/internal/i18n"
)

// TestEveryBuiltinLessonInEveryLanguage fails when a built-in lesson lacks a translation:
// the course promises every lesson, quiz and explanation in every language it speaks.
func TestEveryBuiltinLessonInEveryLanguage(t *testing.T) {
	set, ps := BuiltinSet()
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	c := NewCatalog(set)
	if c.Len() < 7 {
		t.Fatalf("only %d built-in lessons", c.Len())
	}
	for _, id := range c.IDs() {
		for _, lang := range i18n.Langs() {
			if !c.Translated(lang, id) {
				t.Errorf("built-in lesson %q has no %s version (want content/%s/NAME.md and .quiz)", id, lang, lang)
				continue
			}
			l := c.Lesson(lang, id)
			base := c.Lesson(BaseLang, id)
			// The structure is checked by Load; here, that the words were translated, not
			// copied: a German quiz with the English prompt is a missing translation.
			if lang == BaseLang {
				continue
			}
			if l.Title == base.Title {
				t.Errorf("%s/%s: the title is the same as in %s: %q", lang, id, BaseLang, l.Title)
			}
			for i, q := range l.Quiz.Questions {
				bq := base.Quiz.Questions[i]
				if q.Prompt == bq.Prompt {
					t.Errorf("%s/%s: question %q is not translated", lang, id, q.ID)
				}
				for j, o := range q.Options {
					if o.Why == bq.Options[j].Why {
						t.Errorf("%s/%s: question %q option %d: the explanation is not translated", lang, id, q.ID, j+1)
					}
				}
				for j, s := range q.Scenarios {
					if s.Text == bq.Scenarios[j].Text || s.Why == bq.Scenarios[j].Why {
						t.Errorf("%s/%s: question %q case %d is not translated", lang, id, q.ID, j+1)
					}
				}
			}
		}
	}
}

// A minimal valid lesson and quiz, for building test directories.
const (
	okLesson = "---\nid: %s\ntitle: %s\nminutes: 3\norder: %s\nsources:\n- A source, 2024\n---\n\nSome text.\n\n## A section\n\nMore text.\n"
	okQuiz   = `## single: first
Which is right?

- [x] This one
      Because it is.
- [ ] That one
      Because it is not.

## classify: sort
Sort them.

bins: A | B

- [A] one
      A, since one.
- [B] two
      B, since two.
- [A] three
      A, since three.
- [B] four
      B, since four.
`
)

func fill(id, title, order string) string {
	s := strings.Replace(okLesson, "%s", id, 1)
	s = strings.Replace(s, "%s", title, 1)
	return strings.Replace(s, "%s", order, 1)
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestCustomLessonsAddAndReplace(t *testing.T) {
	dir := fstest.MapFS{
		"en/extra.md":     file(fill("our-rules", "Our house rules", "8")),
		"en/extra.quiz":   file(okQuiz),
		"de/extra.md":     file(fill("our-rules", "Unsere Hausregeln", "8")),
		"de/extra.quiz":   file(okQuiz),
		"en/replace.md":   file(fill("meanings", "Meanings, our way", "1")),
		"en/replace.quiz": file(okQuiz),
		"README.md":       file("notes beside the language folders are fine"),
	}
	set, ps := Load(dir, ".")
	if len(ps) > 0 {
		t.Fatalf("problems in a valid directory:\n%v", ps)
	}
	c, err := WithCustom(set)
	if err != nil {
		t.Fatal(err)
	}
	builtin, _ := Builtin()
	if c.Len() != builtin.Len()+1 {
		t.Errorf("%d lessons, want %d (built-in + 1 added)", c.Len(), builtin.Len()+1)
	}
	if got := c.At("en", c.Len()-1).Title; got != "Our house rules" {
		t.Errorf("the added lesson (order 8) is not last: %q", got)
	}
	if got := c.Lesson("de", "our-rules").Title; got != "Unsere Hausregeln" {
		t.Errorf("German of the added lesson: %q", got)
	}
	if got := c.Lesson("en", "meanings").Title; got != "Meanings, our way" {
		t.Errorf("the replaced lesson: %q", got)
	}
	// Replaced in English only: the built-in German no longer matches, so German learners
	// get the organisation's version (in English) rather than a different lesson.
	if got := c.Lesson("de", "meanings").Title; got != "Meanings, our way" || c.Translated("de", "meanings") {
		t.Errorf("German of the replaced lesson: %q (translated %v)", got, c.Translated("de", "meanings"))
	}
	if c.Index("meanings") != 0 {
		t.Errorf("the replaced lesson moved to %d", c.Index("meanings"))
	}
}

// TestCustomLessonProblems covers each kind of mistake an author can make: every one is
// reported with its file and line, and all of them at once.
func TestCustomLessonProblems(t *testing.T) {
	good := fill("good", "Good", "1")
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // "FILE:LINE: words" or "FILE: words"
	}{
		{"empty directory", map[string]string{}, []string{".: no lessons found"}},
		{"new language without interface strings", map[string]string{"it/x.md": good, "it/x.quiz": okQuiz}, []string{`it: it is a new language: it needs its interface strings in it/ui.toml`}},
		{"not a language", map[string]string{"lessons/x.md": good, "lessons/x.quiz": okQuiz, "en_US/x.md": good}, []string{`lessons: folder "lessons" is not a language code`, `en_US: folder "en_US" is not a language code such as en, fr or pt-BR (did you mean "en-US"?)`}},
		{"course settings", map[string]string{"en/x.md": good, "en/x.quiz": okQuiz, "course.toml": "hide = [\"x\"]\nshow = 1\n"}, []string{`course.toml:2: course settings`}},
		{"stray file", map[string]string{"en/x.md": good, "en/x.quiz": okQuiz, "en/x.txt": "hi"}, []string{"en/x.txt: not a lesson"}},
		{"no header", map[string]string{"en/x.md": "# Title\n", "en/x.quiz": okQuiz}, []string{"en/x.md:1: a lesson starts with a header"}},
		{"header not closed", map[string]string{"en/x.md": "---\nid: x\n", "en/x.quiz": okQuiz}, []string{`en/x.md:1: the header has no closing "---"`}},
		{"missing fields", map[string]string{"en/x.md": "---\nsources:\n- s\n---\ntext\n", "en/x.quiz": okQuiz},
			[]string{`en/x.md:1: the header has no "id"`, `en/x.md:1: the header has no "title"`, `en/x.md:1: the header has no "minutes"`}},
		{"bad id", map[string]string{"en/x.md": strings.Replace(good, "id: good", "id: Good Lesson", 1), "en/x.quiz": okQuiz}, []string{`en/x.md:2: id "Good Lesson"`}},
		{"bad minutes", map[string]string{"en/x.md": strings.Replace(good, "minutes: 3", "minutes: lots", 1), "en/x.quiz": okQuiz}, []string{"en/x.md:4: minutes must be a whole number"}},
		{"bad order", map[string]string{"en/x.md": strings.Replace(good, "order: 1", "order: first", 1), "en/x.quiz": okQuiz}, []string{"en/x.md:5: order must be a whole number"}},
		{"unknown field", map[string]string{"en/x.md": strings.Replace(good, "order: 1", "author: me", 1), "en/x.quiz": okQuiz}, []string{`en/x.md:5: unknown header field "author"`}},
		{"field twice", map[string]string{"en/x.md": strings.Replace(good, "order: 1", "title: Again", 1), "en/x.quiz": okQuiz}, []string{`en/x.md:5: "title" given twice (first on line 3)`}},
		{"no sources", map[string]string{"en/x.md": "---\nid: x\ntitle: X\nminutes: 2\n---\ntext\n", "en/x.quiz": okQuiz}, []string{"en/x.md:1: every lesson lists its sources"}},
		{"no text", map[string]string{"en/x.md": "---\nid: x\ntitle: X\nminutes: 2\nsources:\n- s\n---\n\n", "en/x.quiz": okQuiz}, []string{"en/x.md:7: the lesson has no text"}},
		{"duplicate lesson id", map[string]string{"en/a.md": good, "en/a.quiz": okQuiz, "en/b.md": good, "en/b.quiz": okQuiz}, []string{`en/b.md: lesson id "good" is already used by en/a.md`}},
		{"missing quiz", map[string]string{"en/x.md": good}, []string{"en/x.md: every lesson has a quiz: en/x.quiz is missing"}},
		{"quiz without lesson", map[string]string{"en/x.md": good, "en/x.quiz": okQuiz, "en/y.quiz": okQuiz}, []string{"en/y.quiz: a quiz without a lesson"}},
		{"empty quiz", map[string]string{"en/x.md": good, "en/x.quiz": "# only a comment\n"}, []string{"en/x.quiz: the quiz has no questions"}},
		{"text before questions", map[string]string{"en/x.md": good, "en/x.quiz": "Hello\n" + okQuiz}, []string{"en/x.quiz:1: text before the first question"}},
		{"unknown kind", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "## single: first", "## multiple: first", 1)}, []string{`en/x.quiz:1: unknown question kind "multiple"`}},
		{"bad question id", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "single: first", "single: First Q", 1)}, []string{`en/x.quiz:1: question id "First Q"`}},
		{"question id twice", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "classify: sort", "classify: first", 1)}, []string{`en/x.quiz:9: question id "first" is used twice (first on line 1)`}},
		{"no right option", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "- [x] This one", "- [ ] This one", 1)}, []string{`en/x.quiz:1: question "first" needs exactly one right option`}},
		{"two right options", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "- [ ] That one", "- [x] That one", 1)}, []string{`en/x.quiz:1: question "first" needs exactly one right option marked [x], it has 2`}},
		{"bad mark", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "- [ ] That one", "- [?] That one", 1)}, []string{`en/x.quiz:6: mark the right option with "[x]"`}},
		{"one option", map[string]string{"en/x.md": good, "en/x.quiz": "## single: q\nWhat?\n\n- [x] Only\n      Why.\n"}, []string{"en/x.quiz:1: a single question has 2 to 6 options, this one has 1"}},
		{"true/false with three", map[string]string{"en/x.md": good, "en/x.quiz": "## truefalse: q\nSo?\n\n- [x] True\n      a\n- [ ] False\n      b\n- [ ] Maybe\n      c\n"}, []string{"en/x.quiz:1: a truefalse question has exactly 2 options, this one has 3"}},
		{"no explanation", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "      Because it is not.\n", "", 1)}, []string{`en/x.quiz:6: the option "That one" has no explanation`}},
		{"unindented explanation", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "      Because it is not.", "Because it is not.", 1)}, []string{"en/x.quiz:7: unexpected text after the options"}},
		{"no question text", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "Which is right?\n", "", 1)}, []string{`en/x.quiz:1: question "first" has no text`}},
		{"unknown bin", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "- [B] two", "- [C] two", 1)}, []string{`en/x.quiz:16: bin "C" is not one of the bins (A | B)`}},
		{"scenarios before bins", map[string]string{"en/x.md": good, "en/x.quiz": "## classify: q\nSort.\n\n- [A] one\n      a\n"}, []string{"en/x.quiz:4: a classification lists its bins before the scenarios"}},
		{"one bin", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "bins: A | B", "bins: A", 1)}, []string{"en/x.quiz:9: a classify question has 2 to 4 bins, this one has 1"}},
		{"too few scenarios", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "- [B] four\n      B, since four.\n", "", 1)}, []string{"en/x.quiz:9: a classify question has 4 to 6 scenarios, this one has 3"}},
		{"scenario without explanation", map[string]string{"en/x.md": good, "en/x.quiz": strings.Replace(okQuiz, "      A, since three.\n", "", 1)}, []string{`en/x.quiz:18: the scenario "three" has no explanation`}},
		{"translation with other questions", map[string]string{"en/x.md": good, "en/x.quiz": okQuiz, "de/x.md": good,
			"de/x.quiz": strings.Replace(okQuiz, "single: first", "single: erste", 1)}, []string{`de/x.quiz:1: question 1 is "erste" here but "first" in en/x.quiz`}},
		{"translation with another answer", map[string]string{"en/x.md": good, "en/x.quiz": okQuiz, "de/x.md": good,
			"de/x.quiz": strings.NewReplacer("- [x] This one", "- [ ] This one", "- [ ] That one", "- [x] That one").Replace(okQuiz)},
			[]string{`de/x.quiz:1: question "first": the right option is number 2 here but 1 in en/x.quiz`}},
		{"translation sorts differently", map[string]string{"en/x.md": good, "en/x.quiz": okQuiz, "de/x.md": good,
			"de/x.quiz": strings.Replace(okQuiz, "- [A] one", "- [B] one", 1)}, []string{`de/x.quiz:14: question "sort": scenario 1 is in bin 2 here but 1 in en/x.quiz`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tc.files {
				fsys[name] = file(text)
			}
			_, ps := Load(fsys, ".")
			got := ps.Error()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems lack %q; got:\n%s", w, got)
				}
			}
		})
	}
}

// TestAllProblemsAtOnce: the checker does not stop at the first mistake.
func TestAllProblemsAtOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"en/a.md":   file(strings.Replace(fill("a", "A", "1"), "minutes: 3", "minutes: 0", 1)),
		"en/a.quiz": file(strings.Replace(okQuiz, "- [x] This one", "- [ ] This one", 1)),
		"en/b.md":   file("no header\n"),
		"en/b.quiz": file(okQuiz),
	}
	_, ps := Load(fsys, ".")
	files := map[string]bool{}
	for _, p := range ps {
		files[p.File] = true
	}
	if len(ps) < 3 || !files["en/a.md"] || !files["en/a.quiz"] || !files["en/b.md"] {
		t.Errorf("want problems in three files, got:\n%v", ps)
	}
}

func TestLoadDirNamesFilesUnderTheDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "en", "x.md"), []byte(fill("x", "X", "1")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ps := LoadDir(dir)
	if len(ps) != 1 || ps[0].File != filepath.Join(dir, "en", "x.md") {
		t.Errorf("got %v", ps)
	}
}

// TestExampleLessonsPass keeps the documented example (docs/example-lessons) valid.
func TestExampleLessonsPass(t *testing.T) {
	set, ps := LoadDir("../../docs/example-lessons")
	if err := ps.Err(); err != nil {
		t.Fatalf("docs/example-lessons does not pass tutord check:\n%v", err)
	}
	for _, lang := range []string{"en", "de"} {
		if len(set[lang]) == 0 {
			t.Errorf("docs/example-lessons has no %s lesson", lang)
		}
	}
	kinds := map[Kind]bool{}
	for _, l := range set[BaseLang] {
		for _, q := range l.Quiz.Questions {
			kinds[q.Kind] = true
		}
	}
	for _, k := range Kinds() {
		if !kinds[k] {
			t.Errorf("the example quiz shows no %s question", k)
		}
	}
}
