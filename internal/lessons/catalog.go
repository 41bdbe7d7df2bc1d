package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// BaseLang is the language every lesson falls back to.
const BaseLang = "en"

// Languages are the languages the course is written in, base first. A lesson directory may
// only hold these.
var Languages = []string{"en", "de"}

//go:embed content
var builtin embed.FS

// Set is the lessons read from one directory tree: language → lesson id → lesson.
type Set map[string]map[string]*Lesson

// Load reads every lesson under root in fsys (root/LANG/NAME.md with NAME.quiz beside it)
// and checks it. It returns all lessons it could read together with every problem found.
func Load(fsys fs.FS, root string) (Set, Problems) {
	var ps Problems
	set := Set{}
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		ps = append(ps, Problem{File: root, Msg: fmt.Sprintf("cannot read the lesson directory: %v", err)})
		return set, ps
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue // a README or licence beside the language folders is fine
		}
		lang := e.Name()
		if strings.HasPrefix(lang, ".") {
			continue
		}
		if !slices.Contains(Languages, lang) {
			ps = append(ps, Problem{File: path.Join(root, lang), Msg: fmt.Sprintf("unknown language folder %q (known: %s)", lang, strings.Join(Languages, ", "))})
			continue
		}
		loadLang(fsys, root, lang, set, &ps)
	}
	if len(set) == 0 && len(ps) == 0 {
		ps = append(ps, Problem{File: root, Msg: fmt.Sprintf("no lessons found; expected %s/NAME.md and NAME.quiz", strings.Join(Languages, "|"))})
	}
	checkTranslations(set, &ps)
	ps.sort()
	return set, ps
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
		case f.IsDir() || strings.HasPrefix(name, "."):
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
// lesson.
func checkTranslations(set Set, ps *Problems) {
	base := set[BaseLang]
	for _, lang := range Languages {
		if lang == BaseLang {
			continue
		}
		for id, tr := range set[lang] {
			if b, ok := base[id]; ok {
				validateTranslation(b, tr, ps)
			}
		}
	}
}

// Catalog is the course as served: lessons in menu order, in every language.
type Catalog struct {
	ids    []string
	byLang Set
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
func NewCatalog(set Set) *Catalog {
	c := &Catalog{byLang: set}
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
	for _, lg := range Languages {
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
