package config

import "flag"

// Perf holds the settings for performance tuning.
type Perf struct {
}

func defaultPerf() Perf {
	return Perf{}
}

func (c *Perf) bind(fs *flag.FlagSet) {
}

func (c *Perf) validate() error {
	return nil
}
