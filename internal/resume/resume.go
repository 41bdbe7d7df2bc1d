// Package resume turns a learner's progress into a short code and back, so the learner can
// carry progress between sessions while the server keeps nothing.
//
// A code is written in Crockford's base 32 (digits and letters without I, L, O and U, so
// no two symbols look alike; typed I and L read as 1, O as 0) and grouped by dashes:
//
//	FF 3A0M…  C C
//	│  │       └─ two check symbols (Reed-Solomon over GF(32))
//	│  └───────── progress: per lesson in menu order, 2 bits (not started, read, quiz
//	│             taken) and, after a quiz, one bit per question (right at the first try)
//	└──────────── two symbols from a hash of the course's structure (lesson and question ids)
//
// The check symbols catch every single wrong character and every swap of two characters
// fewer than 31 apart, and usually point at a single wrong character. The course hash makes
// a code from a server with other lessons fail with a clear message instead of restoring
// the wrong progress. A code holds no identity and no time: anyone with the same progress
// on the same course gets the same code.
package resume

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"tutord/internal/lessons"
)

// alphabet is Crockford's base 32.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Lengths of a code in symbols, without dashes.
const (
	fpSymbols    = 2
	checkSymbols = 2
	// MinLen is the length of the code for no progress at all.
	MinLen = fpSymbols + checkSymbols
	// maxInput bounds the input looked at, so a pasted novel costs nothing.
	maxInput = 512
	// maxExtra is how much longer than this course's longest code a code may be and still
	// be checked: enough for a code from a somewhat bigger course to get the course message.
	maxExtra = 64
	group    = 4
)

// Kind is the kind of problem with a code, so the app can explain it in the learner's
// language.
type Kind int

// The kinds of problem Decode reports.
const (
	Empty     Kind = iota // nothing typed
	BadChar               // a character that is not in the alphabet
	TooShort              // fewer symbols than any code has
	TooLong               // more symbols than any code for this course
	Typo                  // the check symbols do not match
	Course                // a valid code for another course
	Malformed             // valid check symbols, but not a code this encoder makes
)

// Error is why a code was not accepted.
type Error struct {
	Kind Kind
	// Pos is the 1-based position of the character concerned (BadChar, and Typo when a
	// single wrong character could be located), counting letters and digits only; 0 if none.
	Pos int
	// Char is the offending character (BadChar).
	Char rune
	// Code is the code as read, grouped, for showing it back (Typo).
	Code string
	// Limit is the shortest or longest length (TooShort, TooLong).
	Limit int
}

func (e *Error) Error() string {
	switch e.Kind {
	case Empty:
		return "resume code: empty"
	case BadChar:
		return fmt.Sprintf("resume code: character %d %q is not in the alphabet", e.Pos, e.Char)
	case TooShort:
		return fmt.Sprintf("resume code: shorter than %d characters", e.Limit)
	case TooLong:
		return fmt.Sprintf("resume code: longer than %d characters", e.Limit)
	case Typo:
		if e.Pos > 0 {
			return fmt.Sprintf("resume code: checksum mismatch, character %d may be wrong", e.Pos)
		}
		return "resume code: checksum mismatch"
	case Course:
		return "resume code: made for a different course"
	default:
		return "resume code: malformed"
	}
}

// Codec encodes and decodes progress for one course. It is immutable and safe for
// concurrent use; build one per catalog.
type Codec struct {
	gf       *gf
	ids      []string
	counts   []int // questions per lesson
	fp       [fpSymbols]byte
	maxLen   int
	alphaIdx [256]int8
}

// New builds the codec for a catalog.
func New(c *lessons.Catalog) *Codec {
	k := &Codec{gf: newGF(), ids: c.IDs()}
	h := sha256.New()
	h.Write([]byte("tutord resume v1\n"))
	bits := 0
	for _, l := range c.Lessons(lessons.BaseLang) {
		n := len(l.Quiz.Questions)
		k.counts = append(k.counts, n)
		bits += 2 + n
		fmt.Fprintf(h, "%s %d", l.ID, n)
		for _, q := range l.Quiz.Questions {
			fmt.Fprintf(h, " %s", q.ID)
		}
		h.Write([]byte("\n"))
	}
	sum := h.Sum(nil)
	k.fp = [fpSymbols]byte{sum[0] & 31, sum[1] & 31}
	k.maxLen = MinLen + (bits+4)/5
	for i := range k.alphaIdx {
		k.alphaIdx[i] = -1
	}
	for i, r := range alphabet {
		k.alphaIdx[r] = int8(i)
		if r >= 'A' && r <= 'Z' {
			k.alphaIdx[r-'A'+'a'] = int8(i)
		}
	}
	// Crockford's aliases for look-alikes.
	for _, a := range []struct {
		r rune
		v int8
	}{{'I', 1}, {'i', 1}, {'L', 1}, {'l', 1}, {'O', 0}, {'o', 0}} {
		k.alphaIdx[a.r] = a.v
	}
	return k
}

// MaxLen is the length in symbols of the longest code for this course.
func (k *Codec) MaxLen() int { return k.maxLen }

// Encode returns the code for p, grouped by dashes (e.g. "K7QM-2XFD-9R"). Lessons in p
// that the course does not have are ignored.
func (k *Codec) Encode(p lessons.Progress) string {
	var w bitWriter
	for i, id := range k.ids {
		lp := p[id]
		switch {
		case lp.Results != nil:
			w.write(2, 2)
			for q := range k.counts[i] {
				bit := 0
				if q < len(lp.Results) && lp.Results[q] {
					bit = 1
				}
				w.write(uint64(bit), 1)
			}
		case lp.Status != lessons.NotStarted:
			w.write(1, 2)
		default:
			w.write(0, 2)
		}
	}
	data := w.symbols()
	// Trailing zero symbols carry nothing (lessons not started): leave them out, so early
	// progress gives short codes. Decode reads missing symbols as zero.
	for len(data) > 0 && data[len(data)-1] == 0 {
		data = data[:len(data)-1]
	}
	word := append(append([]byte{}, k.fp[:]...), data...)
	c := k.gf.checkSymbols(word)
	word = append(word, c[0], c[1])
	return format(word)
}

// Decode reads a code typed by a learner: any case, with or without dashes and spaces.
func (k *Codec) Decode(code string) (lessons.Progress, error) {
	if len(code) > maxInput {
		return nil, &Error{Kind: TooLong, Limit: k.maxLen}
	}
	var word []byte
	for _, r := range code {
		if r == '-' || r == ' ' || r == '\t' || r == '\u00a0' {
			continue
		}
		if r >= utf8.RuneSelf || k.alphaIdx[r] < 0 {
			return nil, &Error{Kind: BadChar, Pos: len(word) + 1, Char: r}
		}
		word = append(word, byte(k.alphaIdx[r]))
	}
	switch {
	case len(word) == 0:
		return nil, &Error{Kind: Empty}
	case len(word) < MinLen:
		return nil, &Error{Kind: TooShort, Limit: MinLen}
	case len(word) > k.maxLen+maxExtra:
		return nil, &Error{Kind: TooLong, Limit: k.maxLen}
	}
	// The checksum comes first: a mistyped code (even one with an extra character) gets
	// the typo message, and a sound code from another course the course message.
	if s1, s2 := k.gf.syndromes(word); s1 != 0 || s2 != 0 {
		return nil, &Error{Kind: Typo, Pos: k.gf.locate(s1, s2, len(word)) + 1, Code: format(word)}
	}
	if word[0] != k.fp[0] || word[1] != k.fp[1] {
		return nil, &Error{Kind: Course}
	}
	data := word[fpSymbols : len(word)-checkSymbols]
	if len(word) > k.maxLen || len(data) > 0 && data[len(data)-1] == 0 {
		return nil, &Error{Kind: Malformed} // longer than, or padded unlike, what Encode writes
	}
	r := bitReader{syms: data}
	p := lessons.Progress{}
	for i, id := range k.ids {
		switch r.read(2) {
		case 0:
		case 1:
			p[id] = lessons.LessonProgress{Status: lessons.Read}
		case 2:
			res := make([]bool, k.counts[i])
			for q := range res {
				res[q] = r.read(1) == 1
			}
			st := lessons.Read
			if lessons.Passed(res) {
				st = lessons.QuizPassed
			}
			p[id] = lessons.LessonProgress{Status: st, Results: res}
		default:
			return nil, &Error{Kind: Malformed}
		}
	}
	if !r.restZero() {
		return nil, &Error{Kind: Malformed}
	}
	return p, nil
}

// Merge adds restored progress to a session's own: nothing the learner did in this session
// is lost, and the better quiz result wins.
func Merge(into, restored lessons.Progress) {
	for id, lp := range restored {
		if lp.Status != lessons.NotStarted {
			into.MarkRead(id)
		}
		if lp.Results != nil {
			into.RecordQuiz(id, lp.Results)
		}
	}
}

// Canonical returns a code's symbols in upper case without dashes, as Encode would write
// them, or "" if it has characters outside the alphabet.
func (k *Codec) Canonical(code string) string {
	var b strings.Builder
	for _, r := range code {
		if r == '-' || r == ' ' || r == '\t' || r == '\u00a0' {
			continue
		}
		if r >= utf8.RuneSelf || k.alphaIdx[r] < 0 {
			return ""
		}
		b.WriteByte(alphabet[k.alphaIdx[r]])
	}
	return b.String()
}

// IsError reports whether err is a resume Error and returns it.
func IsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// format writes symbols in groups of four.
func format(word []byte) string {
	var b strings.Builder
	for i, s := range word {
		if i > 0 && i%group == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(alphabet[s])
	}
	return b.String()
}

// bitWriter packs bits, most significant first, into 5-bit symbols.
type bitWriter struct {
	bits []byte
}

func (w *bitWriter) write(v uint64, n int) {
	for i := n - 1; i >= 0; i-- {
		w.bits = append(w.bits, byte(v>>i)&1)
	}
}

func (w *bitWriter) symbols() []byte {
	out := make([]byte, (len(w.bits)+4)/5)
	for i, b := range w.bits {
		out[i/5] |= b << (4 - i%5)
	}
	return out
}

// bitReader reads bits from 5-bit symbols; past the end it reads zeros.
type bitReader struct {
	syms []byte
	pos  int
}

func (r *bitReader) read(n int) int {
	v := 0
	for range n {
		bit := 0
		if i := r.pos / 5; i < len(r.syms) {
			bit = int(r.syms[i]>>(4-r.pos%5)) & 1
		}
		v = v<<1 | bit
		r.pos++
	}
	return v
}

// restZero reports whether every bit not yet read is zero (only padding is left).
func (r *bitReader) restZero() bool {
	for r.pos < 5*len(r.syms) {
		if r.read(1) != 0 {
			return false
		}
	}
	return true
}
