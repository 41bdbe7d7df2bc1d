package server

// Step 0 of the pipeline when -proxy-protocol is set: the PROXY protocol (v1 or v2), read
// by github.com/pires/go-proxyproto (the library charm.land/ssh's EnableProxyProtocol
// uses; that option trusts a header from anyone, so tutord sets its own policy). Only
// the trusted load balancers may connect, and each of their connections must start with
// a valid header; the address in it is the one the limits and the mirror see.

import (
	"net"
	"net/netip"

	"github.com/pires/go-proxyproto"
)

// proxyListener wraps ln when the PROXY protocol is on; otherwise it returns ln.
func (s *Server) proxyListener(ln net.Listener) net.Listener {
	trusted := s.cfg.Proxy.Networks()
	if len(trusted) == 0 {
		return ln
	}
	return &proxyproto.Listener{
		Listener: ln,
		// Runs in the accept loop: no I/O, only the decision.
		ConnPolicy: func(o proxyproto.ConnPolicyOptions) (proxyproto.Policy, error) {
			if fromNetworks(o.Upstream, trusted) {
				return proxyproto.REQUIRE, nil
			}
			// Closed by the listener at once, before any SSH work: nobody may pose as
			// the load balancer, or reach the server around it.
			s.events.Add("refused_" + reasonProxyUntrusted)
			s.countRefused(reasonProxyUntrusted)
			return proxyproto.REJECT, proxyproto.ErrInvalidUpstream
		},
		// The load balancer sends the header at once; this bounds a connection that
		// sends nothing before it counts against any limit.
		ReadHeaderTimeout: s.cfg.Limits.LoginGrace,
	}
}

// proxyHeader reads the PROXY header of a connection from a trusted load balancer, in the
// connection's own goroutine; false when it was missing or broken. A LOCAL header (the
// load balancer's own health check) is valid and keeps the balancer's address.
func proxyHeader(conn net.Conn) bool {
	pc, ok := conn.(*proxyproto.Conn)
	if !ok {
		return true // the PROXY protocol is off
	}
	return pc.ProxyHeader() != nil
}

func fromNetworks(a net.Addr, nets []netip.Prefix) bool {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return false
	}
	ip, ok := netip.AddrFromSlice(ta.IP)
	if !ok {
		return false
	}
	ip = ip.Unmap()
	for _, n := range nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}
