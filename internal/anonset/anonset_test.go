package anonset

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"tutord/internal/mirror"
)

func count(s Size) string {
	if n, ok := s.Count(); ok {
		return fmt.Sprint(n)
	}
	return "<k"
}

func TestSetsFollowTheLiveSessionsUnderTheKRule(t *testing.T) {
	t.Parallel()
	r := New(5)
	base := Facts{Client: "SSH-2.0-A", Term: "xterm", Width: 80, Height: 24, Lang: "en_US.UTF-8"}
	var ms []*Member
	for i := range 6 {
		f := base
		if i == 5 {
			f.Lang = "de_DE.UTF-8"
		}
		ms = append(ms, r.Join(f))
	}
	s := ms[0].Sets()
	if got := count(s.Total) + " " + count(s.Client.Same) + " " + count(s.Client.Rest) + " " + count(s.Lang.Same) + " " + count(s.Lang.Rest); got != "6 6 <k 5 <k" {
		t.Errorf("first session: total, client, rest, lang, rest = %s", got)
	}
	if !s.Client.Rest.Zero() || s.Lang.Rest.Zero() {
		t.Errorf("rest zero: client %v, lang %v", s.Client.Rest.Zero(), s.Lang.Rest.Zero())
	}
	if got := count(ms[5].Sets().Lang.Same); got != "<k" {
		t.Errorf("the one German session reads %s, want fewer than k", got)
	}
	// A resize moves the session out of the window group; leaving removes it.
	ms[1].Resize(100, 40)
	if got := count(ms[0].Sets().Window.Same); got != "5" {
		t.Errorf("after a resize the window group is %s, want 5", got)
	}
	ms[1].Leave()
	ms[2].Leave()
	if got := count(ms[0].Sets().Total); got != "<k" {
		t.Errorf("4 sessions read %s, want fewer than k", got)
	}
}

func TestSizeNeverGivesANumberBelowK(t *testing.T) {
	t.Parallel()
	for n := range 10 {
		got, ok := Size{n, 5}.Count()
		if ok != (n >= 5) || ok && got != n || !ok && got != 0 {
			t.Errorf("Size{%d,5}.Count() = %d, %v", n, got, ok)
		}
	}
	if New(1).K() != 2 {
		t.Errorf("k below 2 is not raised to 2")
	}
}

func TestNilMemberCountsNothing(t *testing.T) {
	t.Parallel()
	var r *Registry
	m := r.Join(Facts{})
	m.Resize(1, 1)
	m.Leave()
	if _, ok := m.Sets().Total.Count(); ok {
		t.Error("a nil member counted something")
	}
}

func TestFromMirrorTakesTheWeakFactsOnly(t *testing.T) {
	t.Parallel()
	f := FromMirror(&mirror.Facts{
		Addr: "192.0.2.1", User: "alice", Client: "SSH-2.0-X", Term: "xterm", Width: 90, Height: 30,
		Keys: []mirror.Key{{Type: "ssh-ed25519", Fingerprint: "SHA256:x"}}, KeysDropped: 2, Agent: true,
		Env: []string{"LC_ALL=C", "LANG=de_DE.UTF-8"},
	})
	want := Facts{Client: "SSH-2.0-X", Term: "xterm", Width: 90, Height: 30, Lang: "de_DE.UTF-8", Keys: 3, Agent: true}
	if f != want {
		t.Errorf("FromMirror = %#v, want %#v", f, want) // %#v prints the redaction for both
	}
	if s := fmt.Sprintf("%v %+v %s", f, f, f); s != "anonset.Facts{redacted} anonset.Facts{redacted} anonset.Facts{redacted}" {
		t.Errorf("facts print as %q", s)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	r := New(5)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			m := r.Join(Facts{Width: i})
			m.Resize(i, i)
			_ = m.Sets()
			m.Leave()
		})
	}
	wg.Wait()
	if len(r.members) != 0 {
		t.Errorf("%d members left after all left", len(r.members))
	}
}

// spreadText is a spread as "value:n ... other:n", with "<k" for a count below k.
func spreadText(s Spread) string {
	var out []string
	for _, g := range s.Groups {
		out = append(out, g.Value+":"+count(g.Size))
	}
	if !s.Other.Zero() {
		out = append(out, "other:"+count(s.Other))
	}
	return strings.Join(out, " ")
}

func TestClassFoldsSmallGroupsSoNoneCanBeWorkedOut(t *testing.T) {
	t.Parallel()
	var facts []Facts
	// 30 students: 12 with no key, 9 with one, 9 with several; 2 asked for the agent;
	// LANG: 14 en, 8 de, 5 not sent, 3 fr; clients: 20, 7, 3 singles; windows 26 and 4.
	open := Facts{Client: "SSH-2.0-OpenSSH_9.6", Term: "xterm", Width: 80, Height: 24}
	for i := range 30 {
		f := open
		switch {
		case i < 12:
		case i < 21:
			f.Keys = 1
		default:
			f.Keys = 3
		}
		f.Agent = i < 2
		switch {
		case i < 14:
			f.Lang = "en_GB.UTF-8"
		case i < 22:
			f.Lang = "de_" + []string{"DE", "AT", "CH"}[i%3] + ".UTF-8"
		case i < 27:
		default:
			f.Lang = "fr_FR.UTF-8"
		}
		if i >= 20 && i < 27 {
			f.Client = "SSH-2.0-PuTTY_Release_0.81"
		} else if i >= 27 {
			f.Client = fmt.Sprintf("SSH-2.0-Rare_%d", i)
		}
		if i >= 26 {
			f.Width = 200
		}
		facts = append(facts, f)
	}
	c := ClassOf(5, facts)
	for d, want := range map[Dim]string{
		DimKeys: "0:12 1:9 2+:9",
		// 2 asked: alone they would be "fewer than 5", and 30 - 28 would tell: all fold.
		DimAgent: "other:30",
		// fr (3) alone would be given away by 30 - 14 - 8 - 5: "not sent" folds in too.
		DimLang:   "en:14 de:8 other:8",
		DimClient: "SSH-2.0-OpenSSH_9.6:20 other:10",
		DimWindow: "other:30",
	} {
		if got := spreadText(c.Of(d)); got != want {
			t.Errorf("dim %d: %s, want %s", d, got, want)
		}
	}
	if i := c.Of(DimLang).Find("fr"); i != -1 {
		t.Errorf("fr found at %d, want other", i)
	}
}

func TestClassOfFewerThanKShowsNoGroup(t *testing.T) {
	t.Parallel()
	c := ClassOf(5, []Facts{{}, {}, {}, {}})
	if _, ok := c.Total.Count(); ok {
		t.Error("4 students counted")
	}
	for _, d := range Dims() {
		if s := c.Of(d); len(s.Groups) != 0 || spreadText(s) != "other:<k" {
			t.Errorf("dim %d with 4 students: %s", d, spreadText(s))
		}
	}
	if got := spreadText(ClassOf(5, nil).Of(DimKeys)); got != "" {
		t.Errorf("empty room: %q", got)
	}
}
