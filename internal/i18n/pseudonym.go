package i18n

import (
	"fmt"
	"strings"
)

// Pseudonyms are the words and grammar for classroom pseudonyms in one language. The lists
// are unexported so that no caller can change a language's words.
type Pseudonyms struct {
	format     string
	adjectives [][]string // forms per gender (one form: endings apply)
	animals    []string
	genders    []int // per animal, an index into the language's genders
	endings    []string
}

// Counts returns how many adjectives and animals there are.
func (p Pseudonyms) Counts() (adjectives, animals int) { return len(p.adjectives), len(p.animals) }

// Name puts together adjective a and animal n (both taken modulo the list lengths).
func (p Pseudonyms) Name(a, n int) string {
	if len(p.adjectives) == 0 || len(p.animals) == 0 {
		return ""
	}
	a, n = a%len(p.adjectives), n%len(p.animals)
	g := p.genders[n]
	forms := p.adjectives[a]
	var adj string
	switch {
	case len(forms) > 1:
		adj = forms[min(g, len(forms)-1)]
	case g < len(p.endings):
		adj = forms[0] + p.endings[g]
	default:
		adj = forms[0]
	}
	return fmt.Sprintf(p.format, adj, p.animals[n])
}

// pseudonymSource is the [Pseudonym] table as written.
type pseudonymSource struct {
	Format     string
	Genders    []string
	Endings    []string
	Adjectives []string
	Animals    []string
}

func (s pseudonymSource) build(bad func(string, ...any)) Pseudonyms {
	p := Pseudonyms{format: s.Format, endings: s.Endings}
	if s.Format == "" {
		bad("Pseudonym.Format is missing")
	}
	if len(s.Endings) > 0 && len(s.Endings) != len(s.Genders) {
		bad("Pseudonym.Endings has %d entries but Genders has %d; give one ending per gender", len(s.Endings), len(s.Genders))
	}
	for _, a := range s.Adjectives {
		forms := strings.Split(a, "/")
		if len(forms) > 1 && len(forms) != len(s.Genders) {
			bad("adjective %q has %d forms but there are %d genders", a, len(forms), len(s.Genders))
		}
		p.adjectives = append(p.adjectives, forms)
	}
	for _, w := range s.Animals {
		word, g, ok := strings.Cut(w, "/")
		gi := 0
		if ok {
			gi = index(s.Genders, g)
			if gi < 0 {
				bad("animal %q: gender %q is not one of Genders %v", w, g, s.Genders)
				gi = 0
			}
		} else if len(s.Genders) > 0 {
			bad("animal %q has no gender; write it as %q", w, w+"/"+s.Genders[0])
		}
		p.animals = append(p.animals, word)
		p.genders = append(p.genders, gi)
	}
	return p
}

func index(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
