package audit

import (
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestRealServerKeepsNothing builds tutord and audits it: a full session with distinctive
// values, then a scan of everything the server wrote. Nothing may be found.
func TestRealServerKeepsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin := filepath.Join(t.TempDir(), "tutord")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	build := exec.Command(gobin, "build", "-o", bin, "tutord/cmd/tutord")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	rep, err := Run(context.Background(), Options{Binary: bin, Log: logWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Print(&b)
	t.Log("\n" + b.String())
	for _, f := range rep.Findings {
		t.Errorf("%s holds the learner's %s (%q): %q", f.Source, f.What, f.Form, f.Context)
	}
	ran := 0
	for _, s := range rep.Steps {
		if s.Err != nil {
			t.Errorf("step %q: %v", s.Name, s.Err)
		}
		if s.Skipped == "" {
			ran++
		}
	}
	if ran < 3 {
		t.Errorf("only %d steps ran", ran)
	}
	var logged int
	for _, s := range rep.Sources {
		if s.Name == "tutord stderr" {
			logged = s.Bytes
		}
	}
	if logged == 0 {
		t.Error("the server logged nothing: the scan proves nothing")
	}
}

// TestScanFindsWhatIsThere: the scan itself must find a value in every form it knows, and
// a port only as a whole number.
func TestScanFindsWhatIsThere(t *testing.T) {
	id, err := newIdentity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	vs := values(id, []int{43121})
	for _, v := range vs {
		for _, f := range v.Forms {
			if got := scan("log", []byte("x "+f+" y"), vs); len(got) == 0 {
				t.Errorf("%s %q not found", v.What, f)
			}
		}
	}
	for text, want := range map[string]bool{"remote=127.0.0.1:43121": true, "port 43121\n": true, "443121": false, "431210": false} {
		found := false
		for _, f := range scan("log", []byte(text), vs) {
			found = found || f.What == "source port"
		}
		if found != want {
			t.Errorf("%q: port found %v, want %v", text, found, want)
		}
	}
}

type logWriter struct{ t *testing.T }

func (l logWriter) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
