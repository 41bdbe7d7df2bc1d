package fleet_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"

	"tutord/internal/classroom"
	"tutord/internal/fleet"
)

// wait bounds a request in these tests; only a failing test waits this long.
const wait = 15 * time.Second

func connect(t *testing.T) *fleet.Fleet {
	t.Helper()
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatalf("nats server: %v", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(wait) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(ns.Shutdown)
	f, err := fleet.Connect(fleet.Options{URL: ns.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

// TestNoResponders: a request to a code nobody serves is ErrNoRoom from NATS' "no
// responders" status, at once, not ErrLink after the deadline; one that is served gets
// its reply.
func TestNoResponders(t *testing.T) {
	t.Parallel()
	f := connect(t)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	join := classroom.Addr{Kind: classroom.AddrJoin, Key: "KM74QX"}
	if _, err := f.Request(ctx, join, classroom.Msg{Op: classroom.OpJoin}); !errors.Is(err, classroom.ErrNoRoom) {
		t.Fatalf("request to an unserved code: %v, want ErrNoRoom", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the request waited for its deadline")
	}
	stop, err := f.Serve(join, func(m classroom.Msg) classroom.Msg { return classroom.Msg{Op: classroom.OpReply, Room: "r1"} })
	if err != nil {
		t.Fatal(err)
	}
	reply, err := f.Request(ctx, join, classroom.Msg{Op: classroom.OpJoin})
	if err != nil || reply.Room != "r1" {
		t.Fatalf("served request: %+v, %v", reply, err)
	}
	stop()
	if _, err := f.Request(ctx, join, classroom.Msg{Op: classroom.OpJoin}); !errors.Is(err, classroom.ErrNoRoom) {
		t.Fatalf("request after the owner stopped serving: %v, want ErrNoRoom", err)
	}
}

// TestSubjectsHideCodes: no subject holds a room or teacher code, and every subject is a
// plain one (no wildcard a subscription could match others with).
func TestSubjectsHideCodes(t *testing.T) {
	t.Parallel()
	f := connect(t)
	for _, a := range []classroom.Addr{
		{Kind: classroom.AddrJoin, Key: "KM74QX"}, {Kind: classroom.AddrTeach, Key: "KM74QXACDE"},
		{Kind: classroom.AddrRoom, Key: "id"}, {Kind: classroom.AddrState, Key: "id"}, {Kind: classroom.AddrTeacher, Key: "id"},
	} {
		s := f.Subject(a)
		if a.Kind <= classroom.AddrTeach && strings.Contains(s, a.Key) {
			t.Errorf("subject %s holds the code", s)
		}
		if strings.ContainsAny(s, "*> ") || !strings.HasPrefix(s, "tutord.") {
			t.Errorf("subject %q is not a plain tutord subject", s)
		}
	}
}
