package experiment

import (
	"errors"
	"testing"
	"time"

	"tutord/internal/limits"
	"tutord/internal/mirror"
)

func facts() mirror.Facts {
	return mirror.Facts{
		Addr: "192.0.2.7", Port: 50000, Client: "SSH-2.0-OpenSSH_9.6", User: "ada",
		Keys: []mirror.Key{{Type: "ssh-ed25519", Fingerprint: "SHA256:a"}, {Type: "ssh-rsa", Fingerprint: "SHA256:b"}},
		Term: "xterm-256color", Width: 80, Height: 24,
		Env: []string{"LANG=de_DE.UTF-8", "COLORTERM=truecolor"},
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	a := facts()
	same := facts()
	same.Keys = []mirror.Key{same.Keys[1], same.Keys[0]} // another order: the same set
	c := Compare(&a, &same)
	for _, k := range Kinds() {
		if !c.Match[k] {
			t.Errorf("identical facts: kind %d does not match", k)
		}
	}
	if !c.SameConn || c.SharedKey.Fingerprint != "SHA256:a" {
		t.Errorf("same connection %v, shared key %q", c.SameConn, c.SharedKey.Fingerprint)
	}

	b := facts()
	b.Port, b.Keys, b.User, b.Env, b.Width = 50001, []mirror.Key{{Type: "ssh-rsa", Fingerprint: "SHA256:b"}}, "anyone", nil, 100
	c = Compare(&a, &b)
	want := map[Kind]bool{Key: true, Address: true, Client: true, Term: true}
	for _, k := range Kinds() {
		if c.Match[k] != want[k] {
			t.Errorf("kind %d: match %v, want %v", k, c.Match[k], want[k])
		}
	}
	if c.SameConn || c.WeakMatches() != 2 {
		t.Errorf("same connection %v, weak matches %d", c.SameConn, c.WeakMatches())
	}

	// Nothing sent on either side is no link.
	var x, y mirror.Facts
	if links := Compare(&x, &y).Links(); len(links) != 0 {
		t.Errorf("empty facts link by %v", links)
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	r := New(Config{Now: func() time.Time { return now }})
	notified := 0
	ref, err := r.Open(facts(), func() { notified++ })
	if err != nil {
		t.Fatal(err)
	}
	var src limits.Source
	res, err := r.Compare(src, ref.Code()[:3]+"-"+ref.Code()[3:], facts())
	if err != nil || !res.Now.Match[Key] || res.Prev != nil || notified != 1 {
		t.Fatalf("compare: %v %+v, notified %d", err, res, notified)
	}
	b := facts()
	b.Keys = nil
	res, _ = r.Compare(src, ref.Code(), b)
	if res.Prev == nil || !res.Prev.Match[Key] || res.Now.Match[Key] || res.N != 2 {
		t.Errorf("second compare: %+v", res)
	}
	if _, err := r.Compare(src, "AAAAAA", b); !errors.Is(err, ErrNoCode) && ref.Code() != "AAAAAA" {
		t.Errorf("wrong code: %v", err)
	}
	if _, err := r.Compare(src, "0", b); !errors.Is(err, ErrCodeFormat) {
		t.Errorf("bad code: %v", err)
	}
	for range MaxCompares - 2 {
		_, _ = r.Compare(src, ref.Code(), b)
	}
	if _, err := r.Compare(src, ref.Code(), b); !errors.Is(err, ErrSpent) {
		t.Errorf("compare %d: %v, want ErrSpent", MaxCompares+1, err)
	}
	now = now.Add(MaxAge)
	if !ref.Expired() {
		t.Error("not expired after MaxAge")
	}
	if _, err := r.Compare(src, ref.Code(), b); !errors.Is(err, ErrExpired) {
		t.Errorf("expired: %v", err)
	}
	if r.Len() != 0 || ref.History() != nil {
		t.Errorf("expired experiment kept: %d open, history %v", r.Len(), ref.History())
	}

	ref2, _ := r.Open(facts(), nil)
	ref2.Close()
	if _, err := r.Compare(src, ref2.Code(), b); !errors.Is(err, ErrNoCode) {
		t.Errorf("closed: %v", err)
	}
}
