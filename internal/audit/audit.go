// Package audit checks that a tutord server keeps nothing about a learner. It starts the
// real binary in a temporary working directory with a temporary TMPDIR, connects with
// distinctive values (user name, password, key, LANG and other environment variables,
// TERM, window sizes, client version, source address), runs a full session (the steps in
// steps.go), disconnects, stops the server, and scans everything the server wrote: its
// stdout and stderr, every file under its working and temporary directories, and its
// metrics endpoint when it has one. It reports what it checked and what it found.
//
// The test in this package runs it on every `go test`; operators run it with
// scripts/privacy-audit or cmd/tutord-audit against the binary they deploy.
package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tutord/internal/i18n"
)

// Options configure an audit.
type Options struct {
	Binary string   // the tutord binary to audit
	Flags  []string // extra flags for it
	Steps  []Step   // nil: DefaultSteps()
	// Wait bounds each wait for the server (start, a screen, a stop); 0 means 15 s.
	Wait time.Duration
	// Log, if not nil, receives progress lines.
	Log io.Writer
}

// Report is what an audit checked and found.
type Report struct {
	Values   []Value   // what was looked for
	Sources  []Source  // where it was looked for
	Steps    []Ran     // the session that was run
	Findings []Finding // what was found: empty when the server kept nothing
}

// Value is one distinctive thing the client revealed.
type Value struct {
	What  string
	Forms []string // the strings searched for
	re    []*regexp.Regexp
}

// Source is one place the server wrote to.
type Source struct {
	Name  string
	Bytes int
}

// Ran is a step and what became of it.
type Ran struct {
	Name    string
	Skipped string // why it did not run, "" if it ran
	Err     error  // why it failed
}

// Finding is a value found in a source.
type Finding struct {
	Source, What, Form, Context string
}

// OK reports whether the server kept nothing and every step that ran succeeded.
func (r *Report) OK() bool {
	if len(r.Findings) > 0 {
		return false
	}
	for _, s := range r.Steps {
		if s.Err != nil {
			return false
		}
	}
	return true
}

// Print writes the report for people.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintln(w, "tutord privacy audit")
	fmt.Fprintln(w, "\nThe client revealed, and the audit looked for:")
	for _, v := range r.Values {
		fmt.Fprintf(w, "  %-28s %s\n", v.What, strings.Join(quoteAll(v.Forms), ", "))
	}
	fmt.Fprintln(w, "\nThe session:")
	for _, s := range r.Steps {
		switch {
		case s.Skipped != "":
			fmt.Fprintf(w, "  skipped  %s (%s)\n", s.Name, s.Skipped)
		case s.Err != nil:
			fmt.Fprintf(w, "  FAILED   %s: %v\n", s.Name, s.Err)
		default:
			fmt.Fprintf(w, "  ran      %s\n", s.Name)
		}
	}
	fmt.Fprintln(w, "\nEverything the server wrote, scanned:")
	total := 0
	for _, s := range r.Sources {
		fmt.Fprintf(w, "  %8d bytes  %s\n", s.Bytes, s.Name)
		total += s.Bytes
	}
	fmt.Fprintf(w, "  %8d bytes in %d places\n", total, len(r.Sources))
	fmt.Fprintln(w)
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "Found: nothing. None of the values appears anywhere the server wrote.")
	} else {
		fmt.Fprintf(w, "Found %d time(s):\n", len(r.Findings))
		for _, f := range r.Findings {
			fmt.Fprintf(w, "  %s: the %s %q in %q\n", f.Source, f.What, f.Form, f.Context)
		}
	}
	if !r.OK() && len(r.Findings) == 0 {
		fmt.Fprintln(w, "The audit is incomplete: a step failed (above).")
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// Run audits the binary in opts.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Wait == 0 {
		opts.Wait = 15 * time.Second
	}
	if opts.Steps == nil {
		opts.Steps = DefaultSteps()
	}
	logf := func(format string, a ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", a...)
		}
	}
	bin, err := filepath.Abs(opts.Binary)
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "tutord-audit-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(root)
	workDir, tmpDir := filepath.Join(root, "work"), filepath.Join(root, "tmp")
	for _, d := range []string{workDir, tmpDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return nil, err
		}
	}

	id, err := newIdentity(ctx)
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	args := []string{"-listen", addr, "-log-level", "debug"} // debug: the most the server ever logs
	metrics := ""
	if hasFlag(bin, "metrics") {
		mport, err := freePort()
		if err != nil {
			return nil, err
		}
		metrics = net.JoinHostPort("127.0.0.1", strconv.Itoa(mport))
		args = append(args, "-metrics", metrics)
	}
	args = append(args, opts.Flags...)

	var stdout, stderr lockedBuffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = workDir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + workDir, "TMPDIR=" + tmpDir}
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	logf("starting %s %s in %s", bin, strings.Join(args, " "), workDir)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start tutord: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() error {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			return err
		case <-time.After(opts.Wait + 10*time.Second):
			_ = cmd.Process.Kill()
			return errors.New("tutord did not stop on SIGTERM")
		}
	}
	if err := waitListening(addr, opts.Wait, exited); err != nil {
		_ = stop()
		return nil, fmt.Errorf("%w\nstderr:\n%s", err, stderr.String())
	}

	c := &client{addr: addr, id: id, wait: opts.Wait}
	rep := &Report{}
	t := i18n.For(i18n.FromEnv(envList(id.Env)))
	list, err := c.exec("list")
	if err != nil {
		_ = stop()
		return nil, fmt.Errorf("list: %w", err)
	}
	first := "1/" + strconv.Itoa(lessonCount(list.Stdout))
	for _, st := range opts.Steps {
		if st.Needs != "" && !knows(c, t, st.Needs) {
			rep.Steps = append(rep.Steps, Ran{Name: st.Name, Skipped: "the server has no " + strconv.Quote(st.Needs) + " command"})
			logf("skipped: %s", st.Name)
			continue
		}
		logf("running: %s", st.Name)
		err := st.Run(&stepContext{c: c, t: t, first: first})
		rep.Steps = append(rep.Steps, Ran{Name: st.Name, Err: err})
	}

	var metricsBody []byte
	if metrics != "" {
		metricsBody, err = scrape("http://" + metrics + "/metrics")
		if err != nil {
			rep.Steps = append(rep.Steps, Ran{Name: "scrape the metrics endpoint", Err: err})
		}
	}
	if err := stop(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return nil, err
		}
		rep.Steps = append(rep.Steps, Ran{Name: "stop the server with SIGTERM", Err: err})
	}

	rep.Values = values(id, c.sourcePorts())
	c.mu.Lock()
	rep.Values = append(rep.Values, c.secrets...)
	c.mu.Unlock()
	texts := map[string][]byte{"tutord stdout": stdout.Bytes(), "tutord stderr": stderr.Bytes()}
	if metrics != "" {
		texts["metrics endpoint (http://"+metrics+"/metrics)"] = metricsBody
	}
	var empty []string
	for _, dir := range []struct{ name, path string }{{"working dir", workDir}, {"TMPDIR", tmpDir}} {
		files := 0
		err := filepath.WalkDir(dir.path, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !d.Type().IsRegular() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir.path, p)
			texts[dir.name+"/"+rel] = b
			files++
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", dir.name, err)
		}
		if files == 0 {
			empty = append(empty, dir.name+" (no files at all)")
		}
	}
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rep.Sources = append(rep.Sources, Source{Name: n, Bytes: len(texts[n])})
		rep.Findings = append(rep.Findings, scan(n, texts[n], rep.Values)...)
	}
	for _, n := range empty {
		rep.Sources = append(rep.Sources, Source{Name: n})
	}
	return rep, nil
}

// newIdentity makes a client identity no server could produce by chance: every value
// carries a random token.
func newIdentity(ctx context.Context) (identity, error) {
	tok := make([]byte, 4)
	if _, err := rand.Read(tok); err != nil {
		return identity{}, err
	}
	r := hex.EncodeToString(tok)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return identity{}, err
	}
	key, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return identity{}, err
	}
	id := identity{
		token:    r,
		User:     "audit-user-" + r,
		Password: "audit-password-" + r,
		Key:      key,
		Env: map[string]string{
			"LANG":          "de_LU.UTF-8@audit" + r,
			"LC_TIME":       "de_LU.UTF-8@lctime" + r,
			"AUDIT_SECRET":  "audit-secret-" + r,
			"SSH_AUTH_SOCK": "/tmp/audit-agent-" + r,
		},
		Term:    "xterm-audit" + r,
		W:       97,
		H:       31,
		RW:      123,
		RH:      41,
		Version: "SSH-2.0-AuditClient_" + r,
	}
	// A source address of its own, where the system allows one.
	src := fmt.Sprintf("127.%d.%d.%d", 64+tok[0]%128, tok[1]|1, tok[2]|1)
	if canBind(ctx, src) {
		id.Source = src
	}
	return id, nil
}

// values lists what is searched for, in the forms a server might write it.
func values(id identity, ports []int) []Value {
	pub := id.Key.PublicKey()
	blob := base64.StdEncoding.EncodeToString(pub.Marshal())
	md5sum := md5.Sum(pub.Marshal())
	md5hex := hex.EncodeToString(md5sum[:])
	var md5colons []string
	for i := 0; i < len(md5hex); i += 2 {
		md5colons = append(md5colons, md5hex[i:i+2])
	}
	sha := gossh.FingerprintSHA256(pub)
	tokenOf := func(s string) string { return s[strings.LastIndexAny(s, "-_@")+1:] }
	vs := []Value{
		{What: "user name", Forms: []string{id.User}},
		{What: "password", Forms: []string{id.Password}},
		{What: "key (SHA256)", Forms: []string{sha, strings.TrimPrefix(sha, "SHA256:")}},
		{What: "key (MD5)", Forms: []string{strings.Join(md5colons, ":"), md5hex}},
		{What: "key (public key)", Forms: []string{blob, blob[20:60]}},
		{What: "client version", Forms: []string{id.Version, "AuditClient_" + tokenOf(id.Version)}},
		{What: "TERM", Forms: []string{id.Term}},
		{What: "window size", Forms: sizeForms(id.W, id.H)},
		{What: "resized window size", Forms: sizeForms(id.RW, id.RH)},
	}
	envNames := make([]string, 0, len(id.Env))
	for k := range id.Env {
		envNames = append(envNames, k)
	}
	sort.Strings(envNames)
	for _, k := range envNames {
		v := Value{What: "env " + k, Forms: []string{id.Env[k]}}
		if t := tokenOf(id.Env[k]); t != id.token {
			v.Forms = append(v.Forms, t)
		}
		vs = append(vs, v)
	}
	// Every value above carries it: this finds pieces of any of them.
	vs = append(vs, Value{What: "random token in every value", Forms: []string{id.token}})
	if id.Source != "" {
		vs = append(vs, Value{What: "source address", Forms: []string{id.Source}})
	}
	for _, p := range ports {
		// A bare number: matched only where no other digit touches it.
		v := Value{What: "source port", Forms: []string{strconv.Itoa(p)}}
		v.re = []*regexp.Regexp{regexp.MustCompile(`(^|[^0-9])` + strconv.Itoa(p) + `([^0-9]|$)`)}
		vs = append(vs, v)
	}
	return vs
}

func sizeForms(w, h int) []string {
	W, H := strconv.Itoa(w), strconv.Itoa(h)
	return []string{W + "x" + H, W + "×" + H, W + " x " + H, W + "," + H, "width=" + W, "height=" + H, "cols=" + W, "rows=" + H, "w=" + W, "h=" + H}
}

// scan finds every value in text.
func scan(source string, text []byte, vs []Value) []Finding {
	var out []Finding
	for _, v := range vs {
		if v.re != nil {
			for i, re := range v.re {
				if loc := re.FindIndex(text); loc != nil {
					out = append(out, Finding{Source: source, What: v.What, Form: v.Forms[i], Context: around(text, loc[0], loc[1])})
					break
				}
			}
			continue
		}
		for _, f := range v.Forms {
			if i := bytes.Index(text, []byte(f)); i >= 0 {
				out = append(out, Finding{Source: source, What: v.What, Form: f, Context: around(text, i, i+len(f))})
				break
			}
		}
	}
	return out
}

func around(b []byte, i, j int) string {
	return string(b[max(0, i-40):min(len(b), j+40)])
}

// knows reports whether the server has the command: an unknown one gets the "unknown
// command" line.
func knows(c *client, t *i18n.Text, cmd string) bool {
	r, err := c.exec(cmd)
	if err != nil {
		return false
	}
	return !strings.Contains(r.Stderr, prefix(t.CmdUnknown))
}

// hasFlag reports whether the binary has a flag, from its -h output.
func hasFlag(bin, name string) bool {
	out, _ := exec.Command(bin, "-h").CombinedOutput()
	return regexp.MustCompile(`(?m)^\s*-` + regexp.QuoteMeta(name) + `(\s|$)`).Match(out)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitListening(addr string, wait time.Duration, exited <-chan error) error {
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			return nil
		}
		select {
		case err := <-exited:
			return fmt.Errorf("tutord exited: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("tutord did not listen on %s within %v", addr, wait)
}

func scrape(url string) ([]byte, error) {
	cl := http.Client{Timeout: 5 * time.Second}
	resp, err := cl.Get(url)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	defer resp.Body.Close()
	return io.ReadAll(io.LimitReader(resp.Body, 16<<20))
}

func envList(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	return out
}

// lockedBuffer collects a process's output.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]byte(nil), l.b.Bytes()...)
}

func (l *lockedBuffer) String() string { return string(l.Bytes()) }
