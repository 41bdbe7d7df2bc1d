package termrun

import (
	"sync"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Input limits. A learner types a few bytes at a time; these bound what a client that
// floods the session can make the server hold.
const (
	// escTimeout is how long a lone ESC (or an unfinished sequence) waits for the rest
	// before it counts as typed: the same 50 ms as bubbletea.
	escTimeout = uv.DefaultEscTimeout
	// maxPending is the most undecoded bytes kept; beyond it the buffer is decoded as is.
	maxPending = 4 << 10
	// maxPaste is the most pasted bytes kept; the rest of a paste is dropped.
	maxPaste = 64 << 10
	// readSize is the read buffer: key presses and terminal replies are short, and a
	// longer paste simply takes several reads.
	readSize = 512
)

// scanner turns terminal input into events. It is uv.TerminalReader's scanning logic on
// top of uv.EventDecoder, without its goroutines and without its key table: the table is
// a 140 KB map built per reader, and uv.EventDecoder alone decodes every key in it the
// same way except the 15 modified-F3 forms that collide with cursor position reports
// (checked by TestDecoderAgreesWithKeyTable).
type scanner struct {
	mu      sync.Mutex
	dec     uv.EventDecoder
	pending []byte // bytes not decoded yet: the start of a sequence
	pasting bool
	paste   []byte
	timer   *time.Timer // decodes pending bytes once no more arrive; nil when idle
}

// feed adds input and returns the events it completes. An unfinished sequence stays
// pending; expire then decodes it after escTimeout. expire is called on its own goroutine.
func (s *scanner) feed(b []byte, expire func()) []uv.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, b...)
	evs := s.scan(len(s.pending) > maxPending)
	if len(s.pending) > 0 {
		if s.timer == nil {
			s.timer = time.AfterFunc(escTimeout, expire)
		} else {
			s.timer.Reset(escTimeout)
		}
	} else if s.timer != nil {
		s.timer.Stop()
	}
	return evs
}

// expired decodes whatever is pending as final.
func (s *scanner) expired() []uv.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.scan(true)
}

// stop releases the timer.
func (s *scanner) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
	}
}

// scan decodes s.pending. Unless expired, it stops at a sequence that may still be
// incomplete (a lone ESC could be the start of an arrow key).
func (s *scanner) scan(expired bool) []uv.Event {
	var evs []uv.Event
	buf := s.pending
	for len(buf) > 0 {
		if s.pasting && (buf[0] == ansi.CAN || buf[0] == ansi.ETX) {
			// The input limit dropped the rest of this paste, end marker included, and
			// marked the place with a CAN; or the learner pressed ctrl+c. Either ends the
			// paste, so keys (ctrl+c above all) work again.
			evs = append(evs, uv.PasteEndEvent{}, uv.PasteEvent{Content: validUTF8(s.paste)})
			s.pasting, s.paste = false, nil
			if buf[0] == ansi.CAN {
				buf = buf[1:]
			}
			continue
		}
		esc := buf[0] == ansi.ESC
		n, ev := s.dec.Decode(buf)
		if n <= 0 {
			break
		}
		if s.pasting {
			if _, end := ev.(uv.PasteEndEvent); !end {
				switch ev := ev.(type) {
				case uv.KeyPressEvent:
					if ev.Text != "" {
						s.addPaste([]byte(ev.Text))
					} else {
						if esc && n <= 2 && !expired {
							s.keep(buf)
							return evs
						}
						s.addPaste(buf[:n])
					}
				case uv.UnknownEvent:
					if !expired {
						s.keep(buf)
						return evs
					}
				}
				buf = buf[n:]
				continue
			}
		}
		switch ev := ev.(type) {
		case uv.UnknownEvent:
			if !expired {
				s.keep(buf)
				return evs
			}
			// Nothing a model can use: dropped.
		case uv.PasteStartEvent:
			s.pasting, s.paste = true, s.paste[:0]
			evs = append(evs, ev)
		case uv.PasteEndEvent:
			evs = append(evs, ev, uv.PasteEvent{Content: validUTF8(s.paste)})
			s.pasting, s.paste = false, nil
		case nil:
		default:
			if esc && n <= 2 && !expired {
				s.keep(buf)
				return evs
			}
			if m, ok := ev.(uv.MultiEvent); ok {
				evs = append(evs, m...)
			} else {
				evs = append(evs, ev)
			}
		}
		buf = buf[n:]
	}
	s.keep(buf)
	return evs
}

// keep makes rest the pending bytes, reusing the buffer.
func (s *scanner) keep(rest []byte) {
	n := copy(s.pending, rest)
	s.pending = s.pending[:n]
	if n == 0 && cap(s.pending) > readSize {
		s.pending = nil // a burst is over: do not hold its buffer
	}
}

func (s *scanner) addPaste(b []byte) {
	if room := maxPaste - len(s.paste); room > 0 {
		s.paste = append(s.paste, b[:min(len(b), room)]...)
	}
}

// validUTF8 drops invalid bytes, as uv's reader does for pastes.
func validUTF8(b []byte) string {
	out := make([]rune, 0, len(b))
	for len(b) > 0 {
		r, w := utf8.DecodeRune(b)
		if r != utf8.RuneError {
			out = append(out, r)
		}
		b = b[w:]
	}
	return string(out)
}

// translate turns a terminal event into the bubbletea message a model expects (the same
// mapping as bubbletea's own input loop). ok is false for events no model can use.
func translate(e uv.Event) (msg tea.Msg, ok bool) {
	switch e := e.(type) {
	case uv.KeyPressEvent:
		return tea.KeyPressMsg(e), true
	case uv.KeyReleaseEvent:
		return tea.KeyReleaseMsg(e), true
	case uv.BackgroundColorEvent:
		return tea.BackgroundColorMsg(e), true
	case uv.ForegroundColorEvent:
		return tea.ForegroundColorMsg(e), true
	case uv.CursorColorEvent:
		return tea.CursorColorMsg(e), true
	case uv.CursorPositionEvent:
		return tea.CursorPositionMsg(e), true
	case uv.ClipboardEvent:
		return tea.ClipboardMsg(e), true
	case uv.FocusEvent:
		return tea.FocusMsg(e), true
	case uv.BlurEvent:
		return tea.BlurMsg(e), true
	case uv.MouseClickEvent:
		return tea.MouseClickMsg(e), true
	case uv.MouseMotionEvent:
		return tea.MouseMotionMsg(e), true
	case uv.MouseReleaseEvent:
		return tea.MouseReleaseMsg(e), true
	case uv.MouseWheelEvent:
		return tea.MouseWheelMsg(e), true
	case uv.PasteEvent:
		return tea.PasteMsg(e), true
	case uv.PasteStartEvent:
		return tea.PasteStartMsg(e), true
	case uv.PasteEndEvent:
		return tea.PasteEndMsg(e), true
	case uv.CapabilityEvent:
		return tea.CapabilityMsg(e), true
	case uv.TerminalVersionEvent:
		return tea.TerminalVersionMsg(e), true
	case uv.KeyboardEnhancementsEvent:
		return tea.KeyboardEnhancementsMsg(e), true
	case uv.ModeReportEvent:
		return tea.ModeReportMsg(e), true
	case uv.WindowSizeEvent:
		// A terminal's own size report; the SSH window-change request is what counts.
		return nil, false
	}
	return nil, false
}

// translateAll translates events, dropping those no model can use.
func (p *Program) translateAll(evs []uv.Event) []tea.Msg {
	var out []tea.Msg
	for _, e := range evs {
		if m, ok := translate(e); ok {
			out = append(out, m)
		}
	}
	return out
}
