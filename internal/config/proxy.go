package config

import (
	"flag"
	"net/netip"
	"strings"
)

// Proxy holds the setting for running behind a TCP load balancer that speaks the PROXY
// protocol (v1 or v2), so limits and the mirror see the learner's address.
type Proxy struct {
	// Trusted is the load balancers' networks, comma-separated CIDRs or addresses (a
	// string, so that Config stays comparable; see Networks). Empty: the PROXY protocol is
	// off and connections are taken as they come.
	Trusted string
}

func (c *Proxy) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Trusted, "proxy-protocol", c.Trusted, "read a PROXY protocol header (v1 or v2) on every connection from these load balancer `networks` (comma-separated CIDRs or addresses); connections from anywhere else, or without a valid header, are refused; off when empty")
}

// Networks returns the trusted networks; nil when the PROXY protocol is off.
func (c *Proxy) Networks() []netip.Prefix {
	nets, _ := parseNetworks(c.Trusted)
	return nets
}

func (c *Proxy) validate() error {
	if _, err := parseNetworks(c.Trusted); err != nil {
		return err
	}
	return nil
}

func parseNetworks(s string) ([]netip.Prefix, error) {
	var nets []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			nets = append(nets, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, Invalid("proxy-protocol", "%q is neither a network (10.0.0.0/8, fd00::/8) nor an address", part)
		}
		nets = append(nets, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return nets, nil
}
