package server

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

// plainWriter passes on what a plain session must send, and nothing more: text, line
// endings, and the sequences that draw a screen (cursor moves, erasing, the alternate
// screen, hiding the cursor). It drops what a dumb terminal or a screen reader would show
// as noise: keyboard-protocol requests, terminal queries, window titles, hyperlinks and
// other strings. The renderer sends those to every terminal; a plain session does not
// need them.
type plainWriter struct {
	mu  sync.Mutex
	w   io.Writer
	seq []byte // an escape sequence not yet complete
	st  pstate
	out bytes.Buffer
}

type pstate uint8

const (
	ground pstate = iota
	escape        // after ESC
	escInt        // ESC followed by an intermediate byte (ESC ( B)
	csi           // ESC [ ...
	str           // OSC, DCS, APC, PM or SOS: up to BEL or ESC \
	strEsc        // ESC inside a string
)

// maxSeq bounds a pending sequence; anything longer is dropped.
const maxSeq = 4096

func newPlainWriter(w io.Writer) *plainWriter { return &plainWriter{w: w} }

func (p *plainWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out.Reset()
	for _, c := range b {
		p.feed(c)
	}
	if p.out.Len() > 0 {
		if _, err := p.w.Write(p.out.Bytes()); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

func (p *plainWriter) feed(c byte) {
	if p.st != ground {
		p.seq = append(p.seq, c)
		if len(p.seq) > maxSeq {
			p.seq, p.st = p.seq[:0], ground
			return
		}
	}
	switch p.st {
	case ground:
		switch {
		case c == 0x1b:
			p.seq, p.st = append(p.seq[:0], c), escape
		case c >= 0x20 || c == '\r' || c == '\n' || c == '\b' || c == '\t':
			p.out.WriteByte(c)
		}
	case escape:
		switch {
		case c == '[':
			p.st = csi
		case c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X':
			p.st = str
		case c >= 0x20 && c <= 0x2f:
			p.st = escInt
		default:
			p.done(strings.IndexByte("78DEM", c) >= 0)
		}
	case escInt:
		if c >= 0x30 {
			p.done(false)
		}
	case csi:
		if c >= 0x40 && c <= 0x7e {
			p.done(keepCSI(p.seq))
		}
	case str:
		switch c {
		case 0x07:
			p.done(false)
		case 0x1b:
			p.st = strEsc
		}
	case strEsc:
		if c == '\\' {
			p.done(false)
		} else {
			p.st = str
		}
	}
}

func (p *plainWriter) done(keep bool) {
	if keep {
		p.out.Write(p.seq)
	}
	p.seq, p.st = p.seq[:0], ground
}

// keepCSI decides on one complete CSI sequence (ESC [ params intermediates final).
func keepCSI(seq []byte) bool {
	body := seq[2 : len(seq)-1]
	final := seq[len(seq)-1]
	if bytes.ContainsAny(body, " !\"#$%&'()*+,-./") {
		return false // intermediates: DECRQM ($p), cursor style ( q) and the like
	}
	if len(body) > 0 && body[0] == '?' {
		// Private modes: only the cursor, the alternate screen and autowrap.
		if final != 'h' && final != 'l' {
			return false
		}
		for _, m := range strings.Split(string(body[1:]), ";") {
			switch m {
			case "25", "1049", "1047", "47", "7":
			default:
				return false
			}
		}
		return true
	}
	if len(body) > 0 && (body[0] == '<' || body[0] == '=' || body[0] == '>') {
		return false // keyboard protocols and terminal identification
	}
	// Cursor movement, erasing, inserting and deleting, scrolling, insert mode, and SGR
	// (a plain session draws no colour; see the plain theme).
	return strings.IndexByte("@ABCDEFGHIJKLMPSTXZ`abdefghlmr", final) >= 0
}
