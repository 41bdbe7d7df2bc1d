package server

// What a failed handshake counts as, and every refusal reason the metrics show from zero.

import (
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"tutord/internal/limits"
)

// Refusal reasons beyond the admission gate's.
const (
	// reasonProxyUntrusted: a connection from outside -proxy-trusted while the PROXY
	// protocol is on.
	reasonProxyUntrusted = "proxy_untrusted"
	// reasonProxyInvalid: a trusted load balancer sent no PROXY header, or a broken one.
	reasonProxyInvalid = "proxy_invalid"
)

// RefusalReasons lists every reason tutord_connections_refused_total counts by, so each
// series exists from the start at zero.
func RefusalReasons() []string {
	var out []string
	for _, r := range limits.Reasons() {
		out = append(out, r.String())
	}
	return append(out, reasonProxyUntrusted, reasonProxyInvalid)
}

// handshakeFailure names why an SSH handshake ended without a login, in a fixed word: the
// error's text can carry what the client sent, so it is never logged or exported itself.
func handshakeFailure(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "closed"
	case err != nil && (strings.Contains(err.Error(), "authentication") || strings.Contains(err.Error(), "no auth passed")):
		return "auth"
	}
	return "protocol"
}

func (s *Server) handshakeFailed(_ net.Conn, err error) {
	s.events.Add("handshake_failed")
	s.metrics.HandshakeFailed(handshakeFailure(err))
}
