package server_test

import (
	"testing"

	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// TestPanicEndsOnlyThatSession: a session whose model panics ends with an apology; the
// server and a session running next to it go on.
func TestPanicEndsOnlyThatSession(t *testing.T) {
	t.Parallel()
	for _, where := range []string{"update", "view", "cmd"} {
		t.Run(where, func(t *testing.T) {
			srv := sshtest.StartWith(t, []server.Option{server.PanicOn("!", where)})
			bystander := srv.Open(t, from(good), "")
			bystander.WaitFor("Start the course")

			victim := srv.Open(t, from(good), "")
			victim.WaitFor("Start the course")
			victim.Press("!")
			if code := victim.Wait(); code != 1 {
				t.Errorf("panicking session: exit %d, want 1", code)
			}
			victim.WaitForRaw("Sorry, something went wrong in this session and it had to end.")

			bystander.Press("enter")
			bystander.WaitFor(firstOfAll)
			bystander.Press("q")
			if code := bystander.Wait(); code != 0 {
				t.Errorf("the other session: exit %d", code)
			}
			works(t, srv, good)
		})
	}
}
