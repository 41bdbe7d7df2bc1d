package experiment

import (
	"testing"

	"tutord/internal/mirror"
)

// TestNeitherSentIsNotADifference: two connections that offered no key and sent no
// language share no link there, and the comparison says neither sent one, not that they
// differ.
func TestNeitherSentIsNotADifference(t *testing.T) {
	a := &mirror.Facts{Addr: "127.0.0.1", Term: "xterm", Width: 80, Height: 24}
	b := &mirror.Facts{Addr: "127.0.0.2", Term: "xterm", Width: 80, Height: 24, Keys: nil}
	c := Compare(a, b)
	for _, k := range []Kind{Key, KeySet, Lang, Env, User, Client} {
		if c.Match[k] || !c.Neither[k] {
			t.Errorf("%v: match %v, neither %v; want no match, neither sent", k, c.Match[k], c.Neither[k])
		}
	}
	if c.Neither[Term] || c.Neither[Window] || c.Neither[Address] {
		t.Errorf("sent facts counted as unsent: %+v", c.Neither)
	}
	b.Keys = []mirror.Key{{Fingerprint: "SHA256:x"}}
	if c := Compare(a, b); c.Neither[Key] {
		t.Error("one side offered a key: that is a difference")
	}
}
