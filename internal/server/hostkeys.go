package server

// Host key rotation: OpenSSH's hostkeys-00@openssh.com extension (PROTOCOL, section 2.5).
// After login the server announces every host key it has, the key in use and the ones
// listed after it in -host-key; an OpenSSH client with UpdateHostKeys (the default since
// 8.5 for the default known_hosts file) asks the server to prove it holds the new ones
// and adds them to known_hosts, and drops the keys for this host that are no longer
// announced. So a new key can be announced for a while before it becomes the key in use,
// and learners see no host key warning at the switch.

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"sync"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

const (
	hostkeysAnnounce = "hostkeys-00@openssh.com"
	hostkeysProve    = "hostkeys-prove-00@openssh.com"
)

// hostKeys are the server's host keys: the one in use first.
type hostKeys struct {
	signers  []gossh.Signer
	announce []byte // the hostkeys-00 payload: each public key as an SSH string
}

func newHostKeys(signers []gossh.Signer) hostKeys {
	var b bytes.Buffer
	for _, s := range signers {
		writeString(&b, s.PublicKey().Marshal())
	}
	return hostKeys{signers: signers, announce: b.Bytes()}
}

// announceOnce sends the announcement on a connection, once. No reply is asked for, so
// this waits for nothing but the write (which has the write timeout); a client that does
// not know the extension ignores it.
func (h *hostKeys) announceOnce(conn gossh.Conn, once *sync.Once) {
	once.Do(func() { _, _, _ = conn.SendRequest(hostkeysAnnounce, false, h.announce) })
}

// prove is the global request handler for hostkeys-prove-00: for each public key the
// client lists, a signature over the request name, the session id and the key, made with
// that key. A key the server does not hold fails the whole request, as in OpenSSH.
func (h *hostKeys) prove(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	sid, err := hex.DecodeString(ctx.SessionID())
	if err != nil || len(req.Payload) > 64<<10 {
		return false, nil
	}
	var out bytes.Buffer
	rest := req.Payload
	for n := 0; len(rest) > 0; n++ {
		var blob []byte
		var ok bool
		if blob, rest, ok = readString(rest); !ok || n >= len(h.signers) {
			return false, nil
		}
		signer := h.find(blob)
		if signer == nil {
			return false, nil
		}
		var data bytes.Buffer
		writeString(&data, []byte(hostkeysProve))
		writeString(&data, sid)
		writeString(&data, blob)
		sig, err := signer.Sign(rand.Reader, data.Bytes())
		if err != nil {
			return false, nil
		}
		writeString(&out, gossh.Marshal(sig))
	}
	return true, out.Bytes()
}

func (h *hostKeys) find(blob []byte) gossh.Signer {
	for _, s := range h.signers {
		if bytes.Equal(s.PublicKey().Marshal(), blob) {
			return s
		}
	}
	return nil
}

func writeString(b *bytes.Buffer, s []byte) {
	n := len(s)
	b.Write([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	b.Write(s)
}

func readString(in []byte) (s, rest []byte, ok bool) {
	if len(in) < 4 {
		return nil, nil, false
	}
	n := int(in[0])<<24 | int(in[1])<<16 | int(in[2])<<8 | int(in[3])
	if n > len(in)-4 {
		return nil, nil, false
	}
	return in[4 : 4+n], in[4+n:], true
}
