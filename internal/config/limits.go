package config

import "flag"

// Limits holds the settings for limits and timeouts that keep the server up (hardening).
type Limits struct {
}

func defaultLimits() Limits {
	return Limits{}
}

func (c *Limits) bind(fs *flag.FlagSet) {
}

func (c *Limits) validate() error {
	return nil
}
