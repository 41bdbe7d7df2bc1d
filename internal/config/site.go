package config

import "flag"

// Site holds the settings for what an organisation sets up: lessons, branding, metrics.
type Site struct {
}

func defaultSite() Site {
	return Site{}
}

func (c *Site) bind(fs *flag.FlagSet) {
}

func (c *Site) validate() error {
	return nil
}
