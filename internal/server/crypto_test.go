package server_test

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/sshtest"
)

// TestOnlyModernAlgorithms: a client that offers only older algorithms gets no connection;
// one that offers the modern ones gets the post-quantum key exchange first.
func TestOnlyModernAlgorithms(t *testing.T) {
	t.Parallel()
	srv := sshtest.Start(t)
	dial := func(c gossh.Config) error {
		conn, err := gossh.Dial("tcp", srv.Addr, &gossh.ClientConfig{
			Config: c, User: "x", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: sshtest.Timeout,
			Auth: []gossh.AuthMethod{gossh.Password("x")},
		})
		if err == nil {
			conn.Close()
		}
		return err
	}
	for name, c := range map[string]gossh.Config{
		"NIST ECDH":         {KeyExchanges: []string{gossh.KeyExchangeECDHP256, gossh.KeyExchangeECDHP384}},
		"finite-field DH":   {KeyExchanges: []string{gossh.KeyExchangeDH14SHA256, gossh.InsecureKeyExchangeDH14SHA1}},
		"CTR mode":          {Ciphers: []string{gossh.CipherAES128CTR, gossh.CipherAES256CTR}},
		"CBC mode":          {Ciphers: []string{gossh.InsecureCipherAES128CBC}},
		"MAC before crypto": {Ciphers: []string{gossh.CipherAES128CTR}, MACs: []string{gossh.HMACSHA256, gossh.HMACSHA1}},
	} {
		if err := dial(c); err == nil {
			t.Errorf("%s: connected", name)
		}
	}
	if err := dial(gossh.Config{KeyExchanges: []string{gossh.KeyExchangeMLKEM768X25519}}); err != nil {
		t.Errorf("mlkem768x25519-sha256: %v", err)
	}
	if err := dial(gossh.Config{Ciphers: []string{gossh.CipherChaCha20Poly1305}}); err != nil {
		t.Errorf("chacha20-poly1305: %v", err)
	}
}

// TestSSHAuditFindsNoFailure runs ssh-audit (the Debian package) against the server, when
// it is installed. scripts/ssh-audit does the same against the built binary and prints the
// report (docs/ssh-audit.txt).
func TestSSHAuditFindsNoFailure(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("ssh-audit")
	if err != nil {
		t.Skip("ssh-audit is not installed (apt-get install -y ssh-audit)")
	}
	srv := sshtest.Start(t)
	_, port, _ := strings.Cut(srv.Addr, ":")
	if _, err := strconv.Atoi(port); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(bin, "-n", "-p", port, "127.0.0.1").CombinedOutput() // exit 2 on warnings
	if !strings.Contains(string(out), "(key) ssh-ed25519") {
		t.Fatalf("ssh-audit did not audit the server:\n%s", out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "[fail]") {
			t.Errorf("ssh-audit: %s", line)
		}
	}
}
