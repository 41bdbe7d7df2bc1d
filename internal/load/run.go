// Package load measures an SSH app server under load: it holds many real SSH sessions
// with a PTY over loopback, presses keys, churns connections, and reads the server's
// memory, CPU, goroutines and file descriptors from /proc and pprof. The same
// measurements run against a bare golang.org/x/crypto/ssh server (the floor) started
// in the same run, so results are ratios on the same machine at the same time.
package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Config is one load run.
type Config struct {
	// Targets to measure, in order: "floor" (bare x/crypto/ssh), "event" (tutord with
	// its default renderer), "ticker" (tutord with bubbletea's frame ticker), "external"
	// (the server at Addr with pid PID).
	Targets []string
	// Sessions is how many sessions the hold phase holds; 0 skips it.
	Sessions int
	// DialConcurrency is how many connections open at once while filling.
	DialConcurrency int
	// Presses is how many selection moves are timed while everyone is held.
	Presses int
	// Churn is how many sessions the churn phase opens and closes; 0 skips it.
	Churn int
	// ChurnConcurrency is how many churn sessions run at once.
	ChurnConcurrency int
	// Repeat runs every measurement this many times, targets interleaved.
	Repeat int

	Idle   time.Duration // the idle window
	Settle time.Duration // pause after filling and after leaving
	Quiet  time.Duration // an answer to a key is over once nothing came for this long
	Wait   time.Duration // patience for one connection, frame or answer

	Term   string
	W, H   int
	Marker string // text on the last row of a full first frame

	Tutord     string // tutord binary; built from ./cmd/tutord when empty
	Self       string // this program, for the floor subcommand; os.Executable when empty
	Addr       string // external target's SSH address (loopback only)
	PID        int    // external target's pid
	Pprof      string // external target's pprof address (optional)
	ProfileDir string // where to save CPU and heap profiles; empty for none

	Log io.Writer // progress
}

// Defaults fills in what is unset.
func (c *Config) Defaults() {
	if len(c.Targets) == 0 {
		c.Targets = []string{"floor", "event"}
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.DialConcurrency, 32)
	def(&c.ChurnConcurrency, 16)
	def(&c.Repeat, 1)
	def(&c.W, 80)
	def(&c.H, 24)
	defd := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	defd(&c.Idle, 10*time.Second)
	defd(&c.Settle, 3*time.Second)
	defd(&c.Quiet, 40*time.Millisecond)
	defd(&c.Wait, 30*time.Second)
	if c.Term == "" {
		c.Term = "xterm-256color"
	}
	if c.Marker == "" {
		c.Marker = "q quit"
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
}

// HoldResult is one hold measurement: N sessions opened, held idle, some keys pressed,
// then everyone leaves.
type HoldResult struct {
	Sessions       int            `json:"sessions"`
	Failures       int            `json:"failures"`
	FailureReasons map[string]int `json:"failure_reasons,omitempty"`
	FillSeconds    float64        `json:"fill_seconds"`

	HandshakeP50ms  float64 `json:"handshake_p50_ms"`
	HandshakeP99ms  float64 `json:"handshake_p99_ms"`
	FirstFrameP50ms float64 `json:"first_frame_p50_ms"`
	FirstFrameP99ms float64 `json:"first_frame_p99_ms"`
	FirstFrameBytes float64 `json:"first_frame_bytes"`

	RSSBaseKiB       int64   `json:"rss_base_kib"`
	RSSHeldKiB       int64   `json:"rss_held_kib"`
	RSSPerSessionKiB float64 `json:"rss_per_session_kib"`
	// Live heap and stacks per session after a GC: what the sessions really hold.
	LivePerSessionKiB float64 `json:"live_per_session_kib"`
	GoroutinesPerSess float64 `json:"goroutines_per_session"`
	ThreadsHeld       int64   `json:"threads_held"`

	IdleCPUPercent        float64 `json:"idle_cpu_percent_of_core"`
	IdleCPUPerSessionUsPS float64 `json:"idle_cpu_per_session_us_per_s"`
	IdleBytesPerSessionPS float64 `json:"idle_bytes_per_session_per_s"`

	KeyPresses    int     `json:"key_presses"`
	KeyFailures   int     `json:"key_failures"`
	KeyP50ms      float64 `json:"key_p50_ms"`
	KeyP99ms      float64 `json:"key_p99_ms"`
	KeyMaxms      float64 `json:"key_max_ms"`
	BytesPerPress float64 `json:"bytes_per_press"`

	Before Snapshot `json:"before"`
	Held   Snapshot `json:"held"`
	After  Snapshot `json:"after"`
}

// Snapshot is the server's state at one moment.
type Snapshot struct {
	RSSKiB     int64 `json:"rss_kib"`
	FDs        int64 `json:"fds"`
	Threads    int64 `json:"threads"`
	Goroutines int64 `json:"goroutines"` // -1 when unknown (no pprof)
	LiveKiB    int64 `json:"live_heap_and_stacks_kib"`
}

// ChurnResult is one churn measurement: M sessions connect, see the first frame and
// leave, C at a time.
type ChurnResult struct {
	Sessions         int            `json:"sessions"`
	Failures         int            `json:"failures"`
	FailureReasons   map[string]int `json:"failure_reasons,omitempty"`
	Seconds          float64        `json:"seconds"`
	PerSecond        float64        `json:"sessions_per_second"`
	CPUPerSessionMs  float64        `json:"cpu_per_session_ms"`
	HandshakeP50ms   float64        `json:"handshake_p50_ms"`
	HandshakeP99ms   float64        `json:"handshake_p99_ms"`
	FirstFrameP50ms  float64        `json:"first_frame_p50_ms"`
	FirstFrameP99ms  float64        `json:"first_frame_p99_ms"`
	ServerCPUPercent float64        `json:"server_cpu_percent_of_core"`
}

// TargetReport is every run of one target.
type TargetReport struct {
	Name  string        `json:"name"`
	Hold  []HoldResult  `json:"hold,omitempty"`
	Churn []ChurnResult `json:"churn,omitempty"`
}

// Report is the whole run.
type Report struct {
	Date    string                        `json:"date"`
	Machine Machine                       `json:"machine"`
	Config  ReportConfig                  `json:"config"`
	Targets []*TargetReport               `json:"targets"`
	Medians map[string]map[string]float64 `json:"medians"`
	Ratios  map[string]map[string]float64 `json:"ratios_to_floor,omitempty"`
	// RatioRanges is the lowest and highest per-repeat ratio.
	RatioRanges map[string]map[string][2]float64 `json:"ratio_ranges,omitempty"`
	Notes       []string                         `json:"notes,omitempty"`
	Elapsed     float64                          `json:"elapsed_seconds"`
	NoFileLim   uint64                           `json:"nofile_limit"`
}

// ReportConfig is the part of Config worth recording.
type ReportConfig struct {
	Sessions, DialConcurrency, Presses, Churn, ChurnConcurrency, Repeat int
	Idle, Settle, Quiet                                                 string
	Term                                                                string
	W, H                                                                int
}

// Machine describes where the run happened.
type Machine struct {
	CPUs      int    `json:"cpus"`
	Model     string `json:"cpu_model"`
	Kernel    string `json:"kernel"`
	MemoryMiB int64  `json:"memory_mib"`
	Go        string `json:"go"`
	LoadAvg   string `json:"load_average_at_start"`
}

// Run measures every target and returns the report. It stops by itself: every phase
// is bounded, and ctx bounds the whole run.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg.Defaults()
	start := time.Now()
	for _, t := range cfg.Targets {
		switch t {
		case "floor", "event", "ticker":
		case "external":
			if cfg.Addr == "" || cfg.PID == 0 {
				return nil, errors.New("target external needs -addr and -pid")
			}
			if err := checkLoopback(cfg.Addr); err != nil {
				return nil, err
			}
			if cfg.Pprof != "" {
				if err := checkLoopback(cfg.Pprof); err != nil {
					return nil, err
				}
			}
		default:
			return nil, fmt.Errorf("unknown target %q (want floor, event, ticker, external)", t)
		}
	}
	lim := raiseNoFile()
	if need := uint64(max(cfg.Sessions, cfg.ChurnConcurrency)) + 64; lim < need {
		return nil, fmt.Errorf("open file limit %d is below the %d this run needs (ulimit -Hn)", lim, need)
	}
	dir, err := os.MkdirTemp("", "tutord-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if cfg.Tutord == "" && contains(cfg.Targets, "event") {
		if cfg.Tutord, err = buildTutord(ctx, dir, cfg.Log); err != nil {
			return nil, err
		}
	}
	if cfg.Self == "" {
		if cfg.Self, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	if cfg.ProfileDir != "" {
		if err := os.MkdirAll(cfg.ProfileDir, 0o755); err != nil {
			return nil, err
		}
	}
	rep := &Report{
		Date:      start.UTC().Format(time.RFC3339),
		Machine:   machine(),
		NoFileLim: lim,
		Config: ReportConfig{
			Sessions: cfg.Sessions, DialConcurrency: cfg.DialConcurrency, Presses: cfg.Presses,
			Churn: cfg.Churn, ChurnConcurrency: cfg.ChurnConcurrency, Repeat: cfg.Repeat,
			Idle: cfg.Idle.String(), Settle: cfg.Settle.String(), Quiet: cfg.Quiet.String(),
			Term: cfg.Term, W: cfg.W, H: cfg.H,
		},
	}
	for _, t := range cfg.Targets {
		rep.Targets = append(rep.Targets, &TargetReport{Name: t})
	}
	r := &runner{cfg: cfg, dir: dir}
	for i := range cfg.Repeat {
		for _, tr := range rep.Targets {
			if cfg.Sessions > 0 {
				fmt.Fprintf(cfg.Log, "[%d/%d] %s: hold %d sessions\n", i+1, cfg.Repeat, tr.Name, cfg.Sessions)
				h, err := r.withServer(ctx, tr.Name, func(s *server) (any, error) { return r.hold(ctx, s, i) })
				if err != nil {
					return nil, fmt.Errorf("%s hold: %w", tr.Name, err)
				}
				tr.Hold = append(tr.Hold, h.(HoldResult))
			}
			if cfg.Churn > 0 {
				fmt.Fprintf(cfg.Log, "[%d/%d] %s: churn %d sessions, %d at once\n", i+1, cfg.Repeat, tr.Name, cfg.Churn, cfg.ChurnConcurrency)
				c, err := r.withServer(ctx, tr.Name, func(s *server) (any, error) { return r.churn(ctx, s, i) })
				if err != nil {
					return nil, fmt.Errorf("%s churn: %w", tr.Name, err)
				}
				tr.Churn = append(tr.Churn, c.(ChurnResult))
			}
		}
	}
	rep.summarize()
	rep.Elapsed = time.Since(start).Seconds()
	return rep, nil
}

type runner struct {
	cfg Config
	dir string
}

// withServer starts the target's server, runs f, and stops the server.
func (r *runner) withServer(ctx context.Context, name string, f func(*server) (any, error)) (any, error) {
	var s *server
	var err error
	switch name {
	case "floor":
		s, err = startFloor(ctx, r.cfg.Self)
	case "event":
		s, err = startTutord(ctx, r.cfg.Tutord, name, r.dir, max(r.cfg.Sessions, r.cfg.ChurnConcurrency)+64)
	case "ticker":
		s, err = startTutord(ctx, r.cfg.Self, name, r.dir, max(r.cfg.Sessions, r.cfg.ChurnConcurrency)+64)
	case "external":
		s = &server{name: name, pid: r.cfg.PID, addr: r.cfg.Addr, pprof: r.cfg.Pprof, external: true}
	}
	if err != nil {
		return nil, err
	}
	defer s.stop()
	// Let the process finish starting (lesson parsing, first GC) before the baseline.
	time.Sleep(500 * time.Millisecond)
	return f(s)
}

func (r *runner) dialOpts(s *server) dialOptions {
	return dialOptions{Addr: s.addr, Term: r.cfg.Term, W: r.cfg.W, H: r.cfg.H, Marker: r.cfg.Marker, Wait: r.cfg.Wait}
}

// snapshot reads the server's state; gc collects first so live memory is exact.
func (r *runner) snapshot(ctx context.Context, s *server, gc bool) (Snapshot, error) {
	ps, err := readProc(s.pid)
	if err != nil {
		return Snapshot{}, err
	}
	snap := Snapshot{RSSKiB: ps.RSSKiB, FDs: ps.FDs, Threads: ps.Threads, Goroutines: -1}
	if s.pprof != "" {
		rs, err := fetchRuntime(ctx, s.pprof, gc)
		if err != nil {
			return snap, err
		}
		snap.Goroutines = rs.Goroutines
		snap.LiveKiB = (rs.HeapInuse + rs.StackInuse) / 1024
	}
	return snap, nil
}

// fill opens n sessions, conc at a time, and returns those that came up.
func (r *runner) fill(ctx context.Context, s *server, n, conc int, keep bool, onDone func(*client, error)) []*client {
	var mu sync.Mutex
	var clients []*client
	jobs := make(chan struct{})
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				c, err := dial(ctx, r.dialOpts(s))
				onDone(c, err)
				if err != nil {
					continue
				}
				if keep {
					mu.Lock()
					clients = append(clients, c)
					mu.Unlock()
				} else {
					c.Close()
				}
			}
		}()
	}
	for range n {
		select {
		case jobs <- struct{}{}:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	return clients
}

// hold runs the hold measurement on one server.
func (r *runner) hold(ctx context.Context, s *server, rep int) (HoldResult, error) {
	cfg := r.cfg
	var res HoldResult
	var err error
	if res.Before, err = r.snapshot(ctx, s, true); err != nil {
		return res, err
	}
	var mu sync.Mutex
	var hs, ff []time.Duration
	var frameBytes int64
	reasons := map[string]int{}
	t0 := time.Now()
	clients := r.fill(ctx, s, cfg.Sessions, cfg.DialConcurrency, true, func(c *client, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			reasons[reason(err)]++
			return
		}
		hs = append(hs, c.Handshake)
		ff = append(ff, c.FirstFrame)
		frameBytes += c.Bytes()
	})
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	res.FillSeconds = time.Since(t0).Seconds()
	res.Sessions = len(clients)
	res.Failures = cfg.Sessions - len(clients)
	if len(reasons) > 0 {
		res.FailureReasons = reasons
	}
	res.HandshakeP50ms, res.HandshakeP99ms = pct(hs, 50), pct(hs, 99)
	res.FirstFrameP50ms, res.FirstFrameP99ms = pct(ff, 50), pct(ff, 99)
	if len(clients) > 0 {
		res.FirstFrameBytes = float64(frameBytes) / float64(len(clients))
	}
	fmt.Fprintf(cfg.Log, "  %d sessions up in %.1fs (%d failed); settling\n", len(clients), res.FillSeconds, res.Failures)
	sleep(ctx, cfg.Settle)

	// Idle: nobody types.
	b0 := totalBytes(clients)
	p0, err := readProc(s.pid)
	if err != nil {
		return res, err
	}
	sleep(ctx, cfg.Idle)
	p1, err := readProc(s.pid)
	if err != nil {
		return res, err
	}
	b1 := totalBytes(clients)
	secs := cfg.Idle.Seconds()
	res.IdleCPUPercent = 100 * (p1.CPU - p0.CPU).Seconds() / secs
	if n := len(clients); n > 0 {
		res.IdleCPUPerSessionUsPS = float64((p1.CPU - p0.CPU).Microseconds()) / secs / float64(n)
		res.IdleBytesPerSessionPS = float64(b1-b0) / secs / float64(n)
	}
	if res.Held, err = r.snapshot(ctx, s, false); err != nil {
		return res, err
	}
	// Live memory after a collection (the RSS above is before it).
	if s.pprof != "" {
		if after, err := r.snapshot(ctx, s, true); err == nil {
			res.Held.LiveKiB = after.LiveKiB
		}
	}
	res.RSSBaseKiB, res.RSSHeldKiB = res.Before.RSSKiB, res.Held.RSSKiB
	res.ThreadsHeld = res.Held.Threads
	if n := float64(len(clients)); n > 0 {
		res.RSSPerSessionKiB = float64(res.Held.RSSKiB-res.Before.RSSKiB) / n
		res.LivePerSessionKiB = float64(res.Held.LiveKiB-res.Before.LiveKiB) / n
		if res.Before.Goroutines >= 0 {
			res.GoroutinesPerSess = float64(res.Held.Goroutines-res.Before.Goroutines) / n
		}
	}
	fmt.Fprintf(cfg.Log, "  held: %.0f KiB RSS per session, idle CPU %.2f%% of a core\n", res.RSSPerSessionKiB, res.IdleCPUPercent)
	if cfg.ProfileDir != "" && s.pprof != "" {
		base := filepath.Join(cfg.ProfileDir, fmt.Sprintf("%s-held%d-run%d", s.name, len(clients), rep+1))
		if err := saveHeap(ctx, s.pprof, base+".heap.pprof"); err != nil {
			fmt.Fprintf(cfg.Log, "  heap profile: %v\n", err)
		}
		if err := saveProfile(ctx, s.pprof, min(cfg.Idle, 10*time.Second), base+".idle-cpu.pprof"); err != nil {
			fmt.Fprintf(cfg.Log, "  idle CPU profile: %v\n", err)
		}
	}

	// Keys: one selection move at a time, spread over the sessions.
	var lat []time.Duration
	var pressBytes int64
	for i := 0; i < cfg.Presses && len(clients) > 0 && ctx.Err() == nil; i++ {
		c := clients[(i*7919)%len(clients)]
		l, n, err := c.press(cfg.Quiet, cfg.Wait)
		res.KeyPresses++
		if err != nil {
			res.KeyFailures++
			continue
		}
		lat = append(lat, l)
		pressBytes += n
	}
	res.KeyP50ms, res.KeyP99ms, res.KeyMaxms = pct(lat, 50), pct(lat, 99), pct(lat, 100)
	if len(lat) > 0 {
		res.BytesPerPress = float64(pressBytes) / float64(len(lat))
	}
	if cfg.Presses > 0 {
		fmt.Fprintf(cfg.Log, "  keys: p50 %.2f ms, p99 %.2f ms, %.0f bytes per move\n", res.KeyP50ms, res.KeyP99ms, res.BytesPerPress)
	}

	// Everyone leaves.
	for _, c := range clients {
		c.Close()
	}
	clients = nil
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		ps, err := readProc(s.pid)
		if err != nil || ps.FDs <= res.Before.FDs {
			break
		}
		sleep(ctx, 200*time.Millisecond)
	}
	sleep(ctx, cfg.Settle)
	if res.After, err = r.snapshot(ctx, s, true); err != nil {
		return res, err
	}
	fmt.Fprintf(cfg.Log, "  after leaving: goroutines %d (before %d), fds %d (before %d), RSS %d KiB (before %d)\n",
		res.After.Goroutines, res.Before.Goroutines, res.After.FDs, res.Before.FDs, res.After.RSSKiB, res.Before.RSSKiB)
	return res, nil
}

// churn runs the churn measurement on one server.
func (r *runner) churn(ctx context.Context, s *server, rep int) (ChurnResult, error) {
	cfg := r.cfg
	var res ChurnResult
	base, err := readProc(s.pid)
	if err != nil {
		return res, err
	}
	var mu sync.Mutex
	var hs, ff []time.Duration
	reasons := map[string]int{}
	var profErr chan error
	if cfg.ProfileDir != "" && s.pprof != "" {
		profErr = make(chan error, 1)
		path := filepath.Join(cfg.ProfileDir, fmt.Sprintf("%s-churn-run%d.cpu.pprof", s.name, rep+1))
		go func() { profErr <- saveProfile(ctx, s.pprof, 5*time.Second, path) }()
	}
	t0 := time.Now()
	r.fill(ctx, s, cfg.Churn, cfg.ChurnConcurrency, false, func(c *client, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			reasons[reason(err)]++
			return
		}
		hs = append(hs, c.Handshake)
		ff = append(ff, c.FirstFrame)
	})
	wall := time.Since(t0)
	// Count the server's work to tear the sessions down too.
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ps, err := readProc(s.pid)
		if err != nil || ps.FDs <= base.FDs {
			break
		}
		sleep(ctx, 50*time.Millisecond)
	}
	end, err := readProc(s.pid)
	if err != nil {
		return res, err
	}
	if profErr != nil {
		if err := <-profErr; err != nil {
			fmt.Fprintf(cfg.Log, "  churn CPU profile: %v\n", err)
		}
	}
	res.Sessions = len(hs)
	res.Failures = cfg.Churn - len(hs)
	if len(reasons) > 0 {
		res.FailureReasons = reasons
	}
	res.Seconds = wall.Seconds()
	res.PerSecond = float64(len(hs)) / wall.Seconds()
	if len(hs) > 0 {
		res.CPUPerSessionMs = float64((end.CPU - base.CPU).Microseconds()) / 1000 / float64(len(hs))
	}
	res.ServerCPUPercent = 100 * (end.CPU - base.CPU).Seconds() / wall.Seconds()
	res.HandshakeP50ms, res.HandshakeP99ms = pct(hs, 50), pct(hs, 99)
	res.FirstFrameP50ms, res.FirstFrameP99ms = pct(ff, 50), pct(ff, 99)
	fmt.Fprintf(cfg.Log, "  %.0f sessions/s, %.2f ms server CPU per session, %d failed\n", res.PerSecond, res.CPUPerSessionMs, res.Failures)
	return res, nil
}

func totalBytes(cs []*client) int64 {
	var n int64
	for _, c := range cs {
		n += c.Bytes()
	}
	return n
}

// reason shortens an error to its kind, for counting failures.
func reason(err error) string {
	s := err.Error()
	if i := strings.Index(s, ":"); i > 0 {
		s = s[:i]
	}
	return s
}

// pct is the p-th percentile in milliseconds (nearest rank).
func pct(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s))*p/100+0.5) - 1
	i = max(0, min(len(s)-1, i))
	return float64(s[i].Microseconds()) / 1000
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// raiseNoFile lifts this process's open-file limit to the hard limit (children inherit
// it) and returns the limit now in force.
func raiseNoFile() uint64 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0
	}
	if rl.Cur < rl.Max {
		rl.Cur = rl.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
		_ = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
	return rl.Cur
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.LoadAvg = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.TrimPrefix(strings.Split(string(b), "\n")[0], "MemTotal:"), "%d", &kb)
		m.MemoryMiB = kb / 1024
	}
	return m
}
