package limits

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net"
	"net/netip"
)

// Source is a keyed hash of where a connection comes from, for rate limiting only. The
// address itself is never stored; without the key (made at start, never leaving the
// process) a Source cannot be linked to an address.
type Source [16]byte

// Sources hashes source addresses with a key of its own. It is the one place an address
// is parsed for the limits: the gate and the classroom's join limit both use it.
type Sources struct{ key [32]byte }

// NewSources returns a hasher with a fresh random key.
func NewSources() *Sources {
	s := &Sources{}
	if _, err := rand.Read(s.key[:]); err != nil {
		// crypto/rand does not fail on supported platforms; a constant key would only
		// weaken the hashing, never expose addresses, but stop rather than pretend.
		panic("limits: no randomness for the source key: " + err.Error())
	}
	return s
}

// Of hashes the source of addr. IPv4 addresses count one by one; IPv6 addresses by their
// /64, the block one machine usually has to itself. The port does not count. An address
// that is not IP (none, a Unix socket) is hashed as it is written.
func (s *Sources) Of(addr net.Addr) Source {
	mac := hmac.New(sha256.New, s.key[:])
	mac.Write(sourceBytes(addr))
	var k Source
	copy(k[:], mac.Sum(nil))
	return k
}

// sourceBytes is what of addr counts as its source.
func sourceBytes(addr net.Addr) []byte {
	var ip netip.Addr
	switch a := addr.(type) {
	case nil:
		return nil
	case *net.TCPAddr:
		ip, _ = netip.AddrFromSlice(a.IP)
	default:
		if ap, err := netip.ParseAddrPort(a.String()); err == nil {
			ip = ap.Addr()
		} else if p, err := netip.ParseAddr(a.String()); err == nil {
			ip = p
		}
	}
	if !ip.IsValid() {
		return []byte(addr.Network() + " " + addr.String())
	}
	if ip = ip.Unmap(); ip.Is4() {
		a := ip.As4()
		return a[:]
	}
	a := ip.As16()
	return a[:8]
}
