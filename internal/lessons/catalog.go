package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"

	"tutord/internal/i18n"
)

// BaseLang is the language every lesson falls back to.
const BaseLang = i18n.DefaultLang

// UIFile is the interface catalog in a language folder (LANG/ui.toml).
const UIFile = "ui.toml"

// CourseFile is the optional course settings file at the top of a lessons directory.
const CourseFile = "course.toml"

//go:embed content
var builtin embed.FS

// Set is the lessons read from one directory tree: language → lesson id → lesson.
type Set map[string]map[string]*Lesson

// Load reads every lesson under root in fsys (root/LANG/NAME.md with NAME.quiz beside it)
// and checks it. It returns all lessons it could read together with every problem found.
func Load(fsys fs.FS, root string) (Set, Problems) {
	p, ps := LoadPack(fsys, root, i18n.Builtin(), nil)
	return p.Lessons, ps
}

// Pack is a lessons directory as read: lessons per language, the interface catalogs of its
// language folders (LANG/ui.toml) and the lessons it hides (course.toml).
type Pack struct {
	Lessons Set
	UI      []*i18n.Text
	Hide    []string
}

// LoadPack reads a lessons directory. A folder is a language: its name is a language code
// (fr, pt-BR). A language the server does not speak needs its interface strings in
// LANG/ui.toml, checked key by key against ui; for one it speaks, ui.toml may change a few.
// Translations are compared with the base-language lesson of the same id, from the
// directory or else from base (the built-in course).
func LoadPack(fsys fs.FS, root string, ui *i18n.Bundle, base Set) (Pack, Problems) {
	var ps Problems
	pack := Pack{Lessons: Set{}}
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		ps = append(ps, Problem{File: root, Msg: fmt.Sprintf("cannot read the lesson directory: %v", err)})
		return pack, ps
	}
	for _, e := range entries {
		lang := e.Name()
		if !e.IsDir() {
			if lang == CourseFile {
				pack.Hide = loadCourse(fsys, path.Join(root, lang), &ps)
			}
			continue // a README or licence beside the language folders is fine
		}
		if strings.HasPrefix(lang, ".") {
			continue
		}
		dir := path.Join(root, lang)
		if tag, err := language.Parse(lang); err != nil || tag.String() != lang {
			hint := ""
			if err == nil {
				hint = fmt.Sprintf(" (did you mean %q?)", tag.String())
			}
			ps = append(ps, Problem{File: dir, Msg: fmt.Sprintf("folder %q is not a language code such as en, fr or pt-BR%s", lang, hint)})
			continue
		}
		uiFile := path.Join(dir, UIFile)
		if src, err := fs.ReadFile(fsys, uiFile); err == nil {
			t, cps := ui.Parse(uiFile, lang, src)
			ps = append(ps, cps...)
			if t != nil && len(cps) == 0 {
				pack.UI = append(pack.UI, t)
			}
		} else if !ui.Has(lang) {
			ps = append(ps, Problem{File: dir, Msg: fmt.Sprintf("%s is a new language: it needs its interface strings in %s (copy the English catalog, see docs/lesson-format.md)", lang, uiFile)})
		}
		loadLang(fsys, root, lang, pack.Lessons, &ps)
	}
	if len(pack.Lessons) == 0 && len(pack.UI) == 0 && len(ps) == 0 {
		ps = append(ps, Problem{File: root, Msg: "no lessons found; expected LANG/NAME.md and NAME.quiz (en/..., fr/...)"})
	}
	checkTranslations(pack.Lessons, base, &ps)
	ps.Sort()
	return pack, ps
}

// loadCourse reads course.toml: for now one setting, the built-in lessons to hide.
func loadCourse(fsys fs.FS, file string, ps *Problems) []string {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		*ps = append(*ps, Problem{File: file, Msg: fmt.Sprintf("cannot read: %v", err)})
		return nil
	}
	var c struct {
		Hide []string `toml:"hide"`
	}
	d := toml.NewDecoder(strings.NewReader(string(src)))
	d.DisallowUnknownFields()
	if err := d.Decode(&c); err != nil {
		line := 0
		if de, ok := err.(*toml.DecodeError); ok {
			line, _ = de.Position()
		} else if se, ok := err.(*toml.StrictMissingError); ok && len(se.Errors) > 0 {
			line, _ = se.Errors[0].Position()
		}
		*ps = append(*ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(`course settings: %v (known: hide = ["id", ...])`, err)})
	}
	return c.Hide
}

func loadLang(fsys fs.FS, root, lang string, set Set, ps *Problems) {
	dir := path.Join(root, lang)
	files, err := fs.ReadDir(fsys, dir)
	if err != nil {
		*ps = append(*ps, Problem{File: dir, Msg: fmt.Sprintf("cannot read: %v", err)})
		return
	}
	names := map[string]bool{}
	for _, f := range files {
		names[f.Name()] = true
	}
	byID := map[string]*Lesson{}
	for _, f := range files {
		name := f.Name()
		file := path.Join(dir, name)
		switch {
		case f.IsDir() || strings.HasPrefix(name, ".") || name == UIFile:
		case strings.HasSuffix(name, ".md"):
			src, err := fs.ReadFile(fsys, file)
			if err != nil {
				*ps = append(*ps, Problem{File: file, Msg: fmt.Sprintf("cannot read: %v", err)})
				continue
			}
			l := ParseLesson(file, lang, src, ps)
			quizFile := strings.TrimSuffix(file, ".md") + ".quiz"
			if qsrc, err := fs.ReadFile(fsys, quizFile); err != nil {
				*ps = append(*ps, Problem{File: file, Msg: fmt.Sprintf("every lesson has a quiz: %s is missing", quizFile)})
			} else {
				l.Quiz = ParseQuiz(quizFile, qsrc, ps)
				validateQuiz(l.Quiz, ps)
			}
			if l.ID == "" {
				continue
			}
			if prev, dup := byID[l.ID]; dup {
				*ps = append(*ps, Problem{File: file, Msg: fmt.Sprintf("lesson id %q is already used by %s", l.ID, prev.File)})
				continue
			}
			byID[l.ID] = l
		case strings.HasSuffix(name, ".quiz"):
			if !names[strings.TrimSuffix(name, ".quiz")+".md"] {
				*ps = append(*ps, Problem{File: file, Msg: "a quiz without a lesson: " + strings.TrimSuffix(name, ".quiz") + ".md is missing"})
			}
		default:
			*ps = append(*ps, Problem{File: file, Msg: "not a lesson (.md) or quiz (.quiz) file"})
		}
	}
	if len(byID) > 0 {
		set[lang] = byID
	}
}

// checkTranslations compares every translation with the base-language version of the same
// lesson: from the same set, or else from base.
func checkTranslations(set, base Set, ps *Problems) {
	for _, lang := range slices.Sorted(maps.Keys(set)) {
		if lang == BaseLang {
			continue
		}
		for _, id := range slices.Sorted(maps.Keys(set[lang])) {
			b, ok := set[BaseLang][id]
			if !ok {
				b, ok = base[BaseLang][id]
			}
			if ok {
				validateTranslation(b, set[lang][id], ps)
			}
		}
	}
}

// Catalog is the course as served: lessons in menu order, in every language.
type Catalog struct {
	ids    []string
	byLang Set
	langs  []string // languages with lessons, sorted, for the last fallback
	ui     *i18n.Bundle
}

// Builtin returns the course that ships inside the binary.
func Builtin() (*Catalog, error) {
	set, ps := Load(builtin, "content")
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("built-in lessons: %w", err)
	}
	return NewCatalog(set), nil
}

// BuiltinFS exposes the built-in lesson files (for `tutord check` examples and tests).
func BuiltinFS() fs.FS {
	sub, _ := fs.Sub(builtin, "content")
	return sub
}

// Overlay returns a catalog with the lessons of over added to, or replacing by id, those of
// base. A lesson replaced in any language is replaced in all: the built-in translations of
// that id are dropped, since they no longer match.
func Overlay(base, over Set) Set {
	replaced := map[string]bool{}
	for _, ls := range over {
		for id := range ls {
			replaced[id] = true
		}
	}
	out := Set{}
	for lang, ls := range base {
		for id, l := range ls {
			if !replaced[id] {
				if out[lang] == nil {
					out[lang] = map[string]*Lesson{}
				}
				out[lang][id] = l
			}
		}
	}
	for lang, ls := range over {
		for id, l := range ls {
			if out[lang] == nil {
				out[lang] = map[string]*Lesson{}
			}
			out[lang][id] = l
		}
	}
	return out
}

// NewCatalog orders a set of lessons for the menu.
func NewCatalog(set Set) *Catalog { return newCatalog(set, i18n.Builtin()) }

func newCatalog(set Set, ui *i18n.Bundle) *Catalog {
	c := &Catalog{byLang: set, ui: ui, langs: slices.Sorted(maps.Keys(set))}
	seen := map[string]bool{}
	for _, ls := range set {
		for id := range ls {
			if !seen[id] {
				seen[id] = true
				c.ids = append(c.ids, id)
			}
		}
	}
	sort.Slice(c.ids, func(i, j int) bool {
		a, b := c.Lesson(BaseLang, c.ids[i]), c.Lesson(BaseLang, c.ids[j])
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.ID < b.ID
	})
	return c
}

// UI is the interface strings for the languages this course is served in.
func (c *Catalog) UI() *i18n.Bundle { return c.ui }

// Len is the number of lessons.
func (c *Catalog) Len() int { return len(c.ids) }

// IDs returns the lesson ids in menu order.
func (c *Catalog) IDs() []string { return slices.Clone(c.ids) }

// Index returns the menu position of a lesson, or -1.
func (c *Catalog) Index(id string) int { return slices.Index(c.ids, id) }

// At returns the lesson at menu position i in lang.
func (c *Catalog) At(lang string, i int) *Lesson { return c.Lesson(lang, c.ids[i]) }

// Lesson returns the lesson with this id in lang, falling back to the base language and
// then to any language it exists in; nil if there is no such lesson.
func (c *Catalog) Lesson(lang, id string) *Lesson {
	if l, ok := c.byLang[lang][id]; ok {
		return l
	}
	if l, ok := c.byLang[BaseLang][id]; ok {
		return l
	}
	for _, lg := range c.langs {
		if l, ok := c.byLang[lg][id]; ok {
			return l
		}
	}
	return nil
}

// Lessons returns every lesson in lang, in menu order.
func (c *Catalog) Lessons(lang string) []*Lesson {
	out := make([]*Lesson, len(c.ids))
	for i, id := range c.ids {
		out[i] = c.Lesson(lang, id)
	}
	return out
}

// Translated reports whether the lesson exists in lang itself (not by fallback).
func (c *Catalog) Translated(lang, id string) bool {
	_, ok := c.byLang[lang][id]
	return ok
}

// Minutes is the total time of the course.
func (c *Catalog) Minutes() int {
	total := 0
	for _, l := range c.Lessons(BaseLang) {
		total += l.Minutes
	}
	return total
}

// Questions is the number of questions in the whole course.
func (c *Catalog) Questions() int {
	total := 0
	for _, l := range c.Lessons(BaseLang) {
		total += len(l.Quiz.Questions)
	}
	return total
}
