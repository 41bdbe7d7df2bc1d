package classroom

import "sync"

// subscriber tells one session that its room changed. It follows the buffered-channel
// pattern of benbjohnson/wtf's inmem events, with a buffer of one: a change while a
// notice is still pending merges into it. The room never waits for a session, and since a
// notice carries no data (the session reads the room's current state when it gets one),
// merging loses nothing: a slow session skips intermediate states, never the latest.
type subscriber struct {
	ch   chan struct{}
	done chan struct{}
	once sync.Once
}

// newSubscriber starts a goroutine that calls deliver once per (merged) notice until
// close. deliver may block (tea.Program.Send does until the program reads it); it must
// return once its session has ended.
func newSubscriber(deliver func()) *subscriber {
	s := &subscriber{ch: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		for {
			select {
			case <-s.done:
				return
			case <-s.ch:
				select {
				case <-s.done:
					return
				default:
				}
				deliver()
			}
		}
	}()
	s.notify() // the session reads the state it starts with
	return s
}

// notify never blocks.
func (s *subscriber) notify() {
	if s == nil {
		return
	}
	select {
	case s.ch <- struct{}{}:
	default: // a notice is already pending; it will show this change too
	}
}

func (s *subscriber) close() {
	if s == nil {
		return
	}
	s.once.Do(func() { close(s.done) })
}
