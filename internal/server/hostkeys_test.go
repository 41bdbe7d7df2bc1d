package server_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/config"
	"tutord/internal/hostkey"
	"tutord/internal/sshtest"
)

// twoKeys makes a server with the key in use and a next key announced for a rotation.
func twoKeys(t *testing.T) (srv *sshtest.Server, inUse, next gossh.Signer) {
	t.Helper()
	dir := t.TempDir()
	keys, err := hostkey.LoadAll([]string{dir + "/old", dir + "/new"})
	if err != nil {
		t.Fatal(err)
	}
	srv = sshtest.Start(t, func(c *config.Config) { c.HostKey = dir + "/old," + dir + "/new" })
	return srv, keys[0].Signer, keys[1].Signer
}

func sshString(b []byte) []byte {
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(b))), b...)
}

// TestHostKeysAreAnnouncedAndProved: after login the server announces both keys
// (hostkeys-00@openssh.com) and proves it holds the new one over this session's id, as an
// OpenSSH client with UpdateHostKeys asks; a key it does not hold is not proved.
func TestHostKeysAreAnnouncedAndProved(t *testing.T) {
	t.Parallel()
	srv, inUse, next := twoKeys(t)
	conn, err := gossh.Dial("tcp", srv.Addr, &gossh.ClientConfig{
		User:            "script",
		HostKeyCallback: gossh.FixedHostKey(inUse.PublicKey()),
		Timeout:         sshtest.Timeout,
	})
	if err != nil {
		t.Fatalf("the key in use is not the first one: %v", err)
	}
	defer conn.Close()
	// gossh.Dial discards global requests; the session's start triggers the announcement,
	// which this test reads from a second, raw connection instead.
	raw := dialTCP(t, srv, good)
	cc, chans, reqs, err := gossh.NewClientConn(raw, srv.Addr, &gossh.ClientConfig{
		User: "script", HostKeyCallback: gossh.FixedHostKey(inUse.PublicKey()), Timeout: sshtest.Timeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	client := gossh.NewClient(cc, chans, nil)
	defer client.Close()
	res := sshtest.ExecOn(t, client, sshtest.Client{User: "script"}, "list")
	if res.Code != 0 {
		t.Fatalf("list: %+v", res)
	}
	var announced []byte
	select {
	case r := <-reqs:
		if r.Type != "hostkeys-00@openssh.com" || r.WantReply {
			t.Fatalf("global request %q (want reply %v)", r.Type, r.WantReply)
		}
		announced = r.Payload
	case <-time.After(sshtest.Timeout):
		t.Fatal("no host key announcement")
	}
	want := append(sshString(inUse.PublicKey().Marshal()), sshString(next.PublicKey().Marshal())...)
	if !bytes.Equal(announced, want) {
		t.Fatalf("announced %x, want the key in use and the next key", announced)
	}
	ok, proof, err := client.SendRequest("hostkeys-prove-00@openssh.com", true, sshString(next.PublicKey().Marshal()))
	if err != nil || !ok {
		t.Fatalf("prove: %v %v", ok, err)
	}
	blob, rest := proof[4:4+binary.BigEndian.Uint32(proof)], proof[4+binary.BigEndian.Uint32(proof):]
	var sig gossh.Signature
	if err := gossh.Unmarshal(blob, &sig); err != nil || len(rest) != 0 {
		t.Fatalf("proof: %v, %d bytes left", err, len(rest))
	}
	data := append(append(sshString([]byte("hostkeys-prove-00@openssh.com")), sshString(client.SessionID())...), sshString(next.PublicKey().Marshal())...)
	if err := next.PublicKey().Verify(data, &sig); err != nil {
		t.Errorf("the proof does not verify: %v", err)
	}
	if ok, _, _ := client.SendRequest("hostkeys-prove-00@openssh.com", true, sshString(sshtest.NewKey(t).PublicKey().Marshal())); ok {
		t.Errorf("a key the server does not hold was proved")
	}
}

// TestOpenSSHLearnsTheNextHostKey: the real OpenSSH client, knowing only the key in use,
// adds the announced next key to its known_hosts file, so the switch later shows no
// warning.
func TestOpenSSHLearnsTheNextHostKey(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("the OpenSSH client is not installed")
	}
	srv, inUse, next := twoKeys(t)
	host, port, _ := strings.Cut(srv.Addr, ":")
	known := filepath.Join(t.TempDir(), "known_hosts")
	line := "[" + host + "]:" + port + " " + string(gossh.MarshalAuthorizedKey(inUse.PublicKey()))
	if err := os.WriteFile(known, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	// A line-mode quiz keeps the session open, as a learner's would, until stdin closes.
	cmd := exec.Command(bin, "-F", "/dev/null", "-p", port, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
		"-o", "UserKnownHostsFile="+known, "-o", "UpdateHostKeys=yes", "-o", "LogLevel=ERROR",
		"-o", "IdentityAgent=none", "-o", "PubkeyAuthentication=no", "-o", "ConnectTimeout=15",
		"script@"+host, "quiz", catalog(t).IDs()[0])
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	nextLine := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(next.PublicKey())))
	deadline := time.Now().Add(sshtest.Timeout)
	var got []byte
	for time.Now().Before(deadline) {
		if got, err = os.ReadFile(known); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(got), nextLine) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = stdin.Close()
	_ = cmd.Wait() // exit 1: the quiz's input ended before its end
	if !strings.Contains(string(got), nextLine) {
		t.Errorf("known_hosts lacks the next key:\n%s\nssh said:\n%s", got, out.String())
	}
}
