package classroom

import (
	"context"
	"errors"
)

// Transport links the rooms of several replicas (package fleet has one on core NATS). A
// registry without one keeps every room in its own memory, as a single server does.
//
// A room lives in the memory of the replica where it was opened (its owner). Students
// and a returning teacher on another replica are relayed: the owner publishes the room's
// state once per step to every replica watching it, and the others send joins, leaves,
// answers and the teacher's keys as requests. Every message is a Msg: room events only
// (pseudonyms, steps, answer indexes, counts), never anything about a connection.
type Transport interface {
	// Serve passes every request sent to addr to h, whose result is the reply, until stop
	// is called. Only the owner of a room serves its addresses.
	Serve(addr Addr, h func(Msg) Msg) (stop func(), err error)
	// Request sends m to the replica serving addr and waits for its reply. It returns
	// ErrNoRoom when no replica serves addr, and ErrLink when the fleet cannot be reached.
	Request(ctx context.Context, addr Addr, m Msg) (Msg, error)
	// Publish sends m to every replica watching addr, without waiting.
	Publish(addr Addr, m Msg) error
	// Watch calls f with every message published to addr, in order, until stop.
	Watch(addr Addr, f func(Msg)) (stop func(), err error)
	// OnLink registers f, called with false when the link to the fleet is lost and true
	// when it is back.
	OnLink(f func(up bool))
}

// errUnknownTeacher is a relayed teacher connection the owner does not know (any more).
var errUnknownTeacher = errors.New("classroom: the owner does not know this teacher connection")

// ErrLink is a request the fleet could not carry (its messaging system is unreachable).
var ErrLink = errors.New("classroom: the class cannot be reached right now")

// AddrKind says what an address names.
type AddrKind uint8

// Address kinds. A transport turns them into its own names (NATS subjects); the codes in
// Join and Teach addresses are secrets of the class, so a transport should not send them
// in clear.
const (
	AddrJoin    AddrKind = iota + 1 // Key is a room code: the owner answers joins
	AddrTeach                       // Key is a teacher code: the owner answers a resume
	AddrRoom                        // Key is a room id: the owner answers its replicas
	AddrState                       // Key is a room id: the owner publishes each step
	AddrTeacher                     // Key is a room id: the owner publishes a relayed teacher's view
)

// Addr names a room's mailbox in the fleet.
type Addr struct {
	Kind AddrKind
	Key  string
}

// Op is what a message asks or says.
type Op string

// The operations.
const (
	OpProbe  Op = "probe"  // is this room code taken?
	OpJoin   Op = "join"   // a student joins (to AddrJoin or AddrRoom)
	OpLeave  Op = "leave"  // a relayed student left
	OpAnswer Op = "answer" // a relayed student's answer
	OpSync   Op = "sync"   // send the room's state now
	OpState  Op = "state"  // the room's state (published, or a reply)
	OpResume Op = "resume" // a teacher comes back with the teacher code (to AddrTeach)
	OpTeach  Op = "teach"  // a relayed teacher's action (Action says which)
	OpTView  Op = "tview"  // a relayed teacher's view (published, or a reply)
	OpReply  Op = "reply"  // a reply; Err says whether it went well
	OpBeat   Op = "beat"   // the owner still has the room (published each heartbeat); State holds only its step
	// A relaying replica still has students in the room (published each heartbeat to
	// AddrRoom, once per room, not per student); Relay holds only the replica's number.
	OpRelayBeat Op = "rbeat"
	OpRecount   Op = "recount"  // the owner asks every relaying replica for its students (published to AddrState)
	OpAnnounce  Op = "announce" // a relaying replica's students now: Relay and Students (numbers and pseudonyms)
)

// Msg is everything that travels between replicas. Its fields are the whole vocabulary:
// a test holds every message on the wire to these.
type Msg struct {
	Op  Op     `json:"op"`
	Err string `json:"err,omitempty"` // an error code (errCode), "" for success
	// Room is the room's id in the fleet: random, made by the owner, linked to no code.
	Room string `json:"room,omitempty"`
	// Member numbers a relayed student and Teacher a relayed teacher connection, within
	// their room; the owner draws them at random.
	Member  uint64     `json:"m,omitempty"`
	Teacher uint64     `json:"t,omitempty"`
	Name    *Pseudonym `json:"name,omitempty"`
	// Relay numbers a relaying replica (random, drawn when it starts, never its address),
	// so the owner knows which students to count out when that replica goes silent.
	Relay uint64 `json:"r,omitempty"`
	// Students are a relaying replica's students in the room (OpAnnounce), or those of
	// them the owner counted again (its reply).
	Students []Relayed `json:"students,omitempty"`
	// Full numbers, in the reply to an announcement, the students the owner could not
	// count again: others took their places meanwhile (the class is full).
	Full []uint64 `json:"full,omitempty"`
	// An answer: the option, or the bin of each case.
	Choice int    `json:"choice,omitempty"`
	Bins   []int  `json:"bins,omitempty"`
	Picks  []bool `json:"picks,omitempty"` // check all that apply: which options are ticked
	// Where an answer was taken: the lesson's number in the room, the question, and how
	// many times it was opened.
	Seq   uint32 `json:"seq,omitempty"`
	Q     int    `json:"q,omitempty"`
	Round uint32 `json:"round,omitempty"`
	// A relayed teacher's action and its argument. In OpResume, On asks for the room only
	// if its teacher is away (a relayed connection the owner counted out takes it back).
	Action string `json:"action,omitempty"`
	Lesson string `json:"lesson,omitempty"`
	On     bool   `json:"on,omitempty"`
	// Lang is the argument of the action "lang": the relayed teacher's UI language.
	Lang string `json:"lang,omitempty"`
	// Code is the room code, sent only in the reply to a teacher who proved the teacher
	// code: their screen shows it to the class.
	Code    string   `json:"code,omitempty"`
	State   *State   `json:"state,omitempty"`
	Leaders []Leader `json:"leaders,omitempty"`
}

// Relayed is one relayed student in an announcement: the owner's number for them and
// their pseudonym in the class, nothing else.
type Relayed struct {
	Member uint64    `json:"m"`
	Name   Pseudonym `json:"name"`
}

// State is a room's shared state at one step, as the owner publishes it.
type State struct {
	Step      uint64   `json:"step"`
	Phase     Phase    `json:"phase"`
	Lesson    string   `json:"lesson,omitempty"`
	Seq       uint32   `json:"seq,omitempty"` // counts SetLesson calls
	Page      int      `json:"page,omitempty"`
	Pages     int      `json:"pages,omitempty"`
	Question  int      `json:"q,omitempty"`
	Questions int      `json:"qs,omitempty"`
	Asked     []Phase  `json:"asked,omitempty"`
	Rounds    []uint32 `json:"rounds,omitempty"`
	// Tally is the current question's answers once closed; live only in a teacher's view.
	Tally       *Tally `json:"tally,omitempty"`
	Leaderboard bool   `json:"board,omitempty"`
	// BoardLang is the language of the teacher's screen, sent only while the leaderboard
	// is on and the teacher is there; a replica that does not send it leaves it "", which
	// a student's screen takes as its own language.
	BoardLang  string    `json:"blang,omitempty"`
	AwayMillis int64     `json:"away,omitempty"` // the teacher is away: ms left of the grace period
	Ended      EndReason `json:"ended,omitempty"`
	// For a relayed teacher only: the number of students, and whether another connection
	// took the room.
	Students int  `json:"students,omitempty"`
	Replaced bool `json:"replaced,omitempty"`
}

// errCode turns an error into the code a reply carries.
func errCode(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrRoomFull):
		return "full"
	case errors.Is(err, ErrNoRoom):
		return "noroom"
	case errors.Is(err, ErrEnded):
		return "ended"
	case errors.Is(err, ErrNotOpen):
		return "notopen"
	case errors.Is(err, ErrAnswer):
		return "answer"
	case errors.Is(err, ErrNotTeacher):
		return "notteacher"
	case errors.Is(err, errUnknownTeacher):
		return "unknownteacher"
	default:
		return "other"
	}
}

// codeErr is errCode's inverse.
func codeErr(code string) error {
	switch code {
	case "":
		return nil
	case "full":
		return ErrRoomFull
	case "noroom":
		return ErrNoRoom
	case "ended":
		return ErrEnded
	case "notopen":
		return ErrNotOpen
	case "answer":
		return ErrAnswer
	case "notteacher":
		return ErrNotTeacher
	case "unknownteacher":
		return errUnknownTeacher
	default:
		return ErrLink
	}
}
