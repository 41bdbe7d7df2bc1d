package limits

import (
	"encoding/binary"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// SSH disconnect reason codes (RFC 4253, section 11.1) used for refusals.
const (
	disconnectTooManyConnections = 12
)

// Refusal is what the server sends a connection it will not serve, before any key
// exchange: one plain line for people and tools reading the raw stream (RFC 4253 allows
// lines before the version), the server's SSH version line, and an unencrypted
// SSH_MSG_DISCONNECT carrying the same text. OpenSSH prints the disconnect as "Received
// disconnect from HOST port P:12: ..."; x/crypto returns it as the Dial error. Building it
// costs no cryptography, so refusing is about as cheap as accepting a TCP connection.
//
// Clients read a line before the version only up to 255 bytes (x/crypto stops the
// handshake with "overflow reading version string"), so a longer message, such as the
// same text in several languages, goes on several lines, broken after a " / ".
func Refusal(serverVersion, message string) []byte {
	message = oneLine(message)
	var b []byte
	for _, line := range plainLines(message, maxPlainLine) {
		b = append(b, line...)
		b = append(b, '\r', '\n')
	}
	b = append(b, serverVersion...)
	b = append(b, '\r', '\n')
	return append(b, disconnectPacket(disconnectTooManyConnections, message)...)
}

// disconnectPacket is an SSH binary packet (RFC 4253, section 6) without encryption or
// MAC, as sent before the first key exchange, holding SSH_MSG_DISCONNECT.
func disconnectPacket(reason uint32, message string) []byte {
	var payload []byte
	payload = append(payload, 1) // SSH_MSG_DISCONNECT
	payload = binary.BigEndian.AppendUint32(payload, reason)
	payload = binary.BigEndian.AppendUint32(payload, uint32(len(message)))
	payload = append(payload, message...)
	payload = binary.BigEndian.AppendUint32(payload, 2)
	payload = append(payload, "en"...)

	const block = 8
	pad := block - (4+1+len(payload))%block
	if pad < 4 {
		pad += block
	}
	var p []byte
	p = binary.BigEndian.AppendUint32(p, uint32(1+len(payload)+pad))
	p = append(p, byte(pad))
	p = append(p, payload...)
	return append(p, make([]byte, pad)...) // zero padding: nothing here is secret
}

// maxPlainLine is the longest line before the version, without its CR LF (RFC 4253,
// section 4.2: 255 characters with them).
const maxPlainLine = 253

// plainLines breaks message into lines of at most max bytes: after a " / " between
// languages where it can, else after a space, else inside a word at a character boundary.
func plainLines(message string, max int) []string {
	var out []string
	for len(message) > max {
		cut := strings.LastIndex(message[:max], " / ")
		skip := 3
		if cut <= 0 {
			cut, skip = strings.LastIndexByte(message[:max], ' '), 1
		}
		if cut <= 0 {
			cut, skip = max, 0
			for cut > 0 && !utf8.RuneStart(message[cut]) {
				cut--
			}
		}
		out = append(out, message[:cut])
		message = message[cut+skip:]
	}
	return append(out, message)
}

// oneLine keeps message printable and on one line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// Refuser sends refusals. After writing it half-closes the connection and waits briefly
// for the client to hang up, so the kernel does not answer the client's unread version
// line with a reset that could discard the refusal before the client reads it. At most
// maxLingering connections wait like that at once; beyond that, a flood gets closed at
// once.
type Refuser struct {
	lingering atomic.Int32
	max       int32
	linger    time.Duration
}

// NewRefuser returns a refuser that lets up to max refused connections linger for at
// most linger each.
func NewRefuser(max int, linger time.Duration) *Refuser {
	return &Refuser{max: int32(max), linger: linger}
}

// Refuse writes msg to conn and closes it.
func (r *Refuser) Refuse(conn net.Conn, msg []byte) {
	defer conn.Close()
	_ = conn.SetWriteDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write(msg); err != nil {
		return
	}
	if r.lingering.Add(1) > r.max {
		r.lingering.Add(-1)
		return
	}
	defer r.lingering.Add(-1)
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	_ = conn.SetReadDeadline(time.Now().Add(r.linger))
	_, _ = io.Copy(io.Discard, io.LimitReader(conn, 64<<10))
}
