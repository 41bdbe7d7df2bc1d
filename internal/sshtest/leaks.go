package sshtest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Leaks reports where any of needles appears in what the server kept: everything it
// logged, and every file under the host key's directory and under dirs (pass the test's
// TMPDIR to catch temporary files). An empty result means nothing was kept.
func (s *Server) Leaks(needles []string, dirs ...string) []string {
	var found []string
	check := func(where string, data []byte) {
		for _, n := range needles {
			if n != "" && bytes.Contains(data, []byte(n)) {
				found = append(found, fmt.Sprintf("%q in %s", n, where))
			}
		}
	}
	check("the server log", s.Log.Bytes())
	for _, dir := range append([]string{filepath.Dir(s.Cfg.HostKey)}, dirs...) {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			check(path, []byte(path))
			if data, err := os.ReadFile(path); err == nil {
				check(path, data)
			}
			return nil
		})
	}
	return found
}
