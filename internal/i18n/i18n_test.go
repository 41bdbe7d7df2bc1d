package i18n

import (
	"strings"
	"testing"
)

// The built-in catalogs load without a problem: every key in every language, placeholders
// as in English (a German "%d" where English has "%s" would print garbage).
func TestBuiltinCatalogs(t *testing.T) {
	if _, err := builtin(); err != nil {
		t.Fatal(err)
	}
	b := Builtin()
	if got := b.Langs(); len(got) < 2 || got[0] != "en" {
		t.Fatalf("langs %v: English first, then the others", got)
	}
	for _, l := range b.Langs() {
		if tx := b.For(l); tx.Lang != l || tx.LangName == "" || tx.CourseTitle == "" {
			t.Errorf("%s: %+v", l, tx.Lang)
		}
	}
}

func TestLanguageFromEnvironment(t *testing.T) {
	b := Builtin()
	for env, want := range map[string]string{
		"LANG=de_DE.UTF-8":   "de",
		"LANG=de_AT":         "de",
		"LANG=de":            "de",
		"LANG=en_US.UTF-8":   "en",
		"LANG=C":             "en",
		"LANG=C.UTF-8":       "en",
		"LANG=POSIX":         "en",
		"":                   "en",
		"LANG=dexter":        "en",
		"LANG=ja_JP.UTF-8":   "en",
		"LANG=%%%":           "en",
		"LC_ALL=de_CH.UTF-8": "de",
		"LANG=fr_FR.UTF-8":   "fr",
		"LANG=fr_CA.UTF-8":   "fr",
		"LANG=fr_BE":         "fr",
		"LANG=fr":            "fr",
		"LC_ALL=fr_CH.UTF-8": "fr",
	} {
		if got := b.FromEnv([]string{env}); got != want {
			t.Errorf("%q: got %s, want %s", env, got, want)
		}
	}
	if got := b.FromEnv([]string{"LANG=de_DE.UTF-8", "LC_ALL=en_GB.UTF-8"}); got != "en" {
		t.Errorf("LC_ALL must win over LANG, got %s", got)
	}
}

func TestNextCyclesThroughAll(t *testing.T) {
	b := Builtin()
	seen := map[string]bool{}
	l := b.Default()
	for range b.Langs() {
		seen[l] = true
		l = b.Next(l)
	}
	if l != b.Default() || len(seen) != len(b.Langs()) {
		t.Fatalf("L does not cycle through %v: saw %v", b.Langs(), seen)
	}
	// The built-in languages, in the order L goes through them.
	for from, to := range map[string]string{"en": "de", "de": "fr", "fr": "en"} {
		if got := b.Next(from); got != to {
			t.Errorf("L after %s: %s, want %s", from, got, to)
		}
	}
}

// Plural forms follow CLDR: French uses "one" for 0 and 1, English only for 1.
func TestPluralRules(t *testing.T) {
	b := Builtin()
	en, de := b.For("en"), b.For("de")
	if got := en.CourseSize.N(1, 1, 5); !strings.HasPrefix(got, "1 lesson,") {
		t.Errorf("en 1: %q", got)
	}
	if got := en.CourseSize.N(0, 0, 5); !strings.HasPrefix(got, "0 lessons,") {
		t.Errorf("en 0: %q", got)
	}
	if got := de.CourseSize.N(8, 8, 50); !strings.HasPrefix(got, "8 Lektionen,") {
		t.Errorf("de 8: %q", got)
	}
	fr := b.For("fr")
	if got := fr.CourseSize.N(0, 0, 5); !strings.HasPrefix(got, "0 leçon,") {
		t.Errorf("fr 0 takes the singular: %q", got)
	}
	if got := fr.CourseSize.N(1, 1, 5); !strings.HasPrefix(got, "1 leçon,") {
		t.Errorf("fr 1: %q", got)
	}
	if got := fr.CourseSize.N(2, 2, 5); !strings.HasPrefix(got, "2 leçons,") {
		t.Errorf("fr 2: %q", got)
	}
	if got := fr.MirrorMore.N(0); got != "et 0 autre" {
		t.Errorf("fr MirrorMore 0: %q", got)
	}
	// A verb agrees with the first of two numbers ("1 of 2 ... has").
	for _, c := range []struct{ got, want string }{
		{de.ClassClassRight.N(1, 1, 2), "1 von 2 in der Klasse hatte es richtig."},
		{de.ClassClassRight.N(2, 2, 3), "2 von 3 in der Klasse hatten es richtig."},
		{fr.ClassClassRight.N(1, 1, 2), "1 sur 2 dans la classe a trouvé la bonne réponse."},
		{fr.ClassClassRight.N(3, 3, 5), "3 sur 5 dans la classe ont trouvé la bonne réponse."},
		{de.ExpVerdictWeak.N(1, 1, 6), "Nichts Starkes verknüpft sie: 1 von 6 Merkmalen stimmt überein, und das teilen viele."},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// A new language must give every key; every problem comes with its line, in one run.
func TestParseReportsEveryProblem(t *testing.T) {
	src := `LangName = "Test"
# placeholders swapped
ClassAnswered = "%s von %d"
KeyMove = ""
Nonsense = "x"
CourseSize = { other = "%d x %d" }
`
	b := Builtin()
	_, ps := b.Parse("xx/ui.toml", "pt", []byte(src))
	var all []string
	for _, p := range ps {
		all = append(all, p.String())
	}
	got := strings.Join(all, "\n")
	for _, want := range []string{
		"xx/ui.toml:3: ClassAnswered has placeholders %s %d, but en has %d %d in this order",
		"xx/ui.toml:4: KeyMove is empty",
		"xx/ui.toml:5: unknown key Nonsense",
		`xx/ui.toml:6: CourseSize needs the "one" form in pt`,
		"KeyChoose is missing",
		"[Pseudonym] table is missing",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	// A language the server has may change only a few keys.
	de, ps := b.Parse("de/ui.toml", "de", []byte(`CourseTitle = "Unser Kurs"`))
	if len(ps) != 0 || de.CourseTitle != "Unser Kurs" || de.KeyMove != b.For("de").KeyMove {
		t.Fatalf("partial override: %v %q", ps, de.CourseTitle)
	}
	_, ps = b.Parse("bad.toml", "pt", []byte("LangName = \"x\nKeyMove = 3\n"))
	if len(ps) != 1 || ps[0].Line != 1 {
		t.Fatalf("invalid TOML: %v", ps)
	}
}

func TestPseudonymsByGrammar(t *testing.T) {
	b := Builtin()
	en, de := b.For("en").Pseudonym, b.For("de").Pseudonym
	if got := en.Name(0, 0); got != "Brave Otter" {
		t.Errorf("en: %q", got)
	}
	for n, want := range map[int]string{0: "Mutiger Otter", 1: "Mutige Eule", 17: "Mutiges Zebra"} {
		if got := de.Name(0, n); got != want {
			t.Errorf("de %d: %q, want %q", n, got, want)
		}
	}
	// French: the adjective after the noun, agreeing with its gender; one form for both.
	fr := b.For("fr").Pseudonym
	for an, want := range map[[2]int]string{{0, 0}: "Loutre courageuse", {0, 2}: "Renard courageux", {2, 0}: "Loutre calme", {23, 34}: "Abeille fière"} {
		if got := fr.Name(an[0], an[1]); got != want {
			t.Errorf("fr %v: %q, want %q", an, got, want)
		}
	}
}

// For hands out copies: changing one does not change what others get.
func TestForHandsOutCopies(t *testing.T) {
	a := For("en")
	a.KeyQuit = "changed"
	if For("en").KeyQuit == "changed" {
		t.Fatal("a caller changed the shared strings")
	}
}
