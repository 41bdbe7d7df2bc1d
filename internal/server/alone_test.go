package server_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"
)

// aloneEnv names the test a child process of this test binary runs alone.
const aloneEnv = "TUTORD_TEST_ALONE"

// alone reports whether the calling test runs in a process of its own. Tests that count
// what the whole process holds (goroutines, file descriptors, heap) cannot share it with
// other tests, but need not hold everyone up either: in the parent, alone marks the test
// parallel, runs it again in a child process of this test binary with only that test
// selected, passes the child's result on and returns false; in the child it returns true
// and the test's body runs, undisturbed.
func alone(t *testing.T) bool {
	t.Helper()
	if os.Getenv(aloneEnv) == t.Name() {
		return true
	}
	t.Parallel()
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-5*time.Second))
		defer cancel()
	}
	args := []string{"-test.run=^" + regexp.QuoteMeta(t.Name()) + "$", "-test.v"}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), aloneEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in its own process: %v\n%s", t.Name(), err, out)
	}
	if !bytes.Contains(out, []byte("--- PASS: "+t.Name())) && !bytes.Contains(out, []byte("--- SKIP: "+t.Name())) {
		t.Fatalf("%s did not run in its own process:\n%s", t.Name(), out)
	}
	if testing.Verbose() {
		t.Logf("%s in its own process:\n%s", t.Name(), out)
	}
	return false
}
