package i18n

import (
	"fmt"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Plural is a message with one form per CLDR plural category ("one", "few", "many",
// "other", ...), chosen by a number with the rules of the catalog's language (from
// golang.org/x/text, which carries the CLDR tables). Written in a catalog as
// `Key = { one = "...", other = "..." }`.
type Plural struct {
	tag   language.Tag
	forms [nForms]string // by plural.Form; copies share nothing
}

const nForms = 6 // plural.Other, Zero, One, Two, Few, Many

var formNames = map[string]plural.Form{
	"other": plural.Other, "zero": plural.Zero, "one": plural.One,
	"two": plural.Two, "few": plural.Few, "many": plural.Many,
}

func formName(f plural.Form) string {
	for k, v := range formNames {
		if v == f {
			return k
		}
	}
	return "other"
}

// N formats the form for n with args; without args, n is the only argument.
func (p Plural) N(n int, args ...any) string {
	if len(args) == 0 {
		args = []any{n}
	}
	return fmt.Sprintf(p.Form(n), args...)
}

// Form returns the format string for n, before formatting.
func (p Plural) Form(n int) string {
	if n < 0 {
		n = -n
	}
	s := p.forms[formFor(p.tag, n)]
	if s == "" {
		s = p.forms[plural.Other]
	}
	return s
}

func formFor(tag language.Tag, n int) plural.Form {
	// Whole numbers only: i = n, no visible fraction digits.
	return plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
}

// neededForms lists the categories a language uses for the whole numbers up to 1000, the
// ones a catalog must give ("other" always). Rarer ones (French "many" for a million) fall
// back to "other".
func neededForms(tag language.Tag) []plural.Form {
	seen := map[plural.Form]bool{plural.Other: true}
	out := []plural.Form{plural.Other}
	for n := 0; n <= 1000; n++ {
		if f := formFor(tag, n); !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
