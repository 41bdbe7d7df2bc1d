package load

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"net/http"
	"net/http/pprof"
)

// server is a server process under test (or an external one given by pid and address).
type server struct {
	name     string
	pid      int
	addr     string // SSH
	pprof    string // net/http/pprof, empty when unknown
	cmd      *exec.Cmd
	external bool
	logs     *tail
	exited   chan struct{}
}

// tail keeps the last lines a process wrote, for error messages.
type tail struct {
	mu    sync.Mutex
	lines []string
}

func (t *tail) add(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, s)
	if len(t.lines) > 20 {
		t.lines = t.lines[1:]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}

var (
	tutordListening = regexp.MustCompile(`tutord listening addr=(\S+)`)
	tutordPprof     = regexp.MustCompile(`serving Go profiles addr=(\S+)`)
	floorListening  = regexp.MustCompile(`floor ssh=(\S+) pprof=(\S+)`)
)

// startTutord runs the tutord binary on a random loopback port with the given renderer.
// Its admission limits are opened up for the load: room for conns connections, and no
// per-source limits, since every load connection comes from 127.0.0.1.
// The ticker target is this program's ticker subcommand (ticker.go) with the same flags.
func startTutord(ctx context.Context, bin, name, dir string, conns int) (*server, error) {
	args := []string{
		"-max-sessions", fmt.Sprint(conns),
		"-per-source-conns", "0",
		"-per-source-rate", "0",
		"-listen", "127.0.0.1:0",
		"-host-key", filepath.Join(dir, name+"_host_key"),
		"-pprof-listen", "127.0.0.1:0",
		"-log-level", "info",
		"-shutdown-timeout", "5s",
	}
	if name == "ticker" {
		args = append([]string{"ticker"}, args...)
	}
	return startProcess(ctx, name, bin, args, func(s *server, line string) bool {
		if m := tutordPprof.FindStringSubmatch(line); m != nil {
			s.pprof = m[1]
		}
		if m := tutordListening.FindStringSubmatch(line); m != nil {
			s.addr = m[1]
		}
		return s.addr != "" && s.pprof != ""
	})
}

// startFloor runs this program's floor subcommand.
func startFloor(ctx context.Context, self string) (*server, error) {
	return startProcess(ctx, "floor", self, []string{"floor"}, func(s *server, line string) bool {
		if m := floorListening.FindStringSubmatch(line); m != nil {
			s.addr, s.pprof = m[1], m[2]
		}
		return s.addr != ""
	})
}

func startProcess(ctx context.Context, name, bin string, args []string, ready func(*server, string) bool) (*server, error) {
	cmd := exec.Command(bin, args...)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	s := &server{name: name, pid: cmd.Process.Pid, cmd: cmd, logs: &tail{}, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		_ = pw.Close()
		close(s.exited)
	}()
	up := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		done := false
		for sc.Scan() {
			s.logs.add(sc.Text())
			if !done && ready(s, sc.Text()) {
				done = true
				close(up)
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	select {
	case <-up:
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("%s exited before listening:\n%s", name, s.logs)
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, fmt.Errorf("%s did not listen within 30s:\n%s", name, s.logs)
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
}

// stop ends a process started here: SIGTERM, then SIGKILL if it lingers.
func (s *server) stop() {
	if s.external || s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// buildTutord builds ./cmd/tutord of the module in the working directory.
func buildTutord(ctx context.Context, dir string, log io.Writer) (string, error) {
	bin := filepath.Join(dir, "tutord")
	fmt.Fprintln(log, "building tutord (go build ./cmd/tutord)")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/tutord")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/tutord (run from the repository root, or pass -tutord): %w\n%s", err, out)
	}
	return bin, nil
}

// FloorMain is the floor subcommand: a bare x/crypto/ssh server in its own process, so
// its memory and CPU are measured like tutord's.
func FloorMain(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address for SSH")
	pp := fs.String("pprof", "127.0.0.1:0", "loopback address for net/http/pprof")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, a := range []string{*listen, *pp} {
		if err := checkLoopback(a); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	pl, err := net.Listen("tcp", *pp)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	go func() { _ = http.Serve(pl, mux) }()
	fmt.Fprintf(stdout, "floor ssh=%s pprof=%s\n", ln.Addr(), pl.Addr())
	errc := make(chan error, 1)
	go func() { errc <- ServeFloor(ln) }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case <-sig:
		return nil
	case err := <-errc:
		return err
	}
}

// checkLoopback refuses any address that is not on the loopback interface: the load
// tool only ever targets this machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	ips := []net.IP{net.ParseIP(host)}
	if host == "localhost" {
		if ips, err = net.LookupIP(host); err != nil || len(ips) == 0 {
			return fmt.Errorf("address %q: localhost does not resolve: %v", addr, err)
		}
	}
	for _, ip := range ips {
		if ip == nil || !ip.IsLoopback() {
			return errors.New("address " + addr + " is not a loopback address (127.0.0.0/8, ::1): the load tool only targets this machine")
		}
	}
	return nil
}
