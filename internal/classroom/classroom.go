// Package classroom runs live classes: a teacher opens a room, students join it with a
// short code under a random pseudonym, and the teacher paces everyone through a lesson's
// pages and quiz questions while seeing anonymous counts of the answers.
//
// Everything lives in memory. A room ends when its teacher ends the class or does not come
// back within a grace period; then the room and every answer in it are dropped. Nothing in
// a room (codes, pseudonyms, answers) is ever logged: the package logs events and counts.
//
// The package knows nothing about SSH or terminals. Sessions learn about changes through a
// deliver callback (see Teacher.Attach and Member.Attach) and then read the room's current
// state; the callback carries no data, so a slow session never blocks a room and never
// misses the latest state.
package classroom

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"tutord/internal/lessons"
	"tutord/internal/limits"
)

// Errors a learner or teacher may see; screens turn them into sentences.
var (
	ErrCodeFormat = errors.New("classroom: not a room code")
	ErrNoRoom     = errors.New("classroom: no room with this code")
	ErrRoomFull   = errors.New("classroom: the room is full")
	ErrTooMany    = errors.New("classroom: too many wrong codes from this network; wait a minute")
	ErrRoomLimit  = errors.New("classroom: the server has no room for another class")
	ErrNotTeacher = errors.New("classroom: this connection no longer steers the room")
	ErrNotOpen    = errors.New("classroom: the question is not open")
	ErrEnded      = errors.New("classroom: the class has ended")
	ErrAnswer     = errors.New("classroom: the answer does not fit the question")
)

// Config sets a registry's limits. Zero values take the defaults in defaults, except Grace:
// with no grace period a room ends as soon as its teacher's connection does.
type Config struct {
	MaxStudents int           // students in one room
	MaxRooms    int           // rooms on this server
	JoinRate    int           // wrong codes allowed per source per minute
	Grace       time.Duration // how long a room waits for its teacher to come back
	MaxAge      time.Duration // a room ends after this long, whatever happens

	// Clock is the time source; nil means real time. Tests pass a fake.
	Clock Clock
	// Rand makes room and teacher codes; nil means crypto/rand.
	Rand io.Reader
	// Log receives events and counts, never a code or a pseudonym; may be nil.
	Log Logger

	// Transport shares rooms with other replicas (transport.go); nil keeps every room in
	// this server's memory only.
	Transport Transport
	// Lesson finds a lesson by id (base language), for rooms steered or shown from
	// another replica; needed with a Transport.
	Lesson func(id string) *lessons.Lesson
	// Heartbeat is how often the owner of a room with students or a teacher on other
	// replicas says it still has it. Those replicas end the room for their people after
	// HeartbeatMisses beats in a row did not come (the owner crashed, or the link is gone).
	// They beat back as often while they have students in it, and the owner counts out
	// the students of a replica it did not hear for as long (relaybeat.go).
	Heartbeat time.Duration
}

// HeartbeatMisses is how many heartbeats in a row a relaying replica misses before it
// ends the room for its students: a late beat or two on a busy link is not the end.
const HeartbeatMisses = 3

// defaults are the limits used for zero Config fields.
var defaults = Config{
	MaxStudents: 300,
	MaxRooms:    100,
	JoinRate:    20,
	Grace:       5 * time.Minute,
	MaxAge:      8 * time.Hour,
	Heartbeat:   5 * time.Second,
}

// Logger is the part of charm's log.Logger the package uses.
type Logger interface {
	Info(msg any, keyvals ...any)
	Debug(msg any, keyvals ...any)
}

// Clock tells the time and runs a function later. It exists so tests can move time.
type Clock interface {
	Now() time.Time
	// AfterFunc runs f after d in its own goroutine; stop cancels it and reports whether
	// it did so before f started.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// Registry holds the rooms of one server.
type Registry struct {
	cfg   Config
	clock Clock
	log   Logger
	lim   *limiter
	// sources makes the keyed hash of a source address. Its key is made at start, lives
	// only in memory, and so no hash can be linked to an address after a restart.
	sources *limits.Sources

	mu        sync.Mutex
	rooms     map[string]*Room // by room code
	byTeacher map[string]*Room // by teacher code
	closed    bool

	tr Transport
	// relayID numbers this replica for the owners of rooms it relays: random, drawn at
	// start, in memory only.
	relayID   uint64
	mirrors   map[string]*Room // rooms of other replicas with students here, by room id
	rteachers map[*remoteTeacher]struct{}
}

// NewRegistry makes an empty registry.
func NewRegistry(cfg Config) *Registry {
	if cfg.MaxStudents <= 0 {
		cfg.MaxStudents = defaults.MaxStudents
	}
	if cfg.MaxRooms <= 0 {
		cfg.MaxRooms = defaults.MaxRooms
	}
	if cfg.JoinRate <= 0 {
		cfg.JoinRate = defaults.JoinRate
	}
	if cfg.Grace < 0 {
		cfg.Grace = 0
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = defaults.MaxAge
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = defaults.Heartbeat
	}
	r := &Registry{
		cfg:       cfg,
		clock:     cfg.Clock,
		log:       cfg.Log,
		rooms:     map[string]*Room{},
		byTeacher: map[string]*Room{},
		sources:   limits.NewSources(),
		tr:        cfg.Transport,
		mirrors:   map[string]*Room{},
		rteachers: map[*remoteTeacher]struct{}{},
	}
	if r.clock == nil {
		r.clock = realClock{}
	}
	if r.log == nil {
		r.log = nopLogger{}
	}
	r.lim = newLimiter(cfg.JoinRate, time.Minute, 1<<16, r.clock.Now)
	if r.tr != nil {
		r.relayID = randomNum(func(uint64) bool { return false })
		r.tr.OnLink(r.link)
	}
	return r
}

// lesson is the lesson with this id, or nil.
func (r *Registry) lesson(id string) *lessons.Lesson {
	if r.cfg.Lesson == nil {
		return nil
	}
	return r.cfg.Lesson(id)
}

// Grace is how long a room waits for its teacher.
func (r *Registry) Grace() time.Duration { return r.cfg.Grace }

// MaxStudents is the number of students one room takes.
func (r *Registry) MaxStudents() int { return r.cfg.MaxStudents }

// Rooms is the number of rooms open now.
func (r *Registry) Rooms() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.rooms)
}

// Source is a keyed hash of where a connection comes from, for rate limiting only. It
// cannot be turned back into an address and is never logged.
type Source = limits.Source

// SourceOf hashes a remote address (limits.Sources: the IP for IPv4, the /64 network for
// IPv6, never the port) with this registry's own key.
func (r *Registry) SourceOf(addr net.Addr) Source { return r.sources.Of(addr) }

// Open opens a new room and returns its teacher.
func (r *Registry) Open() (*Teacher, error) {
	r.mu.Lock()
	if r.closed || len(r.rooms) >= r.cfg.MaxRooms {
		n := len(r.rooms)
		r.mu.Unlock()
		r.log.Info("class refused", "reason", "room limit", "rooms", n)
		return nil, ErrRoomLimit
	}
	room := &Room{reg: r, opened: r.clock.Now(), names: map[Pseudonym]bool{}, students: map[*Member]struct{}{}}
	for try := 0; ; try++ {
		c, err := newCode(r.cfg.Rand, CodeLen)
		if err != nil {
			r.mu.Unlock()
			return nil, fmt.Errorf("classroom: make a room code: %w", err)
		}
		if _, used := r.rooms[c]; used {
			continue
		}
		// Another replica may have the code (a draw in 191 million per room); asking is
		// cheap next to a class that meets a stranger's room.
		if try < 3 && r.tr != nil {
			r.mu.Unlock()
			taken := r.codeTaken(c)
			r.mu.Lock()
			if _, used := r.rooms[c]; taken || used {
				continue
			}
		}
		room.code = c
		break
	}
	for {
		c, err := newCode(r.cfg.Rand, TeacherCodeLen)
		if err != nil {
			r.mu.Unlock()
			return nil, fmt.Errorf("classroom: make a teacher code: %w", err)
		}
		if _, used := r.byTeacher[c]; !used {
			room.teacherCode = c
			break
		}
	}
	r.rooms[room.code] = room
	r.byTeacher[room.teacherCode] = room
	n := len(r.rooms)
	r.mu.Unlock()

	room.host()
	room.mu.Lock()
	room.stopAge = r.clock.AfterFunc(r.cfg.MaxAge, func() { room.end(TooLong) })
	t := &Teacher{room: room, gen: room.teacherGen}
	room.mu.Unlock()
	r.log.Info("class opened", "rooms", n)
	return t, nil
}

// Resume gives the teacher of a room back control, from a new connection, with the
// teacher code shown when the room was opened. A wrong code counts like a wrong room code.
func (r *Registry) Resume(src Source, teacherCode string) (*Teacher, error) {
	code, ok := normalize(teacherCode, TeacherCodeLen)
	if !ok {
		return nil, ErrCodeFormat
	}
	if !r.lim.allow(src) {
		r.log.Debug("class resume refused", "reason", "rate")
		return nil, ErrTooMany
	}
	r.mu.Lock()
	room := r.byTeacher[code]
	r.mu.Unlock()
	if room == nil && r.tr != nil {
		t, err := r.resumeRemote(code)
		if !errors.Is(err, ErrNoRoom) {
			if err != nil {
				r.log.Debug("class resume refused", "reason", reason(err))
			}
			return t, err
		}
	}
	if room == nil {
		r.lim.fail(src) // once, here: asking the other replicas is not a second miss
		r.log.Debug("class resume refused", "reason", "unknown")
		return nil, ErrNoRoom
	}
	return room.resume()
}

// Join puts a student in the room with this code under a new pseudonym.
func (r *Registry) Join(src Source, roomCode string) (*Member, error) {
	code, ok := normalize(roomCode, CodeLen)
	if !ok {
		return nil, ErrCodeFormat
	}
	if !r.lim.allow(src) {
		r.log.Debug("class join refused", "reason", "rate")
		return nil, ErrTooMany
	}
	r.mu.Lock()
	room := r.rooms[code]
	r.mu.Unlock()
	if room == nil && r.tr != nil {
		m, err := r.joinRemote(code)
		if !errors.Is(err, ErrNoRoom) {
			if err != nil {
				r.log.Debug("class join refused", "reason", reason(err))
			}
			return m, err
		}
	}
	if room == nil {
		r.lim.fail(src) // once, here: asking the other replicas is not a second miss
		r.log.Debug("class join refused", "reason", "unknown")
		return nil, ErrNoRoom
	}
	m, err := room.join()
	if err != nil {
		r.log.Debug("class join refused", "reason", reason(err))
	}
	return m, err
}

// Close ends every room (the server is stopping) and refuses new ones.
func (r *Registry) Close() {
	r.mu.Lock()
	r.closed = true
	rooms := make([]*Room, 0, len(r.rooms))
	for _, room := range r.rooms {
		rooms = append(rooms, room)
	}
	r.mu.Unlock()
	for _, room := range rooms {
		room.end(ServerStopped)
	}
	if r.tr != nil {
		r.closeMirrors()
	}
}

// remove forgets a room that has ended.
func (r *Registry) remove(room *Room) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rooms[room.code] == room {
		delete(r.rooms, room.code)
	}
	if r.byTeacher[room.teacherCode] == room {
		delete(r.byTeacher, room.teacherCode)
	}
	return len(r.rooms)
}

func reason(err error) string {
	switch err {
	case ErrRoomFull:
		return "full"
	case ErrEnded, ErrNoRoom:
		return "ended"
	case ErrLink:
		return "link"
	default:
		return "other"
	}
}

type nopLogger struct{}

func (nopLogger) Info(any, ...any)  {}
func (nopLogger) Debug(any, ...any) {}

// Codes.

// CodeAlphabet is the set of characters in codes: no letters and digits that look or sound
// alike when read from a projector (0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B).
const CodeAlphabet = "ACDEFGHJKMNPQRTUVWXY3479"

// Code lengths: a room code is read out in class; a teacher code is kept private.
const (
	CodeLen        = 6  // 24^6 ≈ 191 million room codes
	TeacherCodeLen = 10 // 24^10 ≈ 6·10^13 teacher codes
)

// newCode draws n characters uniformly from CodeAlphabet.
func newCode(rnd io.Reader, n int) (string, error) {
	const k = len(CodeAlphabet)
	limit := 256 - 256%k // reject bytes above a multiple of k, so every character is as likely
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		if _, err := io.ReadFull(rnd, buf); err != nil {
			return "", err
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, CodeAlphabet[int(b)%k])
			}
		}
	}
	return string(out), nil
}

// normalize reads a code as typed: any case, with spaces or dashes.
func normalize(s string, n int) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case strings.ContainsRune(CodeAlphabet, r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	if b.Len() != n {
		return "", false
	}
	return b.String(), true
}

// ValidCode reports whether s could be a room code (right length and characters).
func ValidCode(s string) bool {
	_, ok := normalize(s, CodeLen)
	return ok
}

// FormatCode splits a code in two halves for reading out: KM7-4QX.
func FormatCode(code string) string {
	if len(code) < 4 {
		return code
	}
	h := (len(code) + 1) / 2
	return code[:h] + "-" + code[h:]
}
