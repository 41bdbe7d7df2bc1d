package config

import "flag"

// Classroom holds the settings for classroom rooms.
type Classroom struct {
}

func defaultClassroom() Classroom {
	return Classroom{}
}

func (c *Classroom) bind(fs *flag.FlagSet) {
}

func (c *Classroom) validate() error {
	return nil
}
