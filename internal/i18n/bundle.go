package i18n

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"tutord/internal/problem"
)

// Bundle is the set of languages a server speaks, the default first. It is immutable; For
// hands out copies, so no caller can change a language for another.
type Bundle struct {
	langs   []string
	texts   map[string]*Text
	matcher language.Matcher
}

//go:embed catalog/*.toml
var builtinFS embed.FS

// DefaultLang is the language of the built-in course's originals, and the fallback.
const DefaultLang = "en"

var builtin = sync.OnceValues(loadBuiltin)

func loadBuiltin() (*Bundle, error) {
	files, err := builtinFS.ReadDir("catalog")
	if err != nil {
		return nil, err
	}
	b := &Bundle{texts: map[string]*Text{}}
	order := []string{DefaultLang}
	for _, f := range files {
		if l := strings.TrimSuffix(f.Name(), ".toml"); l != DefaultLang {
			order = append(order, l)
		}
	}
	var ps []Problem
	for _, lang := range order {
		file := path.Join("catalog", lang+".toml")
		src, err := builtinFS.ReadFile(file)
		if err != nil {
			return nil, err
		}
		t, p := parse(file, lang, src, nil, b.texts[DefaultLang])
		ps = append(ps, p...)
		if t != nil {
			b = b.With(t)
		}
	}
	if len(ps) > 0 {
		return nil, Problems(ps)
	}
	return b, nil
}

// Problems is every problem in a set of catalogs; as an error, one per line.
type Problems = problem.List

// Builtin returns the languages built into the binary (catalog/*.toml). The built-in
// catalogs are checked by the tests; a broken one is a build that must not ship.
func Builtin() *Bundle {
	b, err := builtin()
	if err != nil {
		panic(fmt.Sprintf("built-in catalogs: %v", err))
	}
	return b
}

// Parse reads a catalog file for lang against this bundle: for a language the bundle has,
// the file may give only the keys it changes; for a new language every key is required.
// Placeholders are compared with the default language.
func (b *Bundle) Parse(file, lang string, src []byte) (*Text, []Problem) {
	return parse(file, lang, src, b.texts[lang], b.texts[b.Default()])
}

// With returns a bundle with texts added, or replacing the languages they are for.
func (b *Bundle) With(texts ...*Text) *Bundle {
	nb := &Bundle{langs: slices.Clone(b.langs), texts: map[string]*Text{}}
	for l, t := range b.texts {
		nb.texts[l] = t
	}
	for _, t := range texts {
		if _, ok := nb.texts[t.Lang]; !ok {
			nb.langs = append(nb.langs, t.Lang)
		}
		c := *t
		nb.texts[t.Lang] = &c
	}
	tags := make([]language.Tag, len(nb.langs))
	for i, l := range nb.langs {
		tags[i] = language.Make(l)
	}
	nb.matcher = language.NewMatcher(tags)
	return nb
}

// Langs lists the languages, the default first.
func (b *Bundle) Langs() []string { return slices.Clone(b.langs) }

// Default is the language for clients whose locale matches none.
func (b *Bundle) Default() string { return b.langs[0] }

// Has reports whether the bundle speaks lang.
func (b *Bundle) Has(lang string) bool { _, ok := b.texts[lang]; return ok }

// For returns a copy of the strings for lang; an unknown language gets the default.
func (b *Bundle) For(lang string) *Text {
	t, ok := b.texts[lang]
	if !ok {
		t = b.texts[b.Default()]
	}
	c := *t
	return &c
}

// Next returns the language after lang, for the switch key: it cycles through all.
func (b *Bundle) Next(lang string) string {
	i := slices.Index(b.langs, lang)
	return b.langs[(i+1)%len(b.langs)]
}

// Match picks a language for a locale value such as "fr_CA.UTF-8", "de_AT" or "pt-BR",
// with golang.org/x/text/language: the closest language the bundle has, or the default
// when none is close ("C", "POSIX", a language it does not speak).
func (b *Bundle) Match(locale string) string {
	v := strings.TrimSpace(locale)
	if i := strings.IndexAny(v, ".@"); i >= 0 {
		v = v[:i] // encoding and modifier: "de_DE.UTF-8@euro"
	}
	if v == "" || v == "C" || v == "POSIX" {
		return b.Default()
	}
	tag, err := language.Parse(strings.ReplaceAll(v, "_", "-"))
	if err != nil {
		return b.Default()
	}
	_, i, conf := b.matcher.Match(tag)
	if conf == language.No {
		return b.Default()
	}
	return b.langs[i]
}

// FromEnv picks the language from a client's environment (KEY=VALUE lines), in the POSIX
// order: LC_ALL, then LC_MESSAGES, then LANG.
func (b *Bundle) FromEnv(env []string) string {
	vals := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vals[k] = v
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := vals[k]; v != "" {
			return b.Match(v)
		}
	}
	return b.Default()
}

// For returns the built-in strings for lang (see Bundle.For).
func For(lang string) *Text { return Builtin().For(lang) }

// Langs lists the built-in languages, the default first.
func Langs() []string { return Builtin().Langs() }

// Next is Builtin().Next.
func Next(lang string) string { return Builtin().Next(lang) }

// FromLocale is Builtin().Match.
func FromLocale(v string) string { return Builtin().Match(v) }

// FromEnv is Builtin().FromEnv.
func FromEnv(env []string) string { return Builtin().FromEnv(env) }
