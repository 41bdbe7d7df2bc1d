package hostkey

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestLoadAllCreatesAndReportsAbsolutePaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	keys, err := LoadAll([]string{"keys/a", "keys/b"})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || !keys[0].Created || !keys[1].Created || keys[0].Path != filepath.Join(dir, "keys/a") {
		t.Fatalf("got %+v", keys)
	}
	again, err := LoadAll([]string{"keys/b", "keys/a"})
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Created || Fingerprint(again[0].Signer) != Fingerprint(keys[1].Signer) {
		t.Errorf("second start: %+v", again)
	}
	if _, err := LoadAll([]string{"keys/a", filepath.Join(dir, "keys/a")}); err == nil || !strings.Contains(err.Error(), "same key") {
		t.Errorf("the same key twice: %v", err)
	}
}

// TestOnlyEd25519IsServed: the docs and the algorithm list say ed25519; an RSA key file
// stops the start with a message saying how to make an ed25519 key, instead of being served.
func TestOnlyEd25519IsServed(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rsa")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadOrCreate(path)
	if err == nil || !strings.Contains(err.Error(), "ssh-rsa key") || !strings.Contains(err.Error(), "ssh-keygen -t ed25519") {
		t.Errorf("an RSA host key: %v", err)
	}
}
