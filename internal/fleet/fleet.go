// Package fleet carries classroom rooms between tutord replicas over core NATS
// (github.com/nats-io/nats.go): plain publish/subscribe and request/reply, no JetStream,
// no stream, no key-value bucket. Core NATS keeps no message once it has been delivered
// (or dropped, when nobody listens), so nothing of a class is stored anywhere but in the
// memory of the replicas that show it.
//
// It implements classroom.Transport. Subjects never hold a room or teacher code in clear:
// a code becomes a hash, and a room's other subjects use a random id the owner drew.
package fleet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"tutord/internal/classroom"
)

// Options say how to reach NATS.
type Options struct {
	// URL is one server or several, comma-separated (nats://host:4222, tls://host:4222).
	URL string
	// Creds is a NATS credentials file (a user JWT and its seed); "" connects without.
	Creds string
	// CA verifies the server's certificate; Cert and Key are a client certificate.
	CA, Cert, Key string
	// Prefix starts every subject ("tutord" when empty), so several fleets can share a NATS.
	Prefix string
	// ReconnectWait is the pause between reconnection attempts (nats.go's default if 0).
	ReconnectWait time.Duration
}

// Fleet is a connection to NATS that carries rooms.
type Fleet struct {
	nc     *nats.Conn
	prefix string

	mu     sync.Mutex
	onLink []func(up bool)
}

var _ classroom.Transport = (*Fleet)(nil)

// Connect dials NATS. It keeps trying to reconnect forever once connected; rooms show a
// lost link meanwhile.
func Connect(o Options) (*Fleet, error) {
	f := &Fleet{prefix: o.Prefix}
	if f.prefix == "" {
		f.prefix = "tutord"
	}
	opts := []nats.Option{
		nats.Name("tutord"),
		nats.MaxReconnects(-1),
		nats.DisconnectErrHandler(func(*nats.Conn, error) { f.link(false) }),
		nats.ReconnectHandler(func(*nats.Conn) { f.link(true) }),
	}
	if o.ReconnectWait > 0 {
		opts = append(opts, nats.ReconnectWait(o.ReconnectWait))
	}
	if o.Creds != "" {
		opts = append(opts, nats.UserCredentials(o.Creds))
	}
	if o.CA != "" {
		opts = append(opts, nats.RootCAs(o.CA))
	}
	if o.Cert != "" || o.Key != "" {
		opts = append(opts, nats.ClientCert(o.Cert, o.Key))
	}
	nc, err := nats.Connect(o.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("fleet: connect to NATS: %w", err)
	}
	f.nc = nc
	return f, nil
}

// Close sends what is still buffered (if the link is up) and disconnects.
func (f *Fleet) Close() {
	if f.nc.IsConnected() { // a lost link would make the flush wait its whole timeout for nothing
		_ = f.nc.FlushTimeout(2 * time.Second)
	}
	f.nc.Close()
}

// Stats are the messages and bytes this connection sent and received.
func (f *Fleet) Stats() nats.Statistics { return f.nc.Stats() }

func (f *Fleet) link(up bool) {
	f.mu.Lock()
	hs := append([]func(bool){}, f.onLink...)
	f.mu.Unlock()
	for _, h := range hs {
		h(up)
	}
}

// OnLink registers h for changes of the connection.
func (f *Fleet) OnLink(h func(up bool)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onLink = append(f.onLink, h)
}

// Subject is the NATS subject for a room's address.
func (f *Fleet) Subject(a classroom.Addr) string {
	switch a.Kind {
	case classroom.AddrJoin:
		return f.prefix + ".join." + hashCode("room", a.Key)
	case classroom.AddrTeach:
		return f.prefix + ".teach." + hashCode("teacher", a.Key)
	case classroom.AddrRoom:
		return f.prefix + ".room." + a.Key + ".in"
	case classroom.AddrState:
		return f.prefix + ".room." + a.Key + ".state"
	case classroom.AddrTeacher:
		return f.prefix + ".room." + a.Key + ".teacher"
	}
	return f.prefix + ".invalid"
}

// hashCode keeps a code out of subjects: what a NATS monitor shows is not the code a
// class reads from the board. (It is a plain hash: it hides, it does not protect; who may
// use the fleet's NATS may join its rooms anyway.)
func hashCode(kind, code string) string {
	h := sha256.Sum256([]byte("tutord/" + kind + "/" + code))
	return hex.EncodeToString(h[:16])
}

// Serve answers requests to a.
func (f *Fleet) Serve(a classroom.Addr, h func(classroom.Msg) classroom.Msg) (func(), error) {
	sub, err := f.nc.Subscribe(f.Subject(a), func(msg *nats.Msg) {
		var m classroom.Msg
		if err := json.Unmarshal(msg.Data, &m); err != nil {
			return
		}
		out := h(m)
		if msg.Reply == "" {
			return
		}
		data, err := json.Marshal(out)
		if err != nil {
			return
		}
		_ = msg.Respond(data)
	})
	if err != nil {
		return nil, fmt.Errorf("fleet: serve: %w", err)
	}
	return func() { _ = sub.Unsubscribe() }, nil
}

// Request sends m to whoever serves a and waits for the reply.
func (f *Fleet) Request(ctx context.Context, a classroom.Addr, m classroom.Msg) (classroom.Msg, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return classroom.Msg{}, fmt.Errorf("fleet: encode: %w", err)
	}
	msg, err := f.nc.RequestWithContext(ctx, f.Subject(a), data)
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		return classroom.Msg{}, classroom.ErrNoRoom
	case err != nil:
		return classroom.Msg{}, fmt.Errorf("%w: %v", classroom.ErrLink, err)
	}
	var out classroom.Msg
	if err := json.Unmarshal(msg.Data, &out); err != nil {
		return classroom.Msg{}, fmt.Errorf("%w: decode: %v", classroom.ErrLink, err)
	}
	return out, nil
}

// Publish sends m to a without waiting.
func (f *Fleet) Publish(a classroom.Addr, m classroom.Msg) error {
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("fleet: encode: %w", err)
	}
	if err := f.nc.Publish(f.Subject(a), data); err != nil {
		return fmt.Errorf("fleet: publish: %w", err)
	}
	return nil
}

// Watch calls fn with every message published to a, in order.
func (f *Fleet) Watch(a classroom.Addr, fn func(classroom.Msg)) (func(), error) {
	sub, err := f.nc.Subscribe(f.Subject(a), func(msg *nats.Msg) {
		var m classroom.Msg
		if err := json.Unmarshal(msg.Data, &m); err != nil {
			return
		}
		fn(m)
	})
	if err != nil {
		return nil, fmt.Errorf("fleet: watch: %w", err)
	}
	return func() { _ = sub.Unsubscribe() }, nil
}
