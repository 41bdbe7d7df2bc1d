package session

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"tutord/internal/i18n"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
)

// badBreak reports a line a French reader would see as broken typography: starting with
// ? ! : ; or a closing », or ending with an opening «. The catalogs and lessons put a
// no-break space there (scripts/fr-typo); this holds the wrapping code to it.
func badBreak(line string) bool {
	l := strings.TrimSpace(ansi.Strip(line))
	l = strings.TrimLeft(l, "┃│ ")
	for _, p := range []string{"?", "!", ":", ";", "»"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return strings.HasSuffix(l, "«")
}

func TestFrenchLessonsKeepTheirNoBreakSpaces(t *testing.T) {
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	r := markdown.New(64, "")
	for _, l := range c.Lessons("fr") {
		if !c.Translated("fr", l.ID) {
			t.Fatalf("%s has no French version", l.ID)
		}
		md := l.Markdown(i18n.For("fr").SourcesHeading)
		for _, w := range sweepWidths {
			for _, st := range []markdown.Style{markdown.Dark, markdown.Plain} {
				lines, err := r.Render(markdown.Key{Doc: "fr/" + l.ID, Width: w, Style: st}, md)
				if err != nil {
					t.Fatal(err)
				}
				for _, line := range lines {
					if badBreak(line) {
						t.Errorf("%s at %d columns: a line breaks at a no-break space: %q", l.ID, w, ansi.Strip(line))
					}
				}
			}
		}
		for _, q := range l.Quiz.Questions {
			texts := []string{q.Prompt}
			for _, o := range q.Options {
				texts = append(texts, o.Text, o.Why)
			}
			for _, s := range q.Scenarios {
				texts = append(texts, s.Text, s.Why)
			}
			for _, s := range texts {
				for _, w := range []int{30, 36, 40} {
					for _, line := range strings.Split(ansi.Wrap(s, w, ""), "\n") {
						if badBreak(line) {
							t.Errorf("%s/%s at %d: %q", l.ID, q.ID, w, line)
						}
					}
				}
			}
		}
	}
}

func TestFrenchInterfaceKeepsItsNoBreakSpaces(t *testing.T) {
	fr := reflect.ValueOf(*i18n.For("fr"))
	var walk func(v reflect.Value, name string)
	walk = func(v reflect.Value, name string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i), v.Type().Field(i).Name)
				}
			}
		case reflect.String:
			if name == "Colon" {
				return // a fragment that starts with its no-break space
			}
			for _, w := range []int{24, 30, 36, 40} {
				for _, line := range strings.Split(ansi.Wrap(v.String(), w, ""), "\n") {
					if badBreak(line) {
						t.Errorf("%s at %d: %q", name, w, line)
					}
				}
			}
		}
	}
	walk(fr, "Text")
}

// sweepWidths are the reader widths the French lessons are checked at.
var sweepWidths = []int{36, 40, 41, 57, 80}

// plainSpace finds an ordinary space where French typography wants a no-break one: before
// : ; ? ! after a word, inside « guillemets ». scripts/fr-typo fixes what it finds.
var plainSpace = regexp.MustCompile(`[\p{L}\p{N})»*'"%\]] [:;?!](\s|$|[)»*".,])|« | »`)

func TestFrenchTextUsesNoBreakSpaces(t *testing.T) {
	check := func(where, s string) {
		if m := plainSpace.FindString(s); m != "" {
			t.Errorf("%s: %q has an ordinary space where a no-break one belongs (run scripts/fr-typo)", where, m)
		}
	}
	fr := reflect.ValueOf(*i18n.For("fr"))
	var walk func(v reflect.Value, name string)
	walk = func(v reflect.Value, name string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i), v.Type().Field(i).Name)
				}
			}
		case reflect.String:
			check("catalog "+name, v.String())
		}
	}
	walk(fr, "Text")
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.Lessons("fr") {
		check(l.ID+" title", l.Title)
		for _, q := range l.Quiz.Questions {
			check(l.ID+"/"+q.ID, q.Prompt)
			for _, o := range q.Options {
				check(l.ID+"/"+q.ID, o.Text+"\n"+o.Why)
			}
			for _, s := range q.Scenarios {
				check(l.ID+"/"+q.ID, s.Text+"\n"+s.Why)
			}
		}
	}
}
