package config

import (
	"flag"
	"net/url"
	"strings"
	"time"
)

// Fleet holds the settings for running several replicas: classrooms shared over NATS.
type Fleet struct {
	// NATS is the NATS server (or comma-separated servers); empty keeps every classroom
	// in the memory of the replica that opened it.
	NATS string
	// NATSCreds is a NATS credentials file (user JWT and seed).
	NATSCreds string
	// NATSCA verifies the NATS server's certificate; NATSCert and NATSKey are the client's.
	NATSCA, NATSCert, NATSKey string
	// NATSPrefix starts every subject, so several fleets can share one NATS.
	NATSPrefix string
	// Heartbeat is how often a room's owner tells the replicas relaying it that it still
	// has it, and they tell it they still have students; after 3 missed beats they end
	// the room for their people, and the owner counts out theirs.
	Heartbeat time.Duration
}

func defaultFleet() Fleet { return Fleet{NATSPrefix: "tutord", Heartbeat: 5 * time.Second} }

func (c *Fleet) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.NATS, "nats", c.NATS, "share classrooms with other replicas over core NATS at this `URL` (nats://host:4222, tls://host:4222; several comma-separated); empty: rooms stay on this server")
	fs.StringVar(&c.NATSCreds, "nats-creds", c.NATSCreds, "NATS credentials `file` (user JWT and seed)")
	fs.StringVar(&c.NATSCA, "nats-tls-ca", c.NATSCA, "CA certificate `file` that verifies the NATS server")
	fs.StringVar(&c.NATSCert, "nats-tls-cert", c.NATSCert, "client certificate `file` for NATS (with -nats-tls-key)")
	fs.StringVar(&c.NATSKey, "nats-tls-key", c.NATSKey, "client key `file` for NATS (with -nats-tls-cert)")
	fs.StringVar(&c.NATSPrefix, "nats-prefix", c.NATSPrefix, "first token of every NATS subject, so several fleets can share one NATS")
	fs.DurationVar(&c.Heartbeat, "nats-heartbeat", c.Heartbeat, "how often a room's replica tells the others relaying it that it still has it, and they tell it they still have students; after 3 missed beats they end the class for their students, and it counts out theirs (a replica crashed, or a link is gone)")
}

func (c *Fleet) validate() error {
	if c.NATS == "" {
		for name, v := range map[string]string{"nats-creds": c.NATSCreds, "nats-tls-ca": c.NATSCA, "nats-tls-cert": c.NATSCert, "nats-tls-key": c.NATSKey} {
			if v != "" {
				return Invalid(name, "needs -nats")
			}
		}
		return nil
	}
	for _, u := range strings.Split(c.NATS, ",") {
		p, err := url.Parse(strings.TrimSpace(u))
		if err != nil || p.Host == "" {
			return Invalid("nats", "%q: want a URL such as nats://host:4222", u)
		}
		switch p.Scheme {
		case "nats", "tls", "ws", "wss":
		default:
			return Invalid("nats", "%q: want a nats://, tls://, ws:// or wss:// URL", u)
		}
		if p.User != nil {
			return Invalid("nats", "%q: put credentials in -nats-creds, not in the URL (settings are printed and logged)", u)
		}
	}
	if (c.NATSCert == "") != (c.NATSKey == "") {
		return Invalid("nats-tls-cert", "-nats-tls-cert and -nats-tls-key go together")
	}
	if c.Heartbeat <= 0 {
		return Invalid("nats-heartbeat", "%v: want a duration above 0, such as 5s", c.Heartbeat)
	}
	if c.NATSPrefix == "" || strings.ContainsAny(c.NATSPrefix, " .*>\t") {
		return Invalid("nats-prefix", "%q: want one subject token (no dots, spaces or wildcards)", c.NATSPrefix)
	}
	return nil
}
