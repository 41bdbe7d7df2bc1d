package server_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/sshtest"
)

// TestServerKeepsNothingAboutTheLearner connects with distinctive values, uses the course,
// leaves, and then looks for each value in everything the server wrote: its log and the
// files in its directories.
func TestServerKeepsNothingAboutTheLearner(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	key := sshtest.NewKey(t)
	c := sshtest.Client{
		User:    "zq-learner-7781",
		Keys:    []gossh.Signer{key},
		Env:     map[string]string{"LANG": "de_AT.UTF-8@zqaudit", "LC_MESSAGES": "de_DE.UTF-8@zqmessages"},
		Term:    "xterm-zqterm",
		W:       97,
		H:       31,
		Version: "SSH-2.0-ZqAuditClient_4.2",
	}
	conn := srv.Dial(t, c)
	srcPort := conn.LocalAddr().(*net.TCPAddr).Port
	tm := sshtest.OpenOn(t, conn, c, "")
	tm.WaitFor("Kurs beginnen")
	tm.Press("enter")
	tm.WaitFor("1/" + itoa(catalog(t).Len()))
	tm.Press("enter", "enter", "enter", "q")
	tm.Wait()
	r := srv.Exec(t, c, "list")
	if r.Code != 0 {
		t.Fatalf("list: %d", r.Code)
	}
	_ = conn.Close()

	secrets := map[string]string{
		"user name":      c.User,
		"key":            gossh.FingerprintSHA256(key.PublicKey()),
		"key (base64)":   strings.Fields(string(gossh.MarshalAuthorizedKey(key.PublicKey())))[1],
		"LANG":           "zqaudit",
		"LC_MESSAGES":    "zqmessages",
		"TERM":           "zqterm",
		"client version": "ZqAuditClient",
		"window size":    "97x31",
		"source port":    ":" + itoa(srcPort),
		"source port 2":  "=" + itoa(srcPort),
	}
	written := map[string]string{"server log": srv.Log.String()}
	dir := filepath.Dir(srv.Cfg.HostKey)
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			written[p] = string(b)
		}
		return nil
	})
	if len(written["server log"]) == 0 {
		t.Fatal("the server logged nothing; the scan would prove nothing")
	}
	for where, text := range written {
		for what, v := range secrets {
			if strings.Contains(text, v) {
				t.Errorf("%s contains the learner's %s (%q)", where, what, v)
			}
		}
	}
	t.Logf("scanned %d sources (%d bytes of log) for %d values", len(written), len(written["server log"]), len(secrets))
}
