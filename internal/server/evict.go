package server

// Eviction, the server's side: the gate (limits/evict.go) decides which connection makes
// room for a newcomer; the server tells it what each connection has sent, and closes the
// one it evicts.

import (
	"net"

	"tutord/internal/limits"
)

// progressConn tells the connection's ticket what arrives, until it has logged in: the
// gate evicts connections that have not sent their version line, or have stalled.
type progressConn struct {
	net.Conn
	t *limits.Ticket
}

func (c *progressConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.t.Saw(p[:n])
	}
	return n, err
}

// evicted closes a connection the gate evicted to make room for a newcomer.
func (cs *connState) evicted(stage limits.Stage) {
	cs.s.events.Add("evicted_" + stage.String())
	cs.close()
}
