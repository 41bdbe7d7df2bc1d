package lessons

import (
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"tutord/internal/i18n"
)

// LoadDir reads an organisation's lesson directory from disk (DIR/LANG/NAME.md and
// NAME.quiz). Problems name files as DIR/LANG/NAME.md, as the author knows them.
func LoadDir(dir string) (Set, Problems) {
	p, ps := LoadPackDir(dir)
	return p.Lessons, ps
}

// LoadPackDir reads an organisation's lessons directory from disk, with its interface
// catalogs and course settings, checked against the built-in course.
func LoadPackDir(dir string) (Pack, Problems) {
	base, _ := BuiltinSet()
	pack, ps := LoadPack(os.DirFS(dir), ".", i18n.Builtin(), base)
	set := pack.Lessons
	for i := range ps {
		ps[i].File = path.Join(dir, ps[i].File)
	}
	for _, ls := range set {
		for _, l := range ls {
			l.File = path.Join(dir, l.File)
			l.Quiz.File = path.Join(dir, l.Quiz.File)
		}
	}
	return pack, ps
}

// WithCustom returns the built-in course with the lessons of set added, or replacing
// built-in lessons with the same id (see Overlay).
func WithCustom(set Set) (*Catalog, error) {
	base, ps := BuiltinSet()
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("built-in lessons: %w", err)
	}
	return NewCatalog(Overlay(base, set)), nil
}

// WithPack returns the built-in course with a lessons directory's lessons added or
// replacing built-in ones, its languages added, and the lessons in hide (course.toml's and
// the operator's -hide-lessons) left out.
func WithPack(p Pack, hide []string) (*Catalog, error) {
	base, ps := BuiltinSet()
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("built-in lessons: %w", err)
	}
	set := Overlay(base, p.Lessons)
	for _, id := range append(slices.Clone(p.Hide), hide...) {
		found := false
		for _, ls := range set {
			if _, ok := ls[id]; ok {
				found = true
				delete(ls, id)
			}
		}
		if !found {
			return nil, fmt.Errorf("hide lessons: there is no lesson %q (ids: %s)", id, strings.Join(NewCatalog(Overlay(base, p.Lessons)).IDs(), ", "))
		}
	}
	if len(set[BaseLang]) == 0 {
		return nil, fmt.Errorf("hide lessons: every lesson is hidden")
	}
	return newCatalog(set, i18n.Builtin().With(p.UI...)), nil
}

// BuiltinSet returns the built-in lessons as a Set, for overlaying and for tests.
func BuiltinSet() (Set, Problems) { return Load(builtin, "content") }
