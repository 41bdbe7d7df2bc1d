package lessons

import (
	"fmt"
	"os"
	"path"
)

// LoadDir reads an organisation's lesson directory from disk (DIR/LANG/NAME.md and
// NAME.quiz). Problems name files as DIR/LANG/NAME.md, as the author knows them.
func LoadDir(dir string) (Set, Problems) {
	set, ps := Load(os.DirFS(dir), ".")
	for i := range ps {
		ps[i].File = path.Join(dir, ps[i].File)
	}
	for _, ls := range set {
		for _, l := range ls {
			l.File = path.Join(dir, l.File)
			l.Quiz.File = path.Join(dir, l.Quiz.File)
		}
	}
	return set, ps
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

// BuiltinSet returns the built-in lessons as a Set, for overlaying and for tests.
func BuiltinSet() (Set, Problems) { return Load(builtin, "content") }
