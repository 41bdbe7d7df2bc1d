package config

import "flag"

// Anonymity holds the k rule for counts over other people's sessions (internal/anonset).
type Anonymity struct {
	// K is the smallest group shown as a number; a smaller one reads "fewer than K".
	K int
}

func defaultAnonymity() Anonymity { return Anonymity{K: 5} }

func (c *Anonymity) bind(fs *flag.FlagSet) {
	fs.IntVar(&c.K, "anonymity-k", c.K, "smallest group of other people's sessions shown as a number (the anonymity-set panel and the class view; a class question's counts per answer and the leaderboard); smaller groups read \"fewer than k\"")
}

func (c *Anonymity) validate() error {
	if c.K < 2 || c.K > 1000 {
		return Invalid("anonymity-k", "%d: want 2 to 1000 (a group of one is always someone)", c.K)
	}
	return nil
}
