package server_test

import (
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// TestTerminalRepliesReachTheApp: the server reads the keyboard itself (guard.go), so the
// terminal's answers to the app's queries must still arrive: the background colour, asked
// for at start, comes back as a BackgroundColorMsg; keys come as key presses.
func TestTerminalRepliesReachTheApp(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]bool{}
	srv := sshtest.StartWith(t, []server.Option{server.OnMsg(func(m tea.Msg) {
		mu.Lock()
		defer mu.Unlock()
		switch m := m.(type) {
		case tea.BackgroundColorMsg:
			seen["background"] = true
		case tea.KeyPressMsg:
			seen["key "+m.String()] = true
		}
	})})
	tm := srv.Open(t, from(good), "")
	tm.WaitFor("Start the course")
	tm.Press("down", "esc")
	// A lone ESC is a key only once nothing follows it for a moment: on a busy machine
	// the next key could still arrive in the same read (alt+up), so wait for it first.
	eventually(t, "the app gets esc", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return seen["key esc"]
	})
	tm.Press("up", "q")
	tm.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{"background", "key down", "key esc", "key up", "key q"} {
		if !seen[want] {
			t.Errorf("the app never got %s (got %v)", want, seen)
		}
	}
}
