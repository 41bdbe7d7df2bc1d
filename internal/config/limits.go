package config

import (
	"flag"
	"time"
)

// Limits holds the settings for limits and timeouts that keep the server up (hardening).
// docs/limits.md explains each one and why its default is what it is.
type Limits struct {
	// Connections.
	MaxSessions    int           // concurrent connections (one learner each) in the whole server
	MaxStartups    int           // connections still in the handshake or login at once
	LoginGrace     time.Duration // time from TCP accept to a running session
	MaxAuthTries   int           // failed authentication attempts per connection
	PerSourceConns int           // concurrent connections per source (IPv4 address, IPv6 /64); 0 = off
	PerSourceRate  int           // new connections per source per minute; 0 = off
	// PerSourcePenalties refuses for a while a source whose connections keep getting
	// nowhere (like OpenSSH's PerSourcePenalties); false turns it off.
	PerSourcePenalties bool
	MaxChannels        int // sessions (channels) open at once on one connection

	// Sessions.
	IdleTimeout  time.Duration // no key pressed for this long ends a session (warned a minute before)
	MaxSession   time.Duration // the longest a session may last (warned a minute before)
	InputRate    int           // keyboard input, bytes per second, sustained
	InputBurst   int           // keyboard input, bytes, in one burst
	WriteTimeout time.Duration // output that makes no progress for this long drops the connection
}

func defaultLimits() Limits {
	return Limits{
		MaxSessions:        500,
		MaxStartups:        256,
		LoginGrace:         20 * time.Second,
		MaxAuthTries:       32,
		PerSourceConns:     50,
		PerSourceRate:      100,
		PerSourcePenalties: true,
		MaxChannels:        4,
		IdleTimeout:        30 * time.Minute,
		MaxSession:         3 * time.Hour,
		InputRate:          512,
		InputBurst:         4096,
		WriteTimeout:       30 * time.Second,
	}
}

func (c *Limits) bind(fs *flag.FlagSet) {
	fs.IntVar(&c.MaxSessions, "max-sessions", c.MaxSessions, "most connections at once; over it new clients are told the server is full and closed before the SSH handshake")
	fs.IntVar(&c.MaxStartups, "max-startups", c.MaxStartups, "most connections in the handshake or login at once (like OpenSSH's MaxStartups)")
	fs.DurationVar(&c.LoginGrace, "login-grace", c.LoginGrace, "time from connecting to a running session, handshake and login included (like OpenSSH's LoginGraceTime)")
	fs.IntVar(&c.MaxAuthTries, "max-auth-tries", c.MaxAuthTries, "failed authentication attempts per connection (high enough for a client with many keys in its agent)")
	fs.IntVar(&c.PerSourceConns, "per-source-conns", c.PerSourceConns, "most connections at once from one IPv4 address or IPv6 /64; 0 turns it off (raise it for a class behind one NAT address)")
	fs.IntVar(&c.PerSourceRate, "per-source-rate", c.PerSourceRate, "most new connections per minute from one IPv4 address or IPv6 /64; 0 turns it off")
	fs.BoolVar(&c.PerSourcePenalties, "per-source-penalties", c.PerSourcePenalties, "refuse for a while an IPv4 address or IPv6 /64 whose connections keep being closed for silence or failing the handshake (like OpenSSH's PerSourcePenalties); false turns it off")
	fs.IntVar(&c.MaxChannels, "max-channels", c.MaxChannels, "most sessions open at once on one SSH connection")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", c.IdleTimeout, "a session with no key pressed for this long ends (with a warning a minute before)")
	fs.DurationVar(&c.MaxSession, "max-session", c.MaxSession, "the longest a session may last (with a warning a minute before)")
	fs.IntVar(&c.InputRate, "input-rate", c.InputRate, "keyboard input per session in bytes per second; input beyond it is dropped (ctrl+c still works)")
	fs.IntVar(&c.InputBurst, "input-burst", c.InputBurst, "keyboard input per session in bytes that may arrive at once (a paste)")
	fs.DurationVar(&c.WriteTimeout, "write-timeout", c.WriteTimeout, "a client that takes no output for this long (it stopped reading) is disconnected")
}

func (c *Limits) validate() error {
	atLeast := func(name string, v, min int) error {
		if v < min {
			return Invalid(name, "%d: must be at least %d", v, min)
		}
		return nil
	}
	offOrAtLeast := func(name string, v int) error {
		if v < 0 {
			return Invalid(name, "%d: must be 0 (off) or more", v)
		}
		return nil
	}
	longer := func(name string, d, min time.Duration) error {
		if d < min {
			return Invalid(name, "%v: must be at least %v", d, min)
		}
		return nil
	}
	for _, err := range []error{
		atLeast("max-sessions", c.MaxSessions, 1),
		atLeast("max-startups", c.MaxStartups, 1),
		longer("login-grace", c.LoginGrace, time.Second),
		atLeast("max-auth-tries", c.MaxAuthTries, 1),
		offOrAtLeast("per-source-conns", c.PerSourceConns),
		offOrAtLeast("per-source-rate", c.PerSourceRate),
		atLeast("max-channels", c.MaxChannels, 1),
		longer("idle-timeout", c.IdleTimeout, time.Second),
		longer("max-session", c.MaxSession, time.Second),
		atLeast("input-rate", c.InputRate, 16),
		atLeast("input-burst", c.InputBurst, 64),
		longer("write-timeout", c.WriteTimeout, time.Second),
	} {
		if err != nil {
			return err
		}
	}
	if c.MaxAuthTries > 128 {
		// x/crypto ends every connection after 128 authentication requests anyway.
		return Invalid("max-auth-tries", "%d: must be at most 128", c.MaxAuthTries)
	}
	if c.InputBurst < c.InputRate {
		return Invalid("input-burst", "%d: must be at least -input-rate (%d)", c.InputBurst, c.InputRate)
	}
	return nil
}
