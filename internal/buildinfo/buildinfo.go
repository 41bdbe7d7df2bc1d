// Package buildinfo says which tutord this is, from what the Go toolchain records in the
// binary: the module version (a release tag, or "(devel)" for a local build), the VCS
// revision and whether the tree had changes, and the Go version.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Info is what the binary knows about its build.
type Info struct {
	Version   string // module version, "(devel)" when built from a checkout
	Revision  string // VCS commit, "" when not recorded (go run, -buildvcs=false)
	Modified  bool   // the checkout had uncommitted changes
	GoVersion string
}

// Read returns the build information of the running binary.
func Read() Info {
	i := Info{Version: "(unknown)", GoVersion: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return i
	}
	if bi.Main.Version != "" {
		i.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Revision = s.Value
		case "vcs.modified":
			i.Modified = s.Value == "true"
		}
	}
	return i
}

// String is the one line `tutord version` prints.
func (i Info) String() string {
	s := "tutord " + i.Version
	if i.Revision != "" {
		rev := i.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		s += " (" + rev
		if i.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return fmt.Sprintf("%s %s", s, i.GoVersion)
}
