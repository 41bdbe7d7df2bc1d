package server_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/server"
	"tutord/internal/sshtest"
)

// openSSH runs the real OpenSSH client against srv with BatchMode on, as a cron job or a
// monitor would: no agent, no config file, no known hosts.
func openSSH(t *testing.T, srv *sshtest.Server, user string, extra ...string) (string, error) {
	t.Helper()
	bin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("the OpenSSH client is not installed (apt-get install -y openssh-client)")
	}
	host, port, _ := net.SplitHostPort(srv.Addr)
	args := []string{
		"-F", "/dev/null", "-p", port, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "IdentityAgent=none",
		"-o", "ConnectTimeout=15",
	}
	args = append(args, extra...)
	args = append(args, user+"@"+host, "list")
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// keyFile writes a fresh ed25519 private key in OpenSSH's format, for ssh -i.
func keyFile(t *testing.T) string {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBatchModeScriptsLogInAsScript: ssh -o BatchMode=yes script@HOST list works with the
// real OpenSSH client, with and without a key; any other user name is still refused in
// BatchMode, because its keys are refused for the mirror and BatchMode turns the
// keyboard-interactive login off.
func TestBatchModeScriptsLogInAsScript(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	title := catalog(t).At("en", 0).Title
	for name, extra := range map[string][]string{
		"no key":   {"-o", "PubkeyAuthentication=no"},
		"with key": {"-i", keyFile(t), "-o", "IdentitiesOnly=yes"},
	} {
		out, err := openSSH(t, srv, server.ScriptUser, extra...)
		if err != nil || !strings.Contains(out, title) {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
	out, err := openSSH(t, srv, "learner", "-i", keyFile(t), "-o", "IdentitiesOnly=yes")
	if err == nil || !strings.Contains(out, "Permission denied") {
		t.Errorf("learner in BatchMode: %v\n%s", err, out)
	}
}
