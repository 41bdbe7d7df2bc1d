package server_test

import (
	"context"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/lessons"
	"tutord/internal/server"
	"tutord/internal/sshtest"
)

const exampleLessons = "../../docs/example-lessons"

func TestOwnLessonsAreServed(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) { c.Site.Lessons = exampleLessons })
	r := srv.Exec(t, noPTY(), "list")
	if !strings.Contains(r.Stdout, "data-exports") || !strings.Contains(r.Stdout, "Before you share a data export") {
		t.Errorf("list lacks the added lesson:\n%s", r.Stdout)
	}
	if !strings.Contains(r.Stdout, "meanings") {
		t.Errorf("list lost the built-in lessons:\n%s", r.Stdout)
	}
	c := noPTY()
	c.Env = map[string]string{"LANG": "de_DE.UTF-8"}
	r = srv.Exec(t, c, "read data-exports")
	if r.Code != 0 || !strings.Contains(r.Stdout, "Bevor du einen Datenexport weitergibst") {
		t.Errorf("German read of the added lesson: exit %d\n%s", r.Code, r.Stdout)
	}
	tm := srv.Open(t, sshtest.DefaultClient(), "lesson data-exports")
	tm.WaitFor("/" + itoa(catalog(t).Len()+1) + " Before you share") // the course plus the added lesson
	tm.Press("ctrl+c")
	tm.Wait()
}

func TestOwnLessonReplacesABuiltinOne(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(exampleLessons, "en", "08-data-exports.md"))
	if err != nil {
		t.Fatal(err)
	}
	quiz, err := os.ReadFile(filepath.Join(exampleLessons, "en", "08-data-exports.quiz"))
	if err != nil {
		t.Fatal(err)
	}
	md := strings.NewReplacer("id: data-exports", "id: meanings", "order: 8", "order: 1").Replace(string(src))
	writeTree(t, dir, map[string]string{"en/ours.md": md, "en/ours.quiz": string(quiz)})
	srv := sshtest.Start(t, func(c *config.Config) { c.Site.Lessons = dir })
	r := srv.Exec(t, noPTY(), "list")
	if !strings.Contains(r.Stdout, "1  meanings") || !strings.Contains(r.Stdout, "Before you share a data export") ||
		strings.Count(r.Stdout, "\n") != catalog(t).Len()+1 {
		t.Errorf("the built-in lesson was not replaced in place:\n%s", r.Stdout)
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBadLessonDirectoryStopsTheStart: the server does not start with a lesson directory
// that has problems, and says which setting and which file and line.
func TestBadLessonDirectoryStopsTheStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"en/x.md": "---\nid: x\ntitle: X\nminutes: ten\nsources:\n- s\n---\nText\n"})
	cfg := config.Default()
	cfg.Listen, cfg.HostKey = "127.0.0.1:0", filepath.Join(t.TempDir(), "key")
	cfg.Site.Lessons = dir
	ready := make(chan server.Listening, 1)
	err := sshtest.Run(context.Background(), &cfg, log.New(io.Discard), ready)
	if err == nil {
		t.Fatal("the server started with a bad lesson directory")
	}
	for _, want := range []string{"-lessons " + dir, filepath.Join(dir, "en/x.md") + ":4: minutes", "x.quiz is missing"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if len(ready) > 0 {
		t.Errorf("the server listened before failing")
	}
}

func TestBrandingOnTheWelcomeScreen(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, func(c *config.Config) {
		c.Site.Title, c.Site.Org = "Privacy basics", "Example School"
		c.Site.Welcome = "Welcome to our privacy hour. Ask Ms Rossi if you get stuck."
		c.Site.Accent = "#ffd700" // light: the header text turns black
	})
	c := sshtest.DefaultClient()
	c.Env = map[string]string{"COLORTERM": "truecolor"}
	tm := srv.Open(t, c, "")
	scr := tm.WaitFor("Example School: Privacy basics", "Welcome to our privacy hour.", "Nothing. No name")
	if strings.Contains(scr, "A short course on what") {
		t.Errorf("the built-in introduction is still shown:\n%s", scr)
	}
	raw := string(tm.Raw())
	if !strings.Contains(raw, "48;2;255;215;0") || !strings.Contains(raw, "38;2;0;0;0") {
		t.Errorf("header is not drawn in the accent colour with dark text")
	}
	tm.Press("ctrl+c")
	tm.Wait()
}

// TestGermanFollowsLANGOverSSH: a German LANG gives the whole course in German; L switches
// at any time; the choice is not kept for the next connection.
func TestGermanFollowsLANGOverSSH(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	de, fr, en := catalog(t).At("de", 0), catalog(t).At("fr", 0), catalog(t).At("en", 0)
	for _, env := range []map[string]string{
		{"LANG": "de_DE.UTF-8"},
		{"LANG": "en_US.UTF-8", "LC_ALL": "de_AT.UTF-8"},
	} {
		c := sshtest.DefaultClient()
		c.Env = env
		tm := srv.Open(t, c, "")
		tm.WaitFor("Anonym oder pseudonym?", "Kurs beginnen", "Was dieser Server über dich speichert")
		tm.Press("?")
		tm.WaitFor("Hilfe", "Nur-Text an/aus")
		tm.Press("x", "enter")
		tm.WaitFor(de.Title)
		tm.Press("end", "enter")
		tm.WaitFor("Frage 1 von", firstWords(de.Quiz.Questions[0].Prompt))
		tm.Press("L") // en, de, fr, en: the next after German is French
		tm.WaitFor("Question 1 sur", firstWords(fr.Quiz.Questions[0].Prompt))
		tm.Press("L")
		tm.WaitFor("Question 1 of", firstWords(en.Quiz.Questions[0].Prompt))
		tm.Press("L")
		tm.WaitFor("Frage 1 von")
		tm.Press("q")
		tm.Wait()
		tm.WaitForRaw("Auf Wiedersehen")
	}
	// Nothing was stored: the next connection without LANG is English again.
	tm := srv.Open(t, sshtest.DefaultClient(), "")
	tm.WaitFor("Start the course")
	tm.Press("ctrl+c")
	tm.Wait()
}

// TestFrenchFollowsLANGOverSSH: a French LANG from any region gives the course in French,
// lessons and quizzes included, at 80x24 and at 40x15; L goes on to English.
func TestFrenchFollowsLANGOverSSH(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	fr := catalog(t).At("fr", 0)
	for _, lang := range []string{"fr_FR.UTF-8", "fr_CA.UTF-8"} {
		for _, size := range [][2]int{{80, 24}, {40, 15}} {
			c := sshtest.DefaultClient()
			c.Env = map[string]string{"LANG": lang}
			c.W, c.H = size[0], size[1]
			tm := srv.Open(t, c, "")
			tm.WaitFor("Anonyme ou pseudonyme\u00a0?", "Commencer le cours", "Ce que ce serveur garde de vous")
			tm.Press("?")
			tm.WaitFor("Aide")
			tm.Press("x", "enter")
			tm.WaitFor(fr.Title)
			tm.Press("end", "enter")
			scr := tm.WaitFor("Question 1 sur", "Choisissez une réponse.")
			for _, line := range strings.Split(scr, "\n") {
				if w := len([]rune(strings.TrimRight(line, " "))); w > size[0] {
					t.Errorf("%s %dx%d: line of %d columns: %q", lang, size[0], size[1], w, line)
				}
			}
			tm.Press("L")
			tm.WaitFor("Question 1 of")
			tm.Press("q")
			tm.Wait()
			tm.WaitForRaw("Goodbye")
		}
	}
}

func scrape(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	cl := &http.Client{Timeout: sshtest.Timeout}
	resp, err := cl.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func withMetrics(c *config.Config) { c.Site.Metrics = "127.0.0.1:0" }

func TestMetricsCountSessionsLessonsAndAnswers(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, withMetrics)
	addr := srv.MetricsAddr
	if code, body := scrape(t, addr, "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, _ := scrape(t, addr, "/readyz"); code != 200 {
		t.Errorf("/readyz: %d", code)
	}
	l := catalog(t).At("en", 0)
	srv.Exec(t, noPTY(), "read "+l.ID)
	var in []string
	for _, q := range l.Quiz.Questions {
		if q.Kind == lessons.Classify {
			in = append(in, strings.TrimSpace(strings.Repeat("1 ", len(q.Scenarios))))
		} else {
			in = append(in, strconv.Itoa(wrongOption(&q)+1))
		}
	}
	srv.ExecInput(t, noPTY(), "quiz "+l.ID, strings.Join(in, "\n")+"\n")
	tm := srv.Open(t, sshtest.DefaultClient(), "")
	tm.WaitFor("Start the course")
	q0 := l.Quiz.Questions[0]
	_, body := scrape(t, addr, "/metrics")
	for _, want := range []string{
		`tutord_sessions_active 1`,
		`tutord_sessions_total 3`,
		`tutord_lessons_opened_total{lesson="` + l.ID + `"} 1`,
		`tutord_lessons_finished_total{lesson="` + l.ID + `",result="failed"} 1`,
		`tutord_answers_total{lesson="` + l.ID + `",question="` + q0.ID + `",result="wrong"} 1`,
		`tutord_rooms_open 0`,
		`tutord_ssh_handshake_seconds_count 3`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	tm.Press("ctrl+c")
	tm.Wait()
}

// TestMetricsHoldNoIdentity is the privacy audit of the metrics endpoint: a client with
// distinctive values runs a session; none of them, nor its source port, appears in the
// metrics, and every label value is one the server chose.
func TestMetricsHoldNoIdentity(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t, withMetrics)
	key := sshtest.NewKey(t)
	c := sshtest.Client{
		User: "zelda-probe-user-4711", Keys: []gossh.Signer{key},
		Env:  map[string]string{"LANG": "de_DE.UTF-8", "PROBE_SECRET": "kiwi-banana-42", "NO_COLOR": "probe-nocolor-9"},
		Term: "xterm-probe-term", W: 97, H: 33, Version: "SSH-2.0-ProbeClient_8.8p9",
	}
	conn := srv.Dial(t, c)
	_, port, _ := net.SplitHostPort(conn.LocalAddr().String())
	tm := sshtest.OpenOn(t, conn, c, "")
	tm.WaitFor("Kurs beginnen")
	tm.Press("enter", "end", "enter", "1", "enter")
	tm.Press("q")
	tm.Wait()
	nc := c
	nc.Term = ""
	srv.ExecInput(t, nc, "quiz 2", "1\n2\nq\n")

	_, body := scrape(t, srv.MetricsAddr, "/metrics")
	pub := key.PublicKey()
	secrets := []string{
		c.User, c.Version, "ProbeClient", gossh.FingerprintSHA256(pub),
		strings.TrimPrefix(gossh.FingerprintSHA256(pub), "SHA256:"),
		base64.StdEncoding.EncodeToString(pub.Marshal()),
		"xterm-probe-term", "de_DE", "kiwi-banana-42", "probe-nocolor-9",
	}
	for _, s := range append(secrets, "127.0.0.1") {
		if strings.Contains(body, s) {
			t.Errorf("metrics contain %q", s)
		}
	}
	labels := regexp.MustCompile(`(\w+)="([^"]*)"`)
	ids := map[string]bool{"other": true}
	for _, l := range catalog(t).Lessons("en") {
		ids[l.ID] = true
		for _, q := range l.Quiz.Questions {
			ids[q.ID] = true
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, m := range labels.FindAllStringSubmatch(line, -1) {
			name, value := m[1], m[2]
			if value == port {
				t.Errorf("a label holds the client's source port: %s", line)
			}
			if !strings.HasPrefix(line, "tutord_") {
				continue
			}
			ok := false
			switch name {
			case "lesson", "question":
				ok = ids[value]
			case "result":
				ok = value == "right" || value == "wrong" || value == "passed" || value == "failed"
			case "reason":
				ok = regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(value)
			case "stage":
				ok = value == "silent" || value == "stalled"
			case "le":
				_, err := strconv.ParseFloat(value, 64)
				ok = err == nil || value == "+Inf"
			case "version", "revision", "goversion":
				// The binary's own build, read from the binary.
				ok = strings.HasPrefix(line, "tutord_build_info{")
			}
			if !ok {
				t.Errorf("label %s=%q is not one the server chose: %s", name, value, line)
			}
		}
	}
	// The log holds none of it either.
	logged := srv.Log.String()
	for _, s := range append(secrets, ":"+port) {
		if strings.Contains(logged, s) {
			t.Errorf("the log contains %q", s)
		}
	}
}
