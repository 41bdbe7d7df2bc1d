package limits

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"
)

const wait = 10 * time.Second // bounds every wait; only a failing test waits this long

func TestRefusalIsALineAndAnSSHDisconnect(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	r := NewRefuser(4, time.Second)
	msg := Refusal("SSH-2.0-tutord", "tutord: the server is full\n/ voll")
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.Refuse(c, msg)
		}
	}()

	// A raw reader (nc, telnet) gets the message as the first line.
	c, err := net.DialTimeout("tcp", ln.Addr().String(), wait)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(wait))
	line, err := bufio.NewReader(c).ReadString('\n')
	c.Close()
	if err != nil || line != "tutord: the server is full / voll\r\n" {
		t.Fatalf("first line %q (%v)", line, err)
	}

	// An SSH client gets it as a disconnect before any key exchange.
	_, err = gossh.Dial("tcp", ln.Addr().String(), &gossh.ClientConfig{
		User: "x", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: wait,
	})
	if err == nil || !strings.Contains(err.Error(), "the server is full / voll") || !strings.Contains(err.Error(), "reason 12") {
		t.Fatalf("ssh client error %v, want a disconnect with the message", err)
	}
}

func TestDisconnectPacketIsBlockAligned(t *testing.T) {
	for n := range 40 {
		p := disconnectPacket(12, strings.Repeat("x", n))
		if len(p)%8 != 0 || p[4] < 4 {
			t.Errorf("message of %d bytes: packet length %d, padding %d", n, len(p), p[4])
		}
	}
}

// chunks is a reader that returns one chunk per Read.
type chunks struct{ c [][]byte }

func (r *chunks) Read(p []byte) (int, error) {
	if len(r.c) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.c[0])
	r.c = r.c[1:]
	return n, nil
}

func TestInputDropsOverTheLimitButKeepsCtrlC(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	flood := bytes.Repeat([]byte("x"), 100)
	flood[90] = ctrlC
	src := &chunks{c: [][]byte{flood, bytes.Repeat([]byte("y"), 100), []byte("zz")}}
	reads := 0
	in := NewInput(src, 16, 64, func() { reads++ }, c)
	buf := make([]byte, 256)

	n, err := in.Read(buf)
	if want := strings.Repeat("x", 64) + "\x18\x03"; err != nil || string(buf[:n]) != want {
		t.Fatalf("first read: %q (%v); want 64 x, a CAN and a ctrl+c", buf[:n], err)
	}
	c.add(time.Second) // 16 more bytes allowed
	n, _ = in.Read(buf)
	if want := strings.Repeat("y", 16) + "\x18"; string(buf[:n]) != want {
		t.Fatalf("after a second: %q, want 16 y and a CAN", buf[:n])
	}
	// Nothing left in the bucket: "zz" becomes a lone CAN.
	n, _ = in.Read(buf)
	if string(buf[:n]) != "\x18" {
		t.Fatalf("empty bucket: %q, want a CAN", buf[:n])
	}
	if n, err = in.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("at the end: %d bytes, %v; want 0, EOF", n, err)
	}
	if reads != 3 {
		t.Errorf("onInput called %d times, want 3 (once per read with bytes)", reads)
	}
	if d := in.Dropped(); d != 100-66+100-17+2-1 {
		t.Errorf("dropped %d", d)
	}
}

// events records what a watchdog reported, in order.
type events struct {
	mu  sync.Mutex
	got []string
	ch  chan string
}

func newEvents() *events { return &events{ch: make(chan string, 64)} }

func (e *events) add(s string) {
	e.mu.Lock()
	e.got = append(e.got, s)
	e.mu.Unlock()
	e.ch <- s
}

func (e *events) watch() Events {
	return Events{
		Warn:  func(k Kind, left time.Duration) { e.add("warn " + k.String()) },
		Clear: func(k Kind) { e.add("clear " + k.String()) },
		End:   func(k Kind) { e.add("end " + k.String()) },
	}
}

func (e *events) next(t *testing.T) string {
	t.Helper()
	select {
	case s := <-e.ch:
		return s
	case <-time.After(wait):
		t.Fatalf("no event in %v; so far %v", wait, e.got)
		return ""
	}
}

func (e *events) expect(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if got := e.next(t); got != w {
			t.Fatalf("event %q, want %q (all: %v)", got, w, e.got)
		}
	}
}

// noEvent fails if the watchdog reported anything yet. The clock runs timers on the
// test's goroutine, so what is due has been reported when add returns.
func (e *events) noEvent(t *testing.T, what string) {
	t.Helper()
	select {
	case s := <-e.ch:
		t.Fatalf("%s: event %q", what, s)
	default:
	}
}

func testClock() *clock { return &clock{t: time.Unix(1_000_000, 0)} }

func TestWatchdogWarnsThenEndsAnIdleSession(t *testing.T) {
	ev, c := newEvents(), testClock()
	w := NewWatchdog(400*time.Millisecond, time.Hour, ev.watch(), c)
	w.Start()
	defer w.Stop()
	c.add(199 * time.Millisecond)
	ev.noEvent(t, "before the warning is due")
	c.add(time.Millisecond)
	ev.expect(t, "warn idle")
	w.Input() // a key takes the warning back, at once
	ev.expect(t, "clear idle")
	c.add(400 * time.Millisecond)
	ev.expect(t, "warn idle", "end idle")
}

func TestWatchdogInputPostponesTheIdleEnd(t *testing.T) {
	ev, c := newEvents(), testClock()
	w := NewWatchdog(time.Second, time.Hour, ev.watch(), c)
	w.Start()
	defer w.Stop()
	// Type for longer than the idle timeout; the session must not end meanwhile.
	for range 30 {
		c.add(50 * time.Millisecond)
		w.Input()
		ev.noEvent(t, "while typing")
	}
	c.add(time.Second)
	ev.expect(t, "warn idle", "end idle")
}

func TestWatchdogEndsAtTheMaximumLengthWhateverTheInput(t *testing.T) {
	ev, c := newEvents(), testClock()
	w := NewWatchdog(time.Hour, 400*time.Millisecond, ev.watch(), c)
	w.Start()
	defer w.Stop()
	for range 25 {
		c.add(20 * time.Millisecond)
		w.Input()
	}
	ev.expect(t, "warn max_length", "end max_length")
}

func TestWatchdogStopsSilently(t *testing.T) {
	ev, c := newEvents(), testClock()
	w := NewWatchdog(100*time.Millisecond, time.Hour, ev.watch(), c)
	w.Start()
	w.Stop()
	c.add(2 * time.Hour)
	ev.noEvent(t, "after Stop")
}

func TestWarnBefore(t *testing.T) {
	for limit, want := range map[time.Duration]time.Duration{
		30 * time.Minute: time.Minute, 3 * time.Hour: time.Minute, 2 * time.Minute: time.Minute,
		time.Minute: 30 * time.Second, 2 * time.Second: time.Second,
	} {
		if got := WarnBefore(limit); got != want {
			t.Errorf("WarnBefore(%v) = %v, want %v", limit, got, want)
		}
	}
}

// blockingWriter blocks every write until released.
type blockingWriter struct{ entered, release chan struct{} }

func (b *blockingWriter) Write(p []byte) (int, error) {
	close(b.entered)
	<-b.release
	return 0, io.ErrClosedPipe
}

func TestStallWriterReportsAWriteThatHangs(t *testing.T) {
	c := testClock()
	var fast bytes.Buffer
	calls := make(chan struct{}, 4)
	w := NewStallWriter(&fast, 50*time.Millisecond, func() { calls <- struct{}{} }, c)
	for range 10 {
		_, _ = w.Write([]byte("frame"))
	}
	c.add(150 * time.Millisecond)
	select {
	case <-calls:
		t.Fatal("onStall for writes that finished")
	default:
	}

	bw := &blockingWriter{entered: make(chan struct{}), release: make(chan struct{})}
	w = NewStallWriter(bw, 50*time.Millisecond, func() { close(bw.release) }, c) // "drop the connection"
	done := make(chan error, 1)
	go func() { _, err := w.Write([]byte("frame")); done <- err }()
	<-bw.entered
	c.add(49 * time.Millisecond)
	select {
	case <-done:
		t.Fatal("the write ended before the timeout")
	default:
	}
	c.add(time.Millisecond)
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a write ended by the stall returned no error")
		}
	case <-time.After(wait):
		t.Fatal("the stalled write was never ended")
	}
}

func TestTallyReportsOncePerPeriod(t *testing.T) {
	c := testClock()
	reports := make(chan map[string]int, 4)
	ty := NewTally(50*time.Millisecond, func(c map[string]int) { reports <- c }, c)
	for range 3 {
		ty.Add("refused_full")
	}
	ty.Add("login_grace_expired")
	c.add(50 * time.Millisecond)
	select {
	case c := <-reports:
		if c["refused_full"] != 3 || c["login_grace_expired"] != 1 {
			t.Errorf("report %v", c)
		}
	default:
		t.Fatal("no report")
	}
	ty.Add("refused_busy")
	ty.Close() // reports what is pending
	select {
	case c := <-reports:
		if c["refused_busy"] != 1 {
			t.Errorf("report on close %v", c)
		}
	default:
		t.Fatal("no report on close")
	}
	ty.Add("after close") // ignored
	c.add(time.Hour)
	select {
	case c := <-reports:
		t.Errorf("report after close: %v", c)
	default:
	}
}

// A refusal in many languages is longer than the 255 bytes a client reads before the
// version line: it is sent on several lines, each short enough, broken between languages,
// and an SSH client still gets the whole text as the disconnect.
func TestLongRefusalIsSeveralLines(t *testing.T) {
	parts := []string{"tutord: " + strings.Repeat("too many connections ", 4)}
	for range 5 {
		parts = append(parts, strings.Repeat("trop de connexions é ", 4))
	}
	msg := strings.Join(parts, " / ")
	raw := string(Refusal("SSH-2.0-tutord", msg))
	head, _, ok := strings.Cut(raw, "SSH-2.0-tutord\r\n")
	if !ok {
		t.Fatal("no version line")
	}
	lines := strings.Split(strings.TrimSuffix(head, "\r\n"), "\r\n")
	if len(lines) < 2 || strings.Join(lines, " / ") != msg {
		t.Fatalf("lines %q do not rejoin to the message", lines)
	}
	for _, l := range lines {
		if len(l)+2 > 255 || !utf8.ValidString(l) {
			t.Errorf("line of %d bytes (valid UTF-8: %v): %q", len(l)+2, utf8.ValidString(l), l)
		}
	}
	for _, in := range []string{strings.Repeat("x", 600), strings.Repeat("é", 300), strings.Repeat("ab ", 200)} {
		for _, l := range plainLines(in, maxPlainLine) {
			if len(l) > maxPlainLine || !utf8.ValidString(l) {
				t.Errorf("plainLines: line of %d bytes, valid %v", len(l), utf8.ValidString(l))
			}
		}
	}
}
