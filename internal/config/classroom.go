package config

import (
	"flag"
	"fmt"
	"time"
)

// Classroom holds the settings for classroom rooms.
type Classroom struct {
	// TeacherKeys is an authorized_keys file; when set, only a client that proves one of
	// its keys may open a room. Empty: anyone may.
	TeacherKeys string
	MaxStudents int
	MaxRooms    int
	// JoinRate is the number of wrong room or teacher codes allowed per source per minute.
	JoinRate    int
	Grace       time.Duration
	MaxDuration time.Duration
}

func defaultClassroom() Classroom {
	return Classroom{
		MaxStudents: 300,
		MaxRooms:    100,
		JoinRate:    20,
		Grace:       5 * time.Minute,
		MaxDuration: 8 * time.Hour,
	}
}

func (c *Classroom) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.TeacherKeys, "teacher-keys", c.TeacherKeys, "only clients with a key in this authorized_keys `file` may open a classroom (default: anyone may)")
	fs.IntVar(&c.MaxStudents, "class-max-students", c.MaxStudents, "students in one classroom")
	fs.IntVar(&c.MaxRooms, "class-max-rooms", c.MaxRooms, "classrooms open at once on this server")
	fs.IntVar(&c.JoinRate, "class-join-rate", c.JoinRate, "wrong classroom codes allowed per source address per minute (right codes are not counted)")
	fs.DurationVar(&c.Grace, "class-grace", c.Grace, "how long a classroom waits for its teacher to reconnect (0: it ends at once)")
	fs.DurationVar(&c.MaxDuration, "class-max-duration", c.MaxDuration, "a classroom ends after this long in any case")
}

func (c *Classroom) validate() error {
	switch {
	case c.MaxStudents < 1 || c.MaxStudents > 100000:
		return fmt.Errorf("-class-max-students %d: want 1 to 100000", c.MaxStudents)
	case c.MaxRooms < 1 || c.MaxRooms > 100000:
		return fmt.Errorf("-class-max-rooms %d: want 1 to 100000", c.MaxRooms)
	case c.JoinRate < 1 || c.JoinRate > 10000:
		return fmt.Errorf("-class-join-rate %d: want 1 to 10000 per minute", c.JoinRate)
	case c.Grace < 0 || c.Grace > 24*time.Hour:
		return fmt.Errorf("-class-grace %v: want 0 to 24h", c.Grace)
	case c.MaxDuration < time.Minute || c.MaxDuration > 7*24*time.Hour:
		return fmt.Errorf("-class-max-duration %v: want 1m to 168h", c.MaxDuration)
	}
	return nil
}
