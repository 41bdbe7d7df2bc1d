package main

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The layout docs/architecture.md promises, held by a test so it cannot drift.

// TestPackagesImportOnlyDownward: the curriculum knows nothing of SSH or terminals, the
// session app nothing of SSH, the runner nothing of tutord; only the server speaks SSH.
func TestPackagesImportOnlyDownward(t *testing.T) {
	t.Parallel()
	forbidden := map[string][]string{
		"lessons":   {"charm.land/ssh", "charm.land/wish", "golang.org/x/crypto/ssh", "charm.land/bubbletea", "tutord/internal/session", "tutord/internal/server"},
		"session":   {"charm.land/ssh", "charm.land/wish", "golang.org/x/crypto/ssh", "tutord/internal/server"},
		"termrun":   {"tutord/"},
		"classroom": {"charm.land/ssh", "tutord/internal/session", "tutord/internal/server"},
		"limits":    {"tutord/"},
		"config":    {"tutord/"},
		"i18n":      {"tutord/"}, // but problem, the content checks' report (allowed below)
		"mirror":    {"charm.land/ssh", "tutord/internal/session", "tutord/internal/server"},
	}
	for pkg, bad := range forbidden {
		p, err := build.ImportDir(filepath.Join("..", "..", "internal", pkg), 0)
		if err != nil {
			t.Fatalf("%s: %v", pkg, err)
		}
		for _, imp := range p.Imports {
			if imp == "tutord/internal/problem" {
				continue // a leaf every content package may use
			}
			for _, b := range bad {
				if imp == b || strings.HasPrefix(imp, strings.TrimSuffix(b, "/")+"/") {
					t.Errorf("internal/%s imports %s (docs/architecture.md: it must not)", pkg, imp)
				}
			}
		}
	}
}

// TestNoExportedPackageVariables: no package-level variable another package could change;
// sentinel errors (Err...) are the one kind allowed.
func TestNoExportedPackageVariables(t *testing.T) {
	t.Parallel()
	for _, root := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, decl := range f.Decls {
				g, ok := decl.(*ast.GenDecl)
				if !ok || g.Tok != token.VAR {
					continue
				}
				for _, spec := range g.Specs {
					for _, n := range spec.(*ast.ValueSpec).Names {
						if n.IsExported() && !strings.HasPrefix(n.Name, "Err") {
							t.Errorf("%s: exported package variable %s (make it a function or unexported)", path, n.Name)
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
