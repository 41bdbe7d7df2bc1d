package load

import (
	"testing"

	"tutord/internal/sshtest"
)

// TestTickerTargetRunsTheCourse: the ticker target (bubbletea's own program per session)
// is what termrun is measured against, so it must keep running the course.
func TestTickerTargetRunsTheCourse(t *testing.T) {
	t.Parallel()
	srv := sshtest.StartRun(t, RunTicker)
	tm := srv.Open(t, sshtest.DefaultClient(), "")
	tm.WaitFor("Start the course")
	tm.Press("down", "enter")
	tm.WaitFor("Lessons", "0 of 8 read")
	tm.Press("q")
	if code := tm.Wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
	tm.WaitForRaw("Goodbye.")
}
