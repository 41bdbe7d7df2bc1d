package server_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"tutord/internal/sshtest"
)

// classStudent is student i of 30 with mixed clients: 12 offer no key, 9 one, 9 three; 6
// ask for agent forwarding; LANG is English for 16 (en_GB and en_US), German for 6, not
// sent by 5 and French for 3; 18 run OpenSSH, 7 PuTTY and 5 a client of their own; 25
// have a 100x60 window and 5 one of 120x60.
func classStudent(t *testing.T, i int) sshtest.Client {
	c := sshtest.DefaultClient()
	c.W, c.H = 100, 60
	switch {
	case i >= 21:
		c.Keys = keys(t, 3)
	case i >= 12:
		c.Keys = keys(t, 1)
	}
	c.ForwardAgent = i%5 == 0
	c.Env = map[string]string{}
	switch {
	case i < 16:
		c.Env["LANG"] = []string{"en_GB.UTF-8", "en_US.UTF-8"}[i%2]
	case i < 22:
		c.Env["LANG"] = "de_DE.UTF-8"
	case i < 27:
	default:
		c.Env["LANG"] = "fr_FR.UTF-8"
	}
	switch {
	case i < 18:
		c.Version = "SSH-2.0-OpenSSH_9.6"
	case i < 25:
		c.Version = "SSH-2.0-PuTTY_Release_0.81"
	default:
		c.Version = fmt.Sprintf("SSH-2.0-OwnClient_%c", 'a'+i)
	}
	if i%6 == 1 {
		c.W = 120
	}
	return c
}

var percentRe = regexp.MustCompile(`\d+%`)

// classViewBody is the class view on a screen, from its first line to the teaching
// text, with the client versions (whose digits are not counts) taken out.
func classViewBody(t *testing.T, scr, first, end string) string {
	t.Helper()
	start := strings.Index(scr, first)
	stop := strings.Index(scr, end)
	if start < 0 || stop < start {
		t.Fatalf("no class view between %q and %q on:\n%s", first, end, scr)
	}
	body := scr[start:stop]
	for _, v := range []string{"SSH-2.0-OpenSSH_9.6", "SSH-2.0-PuTTY_Release_0.81"} {
		body = strings.ReplaceAll(body, v, "CLIENT")
	}
	return percentRe.ReplaceAllString(body, "")
}

// TestClassViewOfThirtyMixedClients: the teacher puts the class view on with s; the
// teacher's screen and every student's show the same groups, with every group under 5
// folded (and folded further so the total gives none away), no number below 5 and no
// row for any student; each student sees their own groups, in their own language; s
// takes the view off everywhere.
func TestClassViewOfThirtyMixedClients(t *testing.T) {
	t.Parallel()
	const n = 30
	srv := sshtest.Start(t)
	tc := sshtest.DefaultClient()
	tc.W, tc.H = 100, 80
	teacher, code, _ := openRoom(t, srv, tc)
	students := make([]*sshtest.Term, n)
	names := make([]string, n)
	each(students, func(i int, _ *sshtest.Term) {
		students[i] = srv.Open(t, classStudent(t, i), "join "+code)
		switch {
		case i >= 16 && i < 22:
			names[i] = pseudonymAs(t, students[i].WaitFor("Du bist"), "Du bist")
		case i >= 27:
			names[i] = pseudonymAs(t, students[i].WaitFor("Vous êtes"), "Vous êtes")
		default:
			names[i] = pseudonym(t, students[i].WaitFor("You are", "Waiting for the teacher"))
		}
	})
	teacher.WaitFor(fmt.Sprintf("%d joined", n))
	teacher.Press("?")
	teacher.WaitFor("show the class what their SSH clients told this server")
	teacher.Press("esc")
	teacher.WaitFor("Choose a lesson to start") // help closed: s is not taken as alt+s with the esc
	teacher.Press("s")
	scr := teacher.WaitFor("What your SSH clients told this server", "Students in the room now: 30.", "Window size", "Groups smaller than 5")
	body := classViewBody(t, scr, "Students in the room now", "Each group is an anonymity set")
	noNumberBelow(t, "teacher", body, 5)
	// Keys 12, 9, 9; agent no 24, yes 6; LANG en 16, de 6, other 8 (fr's 3 alone would
	// be 30 - 16 - 6 - 5: "not sent" folds in); clients 18, 7, other 5; windows 25, 5.
	want := "[12 9 9 24 6 16 6 8 18 7 5 25 5]"
	if got := fmt.Sprint(barCounts(scr)); got != want {
		t.Errorf("teacher's class view counts %s, want %s:\n%s", got, want, scr)
	}
	for _, w := range []string{"no key", "one key", "several keys", "en\n", "de\n", "other (small groups together)", "SSH-2.0-OpenSSH_9.6", "SSH-2.0-PuTTY_Release_0.81", "100x60", "120x60"} {
		if !strings.Contains(strings.ReplaceAll(scr, " ", ""), strings.ReplaceAll(w, " ", "")) {
			t.Errorf("teacher's class view lacks %q:\n%s", w, scr)
		}
	}
	// No row for anyone: no pseudonym, no value of a small group, no "your groups".
	for i, name := range names {
		if name != "" && strings.Contains(scr, name) {
			t.Errorf("teacher's screen shows student %d's pseudonym %q", i, name)
		}
	}
	for _, w := range []string{"OwnClient", "fr\n", "not sent", "Your groups"} {
		if strings.Contains(scr, w) {
			t.Errorf("teacher's screen shows %q:\n%s", w, scr)
		}
	}

	each(students, func(i int, st *sshtest.Term) {
		first, end, yours := "Students in the room now", "Each group is an anonymity set", "Your groups (shown only to you):"
		switch {
		case i >= 16 && i < 22:
			first, end, yours = "Jetzt im Raum", "Jede Gruppe ist eine Anonymitätsmenge", "Deine Gruppen (nur dir gezeigt):"
		case i >= 27:
			first, end, yours = "Élèves dans la salle maintenant", "Chaque groupe est un ensemble d'anonymat", "Vos groupes (montrés à vous seul)\u00a0:"
		}
		scr := st.WaitFor(first, yours)
		noNumberBelow(t, fmt.Sprintf("student %d", i), classViewBody(t, scr, first, end), 5)
		if got := fmt.Sprint(barCounts(scr)); got != want {
			t.Errorf("student %d sees counts %s, want %s", i, got, want)
		}
		mine := scr[strings.Index(scr, yours):]
		var wants []string
		switch i {
		case 0: // no key, agent, en, OpenSSH, 100x60
			wants = []string{"Keys offered: no key", "agent: yes", "(LANG): en", "SSH client: SSH-2.0-OpenSSH_9.6", "Window size: 100x60"}
		case 1:
			wants = []string{"agent: no", "Window size: 120x60"}
		case 18: // German: one key, de, PuTTY
			wants = []string{"Schlüssel: ein Schlüssel", "(LANG): de", "SSH-Client: SSH-2.0-PuTTY_Release_0.81"}
		case 24: // three keys, no LANG: folded
			wants = []string{"Keys offered: several keys", "(LANG): other (small groups together)"}
		case 29: // French, a client of its own
			wants = []string{"(LANG) : autres (petits groupes réunis)", "Client SSH : autres (petits groupes réunis)"}
		}
		flat := strings.Join(strings.Fields(mine), " ")
		for _, w := range wants {
			if !strings.Contains(flat, w) {
				t.Errorf("student %d's own groups lack %q:\n%s", i, w, mine)
			}
		}
		for j, name := range names {
			if j != i && name != "" && strings.Contains(scr, name) {
				t.Errorf("student %d's screen shows student %d's pseudonym", i, j)
			}
		}
	})

	// s again: the view is gone from every screen.
	teacher.Press("s")
	teacher.WaitFor("Room code", "30 joined")
	each(students, func(i int, st *sshtest.Term) {
		switch {
		case i >= 16 && i < 22:
			st.WaitFor("Du bist")
		case i >= 27:
			st.WaitFor("En attente de l'enseignant")
		default:
			st.WaitFor("Waiting for the teacher")
		}
	})
}

// pseudonymAs reads the name under youAre ("Du bist", "Vous êtes") on a student's
// waiting screen.
func pseudonymAs(t testing.TB, scr, youAre string) string {
	lines := strings.Split(scr, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == youAre && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	t.Errorf("no pseudonym on:\n%s", scr)
	return ""
}
