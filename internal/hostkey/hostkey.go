// Package hostkey loads the server's SSH host keys, creating an ed25519 key on first start.
// The private key files must be readable by their owner only. Only ed25519 keys are
// served (the algorithm list is ed25519 only; docs/ssh-audit.txt): any other type is
// refused at start, not served.
package hostkey

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// LoadOrCreate returns the signer stored at path. If no file exists there, it creates an
// ed25519 key (directory 0700, file 0600) and reports created=true. A key file that its
// group or others can read is refused: anyone who reads it can impersonate the server.
func LoadOrCreate(path string) (signer gossh.Signer, created bool, err error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		signer, err = create(path)
		return signer, err == nil, err
	case err != nil:
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	case info.IsDir():
		return nil, false, fmt.Errorf("host key %s is a directory, not a key file", path)
	case info.Mode().Perm()&0o077 != 0:
		return nil, false, fmt.Errorf("host key %s is readable by group or others (mode %04o); run: chmod 600 %s",
			path, info.Mode().Perm(), path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("read host key: %w", err)
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	}
	if t := signer.PublicKey().Type(); t != gossh.KeyAlgoED25519 {
		return nil, false, fmt.Errorf("host key %s is a %s key; tutord serves ed25519 host keys only (make one with: ssh-keygen -t ed25519 -N '' -f FILE)", path, t)
	}
	return signer, false, nil
}

// Key is one loaded host key.
type Key struct {
	Path    string // absolute
	Signer  gossh.Signer
	Created bool // it did not exist and was made now
}

// LoadAll loads (or creates) every key in paths, in order: the first is the key in use,
// the others are announced for a rotation. The same key twice is refused.
func LoadAll(paths []string) ([]Key, error) {
	keys := make([]Key, 0, len(paths))
	seen := map[string]string{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, fmt.Errorf("host key %s: %w", p, err)
		}
		signer, created, err := LoadOrCreate(abs)
		if err != nil {
			return nil, err
		}
		fp := Fingerprint(signer)
		if other, dup := seen[fp]; dup {
			return nil, fmt.Errorf("host key %s is the same key as %s", abs, other)
		}
		seen[fp] = abs
		keys = append(keys, Key{Path: abs, Signer: signer, Created: created})
	}
	return keys, nil
}

func create(path string) (gossh.Signer, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create host key directory: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "tutord host key")
	if err != nil {
		return nil, fmt.Errorf("encode host key: %w", err)
	}
	// O_EXCL: never overwrite a key another process just wrote.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create host key: %w", err)
	}
	if err := pem.Encode(f, block); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("write host key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write host key: %w", err)
	}
	pub, err := gossh.NewPublicKey(priv.Public())
	if err != nil {
		return nil, fmt.Errorf("host public key: %w", err)
	}
	if err := os.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(pub), 0o644); err != nil {
		return nil, fmt.Errorf("write host public key: %w", err)
	}
	return gossh.NewSignerFromKey(priv)
}

// Fingerprint is the SHA256 fingerprint of the server's public key, as ssh prints it.
func Fingerprint(s gossh.Signer) string { return gossh.FingerprintSHA256(s.PublicKey()) }
