package server

// Step 2 of the pipeline, the handshake: which algorithms, and how many authentication
// attempts. The handshake's time limit (the login grace) is set in New.

import (
	"errors"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Modern algorithms only (ssh-audit reports no failure; docs/ssh-audit.txt):
// post-quantum hybrid and X25519 key exchange, AEAD ciphers, encrypt-then-MAC MACs (used
// by no cipher above; listed so no weaker MAC can be negotiated), and the ed25519 host key
// (hostkey). x/crypto adds strict key exchange (kex-strict-s-v00@openssh.com, the Terrapin
// fix) on its own.
var (
	kexAlgos = []string{gossh.KeyExchangeMLKEM768X25519, gossh.KeyExchangeCurve25519}
	ciphers  = []string{gossh.CipherChaCha20Poly1305, gossh.CipherAES256GCM, gossh.CipherAES128GCM}
	macs     = []string{gossh.HMACSHA256ETM, gossh.HMACSHA512ETM}
)

func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		Config: gossh.Config{KeyExchanges: kexAlgos, Ciphers: ciphers, MACs: macs},
		// Enough attempts that a client with many keys in its agent still reaches
		// keyboard-interactive after all its keys were refused.
		MaxAuthTries: s.cfg.Limits.MaxAuthTries,
		// "none" logs in ScriptUser only; everyone else goes on to offer their keys.
		NoClientAuth: true,
		NoClientAuthCallback: func(c gossh.ConnMetadata) (*gossh.Permissions, error) {
			if c.User() == ScriptUser {
				return nil, nil
			}
			return nil, errNoneRefused
		},
		AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if err == nil {
				connStateOf(ctx).authenticated()
			}
		},
	}
}

var errNoneRefused = errors.New("ssh: no authentication is not enough for this user")
