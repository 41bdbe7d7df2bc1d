package limits

import (
	"net"
	"testing"
)

// strAddr is a net.Addr known only by its text, as a PROXY-protocol or test address may be.
type strAddr string

func (a strAddr) Network() string { return "tcp" }
func (a strAddr) String() string  { return string(a) }

// TestSourcesParseEveryAddressOneWay: whatever type the address comes in, one source is
// one hash: the port and IPv4-in-IPv6 mapping do not count, an IPv6 /64 is one source.
func TestSourcesParseEveryAddressOneWay(t *testing.T) {
	h := NewSources()
	same := [][2]net.Addr{
		{tcp("192.0.2.1:1000"), strAddr("192.0.2.1:2000")},
		{tcp("192.0.2.1:1000"), strAddr("[::ffff:192.0.2.1]:3")},
		{tcp("192.0.2.1:1000"), strAddr("192.0.2.1")},
		{tcp("[2001:db8:1:2::1]:1"), strAddr("[2001:db8:1:2:ffff::9]:7")},
	}
	for _, p := range same {
		if h.Of(p[0]) != h.Of(p[1]) {
			t.Errorf("%v and %v are different sources", p[0], p[1])
		}
	}
	differ := [][2]net.Addr{
		{tcp("192.0.2.1:1"), tcp("192.0.2.2:1")},
		{tcp("[2001:db8:1:2::1]:1"), tcp("[2001:db8:1:3::1]:1")},
		{strAddr("@a"), strAddr("@b")},
	}
	for _, p := range differ {
		if h.Of(p[0]) == h.Of(p[1]) {
			t.Errorf("%v and %v are one source", p[0], p[1])
		}
	}
	if NewSources().Of(tcp("192.0.2.1:1")) == h.Of(tcp("192.0.2.1:1")) {
		t.Error("two hashers agree: the key is not random")
	}
}
