// Package config reads tutord's settings from flags, TUTORD_* environment variables and an
// optional config file, in that order of precedence, and checks them.
package config

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the server. Defaults live in Default.
type Config struct {
	ConfigFile string

	Listen   string
	HostKey  string
	Hostname string

	ShutdownTimeout time.Duration
	DrainTimeout    time.Duration
	LogLevel        string
	LogFormat       string

	// Each group of settings lives in its own file.
	Limits    Limits
	Classroom Classroom
	Site      Site
	Perf      Perf
	Proxy     Proxy
	Anonymity Anonymity
	Fleet     Fleet
}

// Default returns the settings used when nothing else is given.
func Default() Config {
	return Config{
		Listen:          ":2222",
		HostKey:         "keys/ssh_host_ed25519_key",
		Hostname:        "localhost",
		ShutdownTimeout: 10 * time.Second,
		DrainTimeout:    5 * time.Minute,
		LogLevel:        "info",
		LogFormat:       "text",
		Limits:          defaultLimits(),
		Classroom:       defaultClassroom(),
		Site:            defaultSite(),
		Perf:            defaultPerf(),
		Anonymity:       defaultAnonymity(),
		Fleet:           defaultFleet(),
	}
}

// bind registers every setting on fs. Adding a setting is one line here plus a field.
func (c *Config) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.ConfigFile, "config", c.ConfigFile, "read settings from this `file` (lines of name = value; names as these flags)")
	fs.StringVar(&c.Listen, "listen", c.Listen, "address to listen on for SSH")
	fs.StringVar(&c.HostKey, "host-key", c.HostKey, "host key `files`, comma-separated: ed25519 only; the first is the key in use (created with mode 0600 if missing), the others are announced to clients for a rotation")
	fs.StringVar(&c.Hostname, "hostname", c.Hostname, "`host[:port]` learners use to reach this server, shown in help texts (add the port when a load balancer or port mapping differs from -listen)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "after the drain, how long sessions get to say goodbye before their connections close")
	fs.DurationVar(&c.DrainTimeout, "drain-timeout", c.DrainTimeout, "on SIGTERM, how long running sessions may go on (told so, with their resume code) before they end; 0 ends them at once; a second SIGTERM ends them now")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log line format: text or json (timestamps in UTC either way)")
	c.Limits.bind(fs)
	c.Classroom.bind(fs)
	c.Site.bind(fs)
	c.Perf.bind(fs)
	c.Proxy.bind(fs)
	c.Anonymity.bind(fs)
	c.Fleet.bind(fs)
}

// EnvName is the environment variable for a flag name: listen → TUTORD_LISTEN.
func EnvName(flagName string) string {
	return "TUTORD_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// ErrHelp is returned when -h or -help was asked for; usage has been printed.
var ErrHelp = flag.ErrHelp

// SettingError is an invalid setting: which one, and what is wrong with its value.
type SettingError struct {
	Name string // the flag name, without the dash
	Msg  string
	// From says where the value came from when it was not a flag ("TUTORD_X", "file:3").
	From string
}

func (e *SettingError) Error() string {
	if e.From != "" {
		return fmt.Sprintf("-%s (set by %s): %s", e.Name, e.From, e.Msg)
	}
	return fmt.Sprintf("-%s: %s", e.Name, e.Msg)
}

// Invalid reports that the setting name has a bad value. Groups use it in validate so
// that the message names the setting and where its value came from.
func Invalid(name, format string, args ...any) error {
	return &SettingError{Name: name, Msg: fmt.Sprintf(format, args...)}
}

// Load reads the settings: defaults, then the config file, then the environment, then the
// flags in args. getenv is os.Getenv in production; tests pass their own. Usage (for -h)
// is written to out; every other problem comes back as one error that names the setting.
func Load(args []string, getenv func(string) string, out io.Writer) (*Config, error) {
	c, _, err := load(args, getenv, out)
	return c, err
}

// load is Load, also returning where each setting's value came from: "flag",
// "TUTORD_X" or "FILE:LINE"; settings left at their default are absent.
func load(args []string, getenv func(string) string, out io.Writer) (*Config, map[string]string, error) {
	c := Default()
	fs := flag.NewFlagSet("tutord", flag.ContinueOnError)
	// The flag package would print its own message and the whole usage on every mistake;
	// the caller prints our one-line error instead.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	c.bind(fs)
	var bad *SettingError // the last value a flag refused, for a message that names it
	fs.VisitAll(func(f *flag.Flag) { f.Value = hinted{f.Value, f.Name, &bad} })
	if err := fs.Parse(args); err != nil {
		switch {
		case errors.Is(err, flag.ErrHelp):
			usage(fs, out)
			return nil, nil, ErrHelp
		case bad != nil:
			return nil, nil, bad
		case strings.HasPrefix(err.Error(), "flag provided but not defined: "):
			return nil, nil, fmt.Errorf("unknown setting %s (tutord -h lists every setting)", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		return nil, nil, fmt.Errorf("%v (tutord -h lists every setting)", err)
	}
	if fs.NArg() > 0 {
		return nil, nil, fmt.Errorf("unexpected argument %q (settings are flags; subcommands: config, check DIR, version)", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	// from records where each value that is not a default came from (error messages,
	// tutord config).
	from := map[string]string{}
	for name := range set {
		from[name] = "flag"
	}

	// The config file itself may come from the environment.
	if !set["config"] {
		if v := getenv(EnvName("config")); v != "" {
			c.ConfigFile = v
		}
	}
	if c.ConfigFile != "" {
		vals, err := readFile(c.ConfigFile)
		if err != nil {
			return nil, nil, err
		}
		seen := map[string]int{}
		for _, kv := range vals {
			where := fmt.Sprintf("%s:%d", c.ConfigFile, kv.line)
			if fs.Lookup(kv.name) == nil || kv.name == "config" {
				return nil, nil, fmt.Errorf("%s: unknown setting %q (tutord -h lists every setting)", where, kv.name)
			}
			if first, dup := seen[kv.name]; dup {
				return nil, nil, fmt.Errorf("%s: %s is already set on line %d", where, kv.name, first)
			}
			seen[kv.name] = kv.line
			if set[kv.name] || getenv(EnvName(kv.name)) != "" {
				continue // flags and environment win over the file
			}
			if err := fs.Set(kv.name, kv.value); err != nil {
				return nil, nil, &SettingError{Name: kv.name, From: where, Msg: fmt.Sprintf("invalid value %q: %v", kv.value, err)}
			}
			from[kv.name] = where
		}
	}
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || f.Name == "config" || envErr != nil {
			return
		}
		if v := getenv(EnvName(f.Name)); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = &SettingError{Name: f.Name, From: EnvName(f.Name), Msg: fmt.Sprintf("invalid value %q: %v", v, err)}
			}
			from[f.Name] = EnvName(f.Name)
		}
	})
	if envErr != nil {
		return nil, nil, envErr
	}
	if err := c.Validate(); err != nil {
		var se *SettingError
		if errors.As(err, &se) && se.From == "" && from[se.Name] != "flag" {
			se.From = from[se.Name]
		}
		return nil, nil, err
	}
	return &c, from, nil
}

// Validate checks the settings and names the first one that is wrong.
func (c *Config) Validate() error {
	if err := checkAddr(c.Listen); err != nil {
		return Invalid("listen", "%q: %v", c.Listen, err)
	}
	if c.HostKey == "" {
		return Invalid("host-key", "a path is needed")
	}
	if c.Hostname == "" || strings.ContainsAny(c.Hostname, " \t\n") {
		return Invalid("hostname", "%q: want a host name without spaces", c.Hostname)
	}
	if _, port, err := net.SplitHostPort(c.Hostname); err == nil {
		if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
			return Invalid("hostname", "%q: the port must be a number from 1 to 65535", c.Hostname)
		}
	}
	if c.DrainTimeout < 0 {
		return Invalid("drain-timeout", "%v: must not be negative", c.DrainTimeout)
	}
	if c.ShutdownTimeout <= 0 {
		return Invalid("shutdown-timeout", "%v: must be positive", c.ShutdownTimeout)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return Invalid("log-level", "%q: want debug, info, warn or error", c.LogLevel)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return Invalid("log-format", "%q: want text or json", c.LogFormat)
	}
	if len(c.HostKeys()) == 0 {
		return Invalid("host-key", "a path is needed")
	}
	for _, v := range []func() error{c.Limits.validate, c.Classroom.validate, c.Site.validate, c.Perf.validate, c.Anonymity.validate, c.Proxy.validate, c.Fleet.validate} {
		if err := v(); err != nil {
			return err
		}
	}
	return nil
}

// HostKeys returns the files in HostKey: the key in use first, then the ones announced for a
// rotation.
func (c *Config) HostKeys() []string {
	var paths []string
	for _, p := range strings.Split(c.HostKey, ",") {
		if p = strings.TrimSpace(p); p != "" {
			paths = append(paths, p)
		}
	}
	return paths
}

// ConnectHint is the ssh command learners type to reach this server, e.g.
// "ssh -p 2222 localhost". The port is the one in -hostname when it has one (a load
// balancer or port mapping in front), else the listen port. With -listen port 0 the
// port is only known once bound: the server uses ConnectHintAt then.
func (c *Config) ConnectHint() string { return c.ConnectHintAt(c.Listen) }

// ConnectHintAt is ConnectHint for a server bound to addr (host:port, e.g. the
// listener's address): addr's port stands in for the listen port.
func (c *Config) ConnectHintAt(addr string) string {
	host, port := c.Hostname, ""
	if h, p, err := net.SplitHostPort(c.Hostname); err == nil {
		host, port = h, p
	} else {
		_, port, _ = net.SplitHostPort(addr)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // an IPv6 address
	}
	if port == "22" || port == "" {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}

type fileValue struct {
	name, value string
	line        int
}

func readFile(path string) ([]fileValue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-config: %w", err)
	}
	var vals []fileValue
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want `name = value`, got %q", path, n, line)
		}
		value = strings.TrimSpace(value)
		if uq, err := strconv.Unquote(value); err == nil {
			value = uq
		}
		vals = append(vals, fileValue{name: strings.TrimSpace(name), value: value, line: n})
	}
	return vals, sc.Err()
}

// hinted wraps a flag's value so that a bad value gets a message saying what is wanted
// ("want a duration such as 30s, 5m or 1h"), not the flag package's "parse error".
type hinted struct {
	flag.Value
	name string
	bad  **SettingError
}

func (h hinted) Set(s string) error {
	if err := h.Value.Set(s); err != nil {
		err = hint(h.Value, err)
		*h.bad = &SettingError{Name: h.name, Msg: fmt.Sprintf("invalid value %q: %v", s, err)}
		return err
	}
	return nil
}

func (h hinted) Get() any {
	if g, ok := h.Value.(flag.Getter); ok {
		return g.Get()
	}
	return h.Value.String()
}

func (h hinted) IsBoolFlag() bool {
	b, ok := h.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func hint(v flag.Value, err error) error {
	g, ok := v.(flag.Getter)
	if !ok {
		return err
	}
	switch g.Get().(type) {
	case time.Duration:
		return errors.New("want a duration such as 30s, 5m or 1h")
	case int, int64, uint, uint64:
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return errors.New("the number is too large")
		}
		return errors.New("want a whole number")
	case float64:
		return errors.New("want a number")
	case bool:
		return errors.New("want true or false")
	}
	return err
}

// argName is the placeholder shown after a flag in the usage: the `quoted` word of its
// usage text, else its type.
func argName(f *flag.Flag) string {
	name, _ := flag.UnquoteUsage(f)
	if strings.Contains(f.Usage, "`") {
		return name
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return "value"
	}
	switch g.Get().(type) {
	case time.Duration:
		return "duration"
	case int, int64, uint, uint64:
		return "int"
	case float64:
		return "float"
	case bool:
		return ""
	}
	return "string"
}

// Setting describes one setting for documentation: -h prints these, and a test checks that
// the self-hosting guide lists every one of them.
type Setting struct {
	Flag, Env, Default, Arg, Usage string
}

// Settings lists every setting with its environment variable and default.
func Settings() []Setting {
	c := Default()
	fs := flag.NewFlagSet("tutord", flag.ContinueOnError)
	c.bind(fs)
	var out []Setting
	fs.VisitAll(func(f *flag.Flag) {
		_, use := flag.UnquoteUsage(f)
		out = append(out, Setting{Flag: f.Name, Env: EnvName(f.Name), Default: f.DefValue, Arg: argName(f), Usage: use})
	})
	return out
}

func usage(fs *flag.FlagSet, out io.Writer) {
	fmt.Fprint(out, `tutord: an interactive privacy tutorial served over SSH.

Usage:
  tutord [flags]          run the server
  tutord config [flags]   print the settings the server would run with, and their sources
  tutord check DIR        check a lesson directory and report every problem
  tutord version          print the version (also -version)

Every flag can also be set by an environment variable (shown) or in the -config file.
Precedence: flag, then environment, then config file, then default. A TUTORD_* variable
that names no setting stops the start.

Flags:
`)
	fs.VisitAll(func(f *flag.Flag) {
		_, use := flag.UnquoteUsage(f)
		fmt.Fprintf(out, "  -%s %s\n", f.Name, argName(f))
		fmt.Fprintf(out, "        %s\n", use)
		def := f.DefValue
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(out, "        env %s, default %s\n", EnvName(f.Name), def)
	})
}
