package linemode

import (
	"bufio"
	"errors"
	"io"
	"unicode/utf8"
)

// MaxLine is the longest answer line read; anything longer is refused as a whole.
const MaxLine = 1024

// ErrTooLong is returned for a line longer than MaxLine (the rest of it is skipped).
var ErrTooLong = errors.New("line too long")

// ErrInterrupt is returned when the learner presses ctrl+c on a terminal.
var ErrInterrupt = errors.New("interrupted")

// Input gives the learner's answers one line at a time, without the line ending.
type Input interface {
	ReadLine() (string, error)
}

// Lines reads lines from a stream without a terminal: a pipe, a file, or a client whose
// own terminal does the echo and line editing (ssh HOST quiz ID).
func Lines(r io.Reader) Input { return &lines{r: bufio.NewReaderSize(r, MaxLine+2)} }

type lines struct{ r *bufio.Reader }

func (l *lines) ReadLine() (string, error) {
	line, err := l.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		// Skip to the end of this line and refuse it.
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = l.r.ReadSlice('\n')
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return "", ErrTooLong
	}
	if err != nil && (!errors.Is(err, io.EOF) || len(line) == 0) {
		return "", err
	}
	s := string(line)
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s, nil
}

// Terminal reads lines from a terminal in raw mode (ssh -t HOST quiz ID): the server's side
// of the connection has no line discipline, so this echoes what is typed to echo and
// handles backspace, ctrl+u, ctrl+c and ctrl+d. Escape sequences (arrow keys) are ignored.
func Terminal(r io.Reader, echo io.Writer) Input {
	return &terminal{r: bufio.NewReader(r), echo: echo}
}

type terminal struct {
	r      *bufio.Reader
	echo   io.Writer
	lastCR bool
}

func (t *terminal) ReadLine() (string, error) {
	var buf []byte
	tooLong := false
	for {
		c, err := t.r.ReadByte()
		if err != nil {
			return "", err
		}
		wasCR := t.lastCR
		t.lastCR = c == '\r'
		switch {
		case c == '\n' && wasCR:
			continue // the \n of a \r\n pair
		case c == '\r' || c == '\n':
			_, _ = io.WriteString(t.echo, "\r\n")
			if tooLong {
				return "", ErrTooLong
			}
			return string(buf), nil
		case c == 0x03:
			_, _ = io.WriteString(t.echo, "^C\r\n")
			return "", ErrInterrupt
		case c == 0x04:
			if len(buf) == 0 {
				_, _ = io.WriteString(t.echo, "\r\n")
				return "", io.EOF
			}
		case c == 0x7f || c == 0x08:
			if len(buf) > 0 {
				_, n := utf8.DecodeLastRune(buf)
				buf = buf[:len(buf)-n]
				_, _ = io.WriteString(t.echo, "\b \b")
			}
		case c == 0x15:
			for range utf8.RuneCount(buf) {
				_, _ = io.WriteString(t.echo, "\b \b")
			}
			buf = buf[:0]
		case c == 0x1b:
			t.skipEscape()
		case c < 0x20:
			// other control keys do nothing
		default:
			if len(buf) >= MaxLine {
				tooLong = true
				continue
			}
			buf = append(buf, c)
			_, _ = t.echo.Write([]byte{c})
		}
	}
}

// skipEscape reads the rest of an escape sequence: CSI (ESC [ ... final), SS3 (ESC O x) or
// ESC plus one character.
func (t *terminal) skipEscape() {
	c, err := t.r.ReadByte()
	if err != nil {
		return
	}
	switch c {
	case '[':
		for i := 0; i < 32; i++ {
			c, err := t.r.ReadByte()
			if err != nil || (c >= 0x40 && c <= 0x7e) {
				return
			}
		}
	case 'O':
		_, _ = t.r.ReadByte()
	}
}

// crlf writes text for a terminal without output processing: \n becomes \r\n.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p)+8)
	for _, b := range p {
		if b == '\n' {
			out = append(out, '\r')
		}
		out = append(out, b)
	}
	if _, err := c.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// CRLF returns w with every \n turned into \r\n, for output to a terminal.
func CRLF(w io.Writer) io.Writer { return crlf{w} }
