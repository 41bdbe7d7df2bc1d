package resume

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"tutord/internal/lessons"
)

func builtin(t testing.TB) *lessons.Catalog {
	t.Helper()
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// states are the ways a learner can leave one lesson, built the way the app builds them.
func states(n int) map[string]func(p lessons.Progress, id string) {
	res := func(f func(q int) bool) []bool {
		r := make([]bool, n)
		for q := range r {
			r[q] = f(q)
		}
		return r
	}
	st := map[string]func(lessons.Progress, string){
		"not started": func(lessons.Progress, string) {},
		"read":        func(p lessons.Progress, id string) { p.MarkRead(id) },
		"all right": func(p lessons.Progress, id string) {
			p.MarkRead(id)
			p.RecordQuiz(id, res(func(int) bool { return true }))
		},
		"all wrong": func(p lessons.Progress, id string) {
			p.MarkRead(id)
			p.RecordQuiz(id, res(func(int) bool { return false }))
		},
		"every other": func(p lessons.Progress, id string) {
			p.MarkRead(id)
			p.RecordQuiz(id, res(func(q int) bool { return q%2 == 0 }))
		},
		"failed then passed": func(p lessons.Progress, id string) {
			p.MarkRead(id)
			p.RecordQuiz(id, res(func(q int) bool { return q == 0 }))
			p.RecordQuiz(id, res(func(q int) bool { return q != 0 }))
		},
	}
	for q := range n {
		st[fmt.Sprintf("only question %d right", q+1)] = func(p lessons.Progress, id string) {
			p.MarkRead(id)
			p.RecordQuiz(id, res(func(i int) bool { return i == q }))
		}
	}
	return st
}

func roundTrip(t *testing.T, k *Codec, p lessons.Progress) string {
	t.Helper()
	code := k.Encode(p)
	got, err := k.Decode(code)
	if err != nil {
		t.Fatalf("decode %s: %v", code, err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("code %s\nencoded %v\ndecoded %v", code, p, got)
	}
	if len(k.Canonical(code)) > k.MaxLen() {
		t.Fatalf("code %s is longer than MaxLen %d", code, k.MaxLen())
	}
	return code
}

// TestRoundTripEveryLessonState puts every lesson, alone and next to others, in every state.
func TestRoundTripEveryLessonState(t *testing.T) {
	c := builtin(t)
	k := New(c)
	ids := c.IDs()
	for i, l := range c.Lessons(lessons.BaseLang) {
		for name, set := range states(len(l.Quiz.Questions)) {
			p := lessons.Progress{}
			set(p, l.ID)
			roundTrip(t, k, p)
			// The same state with every other lesson done, before and after it.
			full := lessons.Progress{}
			for j, id := range ids {
				if j != i {
					states(len(c.At("en", j).Quiz.Questions))["every other"](full, id)
				}
			}
			set(full, l.ID)
			if code := roundTrip(t, k, full); code == "" {
				t.Fatalf("%s %s: empty code", l.ID, name)
			}
		}
	}
}

func TestRoundTripRandomProgress(t *testing.T) {
	c := builtin(t)
	k := New(c)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		p := randomProgress(rng, c)
		roundTrip(t, k, p)
	}
}

func randomProgress(rng *rand.Rand, c *lessons.Catalog) lessons.Progress {
	p := lessons.Progress{}
	for _, l := range c.Lessons(lessons.BaseLang) {
		switch rng.IntN(3) {
		case 1:
			p.MarkRead(l.ID)
		case 2:
			p.MarkRead(l.ID)
			for range 1 + rng.IntN(2) {
				r := make([]bool, len(l.Quiz.Questions))
				for q := range r {
					r[q] = rng.IntN(2) == 0
				}
				p.RecordQuiz(l.ID, r)
			}
		}
	}
	return p
}

func TestEmptyProgressAndSizes(t *testing.T) {
	c := builtin(t)
	k := New(c)
	empty := k.Encode(lessons.Progress{})
	if n := len(k.Canonical(empty)); n != MinLen {
		t.Errorf("empty progress gives %s, %d symbols, want %d", empty, n, MinLen)
	}
	if p, err := k.Decode(empty); err != nil || len(p) != 0 {
		t.Errorf("empty code decodes to %v, %v", p, err)
	}
	// The longest code for the built-in course stays short enough to write down.
	all := lessons.Progress{}
	for _, l := range c.Lessons("en") {
		states(len(l.Quiz.Questions))["all right"](all, l.ID)
	}
	full := k.Encode(all)
	t.Logf("empty progress: %s; everything right: %s (%d symbols)", empty, full, len(k.Canonical(full)))
	if n := len(k.Canonical(full)); n > 20 {
		t.Errorf("a full code has %d symbols (%s); too long to type", n, full)
	}
	// Reading one lesson gives a short code.
	one := lessons.Progress{}
	one.MarkRead(c.IDs()[0])
	if n := len(k.Canonical(k.Encode(one))); n > MinLen+1 {
		t.Errorf("one lesson read gives %d symbols", n)
	}
}

func TestSameProgressSameCode(t *testing.T) {
	c := builtin(t)
	a, b := lessons.Progress{}, lessons.Progress{}
	for _, p := range []lessons.Progress{a, b} {
		p.MarkRead("terms")
		p.RecordQuiz("meanings", []bool{true, true, false, true, true})
	}
	// Two codecs, as two sessions or two servers with the same course would build them.
	if x, y := New(c).Encode(a), New(builtin(t)).Encode(b); x != y {
		t.Errorf("same progress, different codes: %s and %s", x, y)
	}
}

func TestTypingVariantsAreAccepted(t *testing.T) {
	c := builtin(t)
	k := New(c)
	p := randomProgress(rand.New(rand.NewPCG(3, 4)), c)
	code := k.Encode(p)
	canon := k.Canonical(code)
	variants := []string{
		code,
		strings.ToLower(code),
		canon,
		" " + strings.ReplaceAll(code, "-", " ") + " ",
		strings.NewReplacer("1", "l", "0", "O").Replace(code),
		strings.NewReplacer("1", "I", "0", "o").Replace(strings.ToLower(code)),
	}
	for _, v := range variants {
		got, err := k.Decode(v)
		if err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("%q (from %s): %v, %v", v, code, got, err)
		}
	}
}

// codesToCheck are codes of several lengths, up to the longest.
func codesToCheck(t *testing.T, k *Codec, c *lessons.Catalog) []string {
	rng := rand.New(rand.NewPCG(5, 6))
	codes := []string{k.Encode(lessons.Progress{})}
	one := lessons.Progress{}
	one.MarkRead(c.IDs()[0])
	codes = append(codes, k.Encode(one))
	all := lessons.Progress{}
	for _, l := range c.Lessons("en") {
		states(len(l.Quiz.Questions))["all right"](all, l.ID)
	}
	codes = append(codes, k.Encode(all))
	for range 6 {
		codes = append(codes, k.Encode(randomProgress(rng, c)))
	}
	return codes
}

// TestOneWrongCharacterIsRejected changes each character of several codes to every other
// symbol: each one must be refused as a typo, and the wrong character located.
func TestOneWrongCharacterIsRejected(t *testing.T) {
	c := builtin(t)
	k := New(c)
	for _, code := range codesToCheck(t, k, c) {
		canon := []byte(k.Canonical(code))
		for i := range canon {
			for _, s := range []byte(alphabet) {
				if s == canon[i] {
					continue
				}
				typo := append([]byte{}, canon...)
				typo[i] = s
				_, err := k.Decode(string(typo))
				e, ok := IsError(err)
				if !ok || e.Kind != Typo {
					t.Fatalf("%s with character %d changed to %c: err %v, want a typo", code, i+1, s, err)
				}
				if e.Pos != i+1 {
					t.Errorf("%s with character %d changed to %c: located at %d", code, i+1, s, e.Pos)
				}
			}
		}
	}
}

// TestSwappedCharactersAreRejected swaps every pair of different characters.
func TestSwappedCharactersAreRejected(t *testing.T) {
	c := builtin(t)
	k := New(c)
	for _, code := range codesToCheck(t, k, c) {
		canon := []byte(k.Canonical(code))
		for i := range canon {
			for j := i + 1; j < len(canon) && j-i < order; j++ {
				if canon[i] == canon[j] {
					continue
				}
				sw := append([]byte{}, canon...)
				sw[i], sw[j] = sw[j], sw[i]
				if _, err := k.Decode(string(sw)); err == nil {
					t.Fatalf("%s with characters %d and %d swapped was accepted", code, i+1, j+1)
				}
			}
		}
	}
}

// bigCatalog has more lessons than fit in 31 symbols, as an organisation's course might.
func bigCatalog(t testing.TB, n int) *lessons.Catalog {
	base := builtin(t)
	set := lessons.Set{"en": {}}
	for i := range n {
		l := *base.At("en", i%base.Len())
		l.ID = fmt.Sprintf("custom-%02d", i)
		l.Order = i
		set["en"][l.ID] = &l
	}
	return lessons.NewCatalog(set)
}

func TestLongCodesStillCatchOneWrongCharacter(t *testing.T) {
	c := bigCatalog(t, 30)
	k := New(c)
	all := lessons.Progress{}
	for _, l := range c.Lessons("en") {
		states(len(l.Quiz.Questions))["every other"](all, l.ID)
	}
	code := k.Encode(all)
	canon := []byte(k.Canonical(code))
	if len(canon) <= order {
		t.Fatalf("code %s is not longer than %d symbols", code, order)
	}
	roundTrip(t, k, all)
	for i := range canon {
		for _, s := range []byte(alphabet) {
			if s != canon[i] {
				typo := append([]byte{}, canon...)
				typo[i] = s
				if _, err := k.Decode(string(typo)); err == nil {
					t.Fatalf("character %d changed to %c was accepted", i+1, s)
				}
			}
		}
		if i+1 < len(canon) && canon[i] != canon[i+1] {
			sw := append([]byte{}, canon...)
			sw[i], sw[i+1] = sw[i+1], sw[i]
			if _, err := k.Decode(string(sw)); err == nil {
				t.Fatalf("characters %d and %d swapped were accepted", i+1, i+2)
			}
		}
	}
}

func TestBadCodesSayWhy(t *testing.T) {
	c := builtin(t)
	k := New(c)
	other := New(bigCatalog(t, 5))
	foreign := other.Encode(lessons.Progress{"custom-01": {Status: lessons.Read}})
	for _, tc := range []struct {
		code string
		kind Kind
		pos  int
	}{
		{"", Empty, 0},
		{" - -", Empty, 0},
		{"AB", TooShort, 0},
		{"K7QM-2XFD-9R!", BadChar, 11},
		{"UUUU", BadChar, 1},
		{"ÄBCD", BadChar, 1},
		{"AB\x1b[31mCD", BadChar, 3},
		{strings.Repeat("A", 600), TooLong, 0},
		{strings.Repeat("Z", k.MaxLen()+maxExtra+1), TooLong, 0},
		{foreign, Course, 0},
	} {
		_, err := k.Decode(tc.code)
		e, ok := IsError(err)
		if !ok || e.Kind != tc.kind || e.Pos != tc.pos {
			t.Errorf("%q: got %#v (%v), want kind %d at %d", tc.code, e, err, tc.kind, tc.pos)
		}
	}
	// A code whose checksum holds but that the encoder never writes.
	word := append([]byte{}, k.fp[:]...)
	word = append(word, 0) // a trailing zero symbol
	cs := k.gf.checkSymbols(word)
	padded := format(append(word, cs[0], cs[1]))
	if _, err := k.Decode(padded); err == nil {
		t.Errorf("%s (non-canonical padding) was accepted", padded)
	}
	word = append(append([]byte{}, k.fp[:]...), 31) // state 3 for the first lesson
	cs = k.gf.checkSymbols(word)
	bad := format(append(word, cs[0], cs[1]))
	if _, err := k.Decode(bad); err == nil {
		t.Errorf("%s (impossible lesson state) was accepted", bad)
	}
}

func TestMergeKeepsTheBetter(t *testing.T) {
	own := lessons.Progress{}
	own.MarkRead("meanings")
	own.RecordQuiz("meanings", []bool{true, true, true, true, true})
	restored := lessons.Progress{
		"meanings": {Status: lessons.Read, Results: []bool{false, false, false, false, false}},
		"terms":    {Status: lessons.Read},
	}
	Merge(own, restored)
	if r, _ := lessons.Score(own["meanings"].Results); r != 5 || own["meanings"].Status != lessons.QuizPassed {
		t.Errorf("merge lost the better result: %+v", own["meanings"])
	}
	if own["terms"].Status != lessons.Read {
		t.Errorf("merge did not add the read lesson: %+v", own)
	}
}

func TestErrorsReadWell(t *testing.T) {
	for k := Empty; k <= Malformed; k++ {
		if s := (&Error{Kind: k, Pos: 3, Char: 'x', Limit: 4}).Error(); !strings.HasPrefix(s, "resume code: ") {
			t.Errorf("kind %d: %q", k, s)
		}
	}
}

// FuzzDecode feeds Decode arbitrary input. It must never panic, and whatever it accepts
// must be exactly what Encode writes for the progress it returns. The seed corpus runs as
// part of go test.
func FuzzDecode(f *testing.F) {
	c := builtin(f)
	k := New(c)
	rng := rand.New(rand.NewPCG(7, 8))
	f.Add(k.Encode(lessons.Progress{}))
	for range 8 {
		f.Add(k.Encode(randomProgress(rng, c)))
	}
	for _, s := range []string{"", "-", "K7QM-2XFD-9R", "k7qm 2xfd 9r", "0000", "ZZZZZZZZZZZZZZZZZZZZ",
		"ILOU", "\x00\xff", "ÄÖÜ", "\x1b[2J", strings.Repeat("7", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		p, err := k.Decode(code)
		if err != nil {
			if _, ok := IsError(err); !ok {
				t.Fatalf("%q: error of type %T", code, err)
			}
			return
		}
		again := k.Encode(p)
		if k.Canonical(again) != k.Canonical(code) {
			t.Fatalf("%q decodes to %v, which encodes as %s", code, p, again)
		}
		if _, err := k.Decode(again); err != nil {
			t.Fatalf("re-encoded %s does not decode: %v", again, err)
		}
	})
}

// Benchmarks: a session builds its codec on first use, and encodes on every frame of the
// code screen.
func BenchmarkNew(b *testing.B) {
	c := builtin(b)
	for b.Loop() {
		New(c)
	}
}

func BenchmarkEncode(b *testing.B) {
	c := builtin(b)
	k := New(c)
	p := randomProgress(rand.New(rand.NewPCG(9, 9)), c)
	for b.Loop() {
		k.Encode(p)
	}
}

func BenchmarkDecode(b *testing.B) {
	c := builtin(b)
	k := New(c)
	code := k.Encode(randomProgress(rand.New(rand.NewPCG(9, 9)), c))
	for b.Loop() {
		if _, err := k.Decode(code); err != nil {
			b.Fatal(err)
		}
	}
}
