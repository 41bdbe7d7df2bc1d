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
	LogLevel        string

	// Each group of settings lives in its own file.
	Limits    Limits
	Classroom Classroom
	Site      Site
	Perf      Perf
}

// Default returns the settings used when nothing else is given.
func Default() Config {
	return Config{
		Listen:          ":2222",
		HostKey:         "keys/ssh_host_ed25519_key",
		Hostname:        "localhost",
		ShutdownTimeout: 10 * time.Second,
		LogLevel:        "info",
		Limits:          defaultLimits(),
		Classroom:       defaultClassroom(),
		Site:            defaultSite(),
		Perf:            defaultPerf(),
	}
}

// bind registers every setting on fs. Adding a setting is one line here plus a field.
func (c *Config) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.ConfigFile, "config", c.ConfigFile, "read settings from this `file` (lines of name = value; names as these flags)")
	fs.StringVar(&c.Listen, "listen", c.Listen, "address to listen on for SSH")
	fs.StringVar(&c.HostKey, "host-key", c.HostKey, "host key file (ed25519, created with mode 0600 if missing)")
	fs.StringVar(&c.Hostname, "hostname", c.Hostname, "name learners use to reach this server, shown in help texts")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long to wait for sessions to close on SIGTERM")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error")
	c.Limits.bind(fs)
	c.Classroom.bind(fs)
	c.Site.bind(fs)
	c.Perf.bind(fs)
}

// EnvName is the environment variable for a flag name: listen → TUTORD_LISTEN.
func EnvName(flagName string) string {
	return "TUTORD_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// ErrHelp is returned when -h or -help was asked for; usage has been printed.
var ErrHelp = flag.ErrHelp

// Load reads the settings: defaults, then the config file, then the environment, then the
// flags in args. getenv is os.Getenv in production; tests pass their own. Usage and errors
// are written to out.
func Load(args []string, getenv func(string) string, out io.Writer) (*Config, error) {
	c := Default()
	fs := flag.NewFlagSet("tutord", flag.ContinueOnError)
	fs.SetOutput(out)
	c.bind(fs)
	fs.Usage = func() { usage(fs, out) }
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (settings are flags; subcommand: check DIR)", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	// The config file itself may come from the environment.
	if !set["config"] {
		if v := getenv(EnvName("config")); v != "" {
			c.ConfigFile = v
		}
	}
	if c.ConfigFile != "" {
		vals, err := readFile(c.ConfigFile)
		if err != nil {
			return nil, err
		}
		for _, kv := range vals {
			if set[kv.name] || getenv(EnvName(kv.name)) != "" {
				continue // flags and environment win over the file
			}
			if fs.Lookup(kv.name) == nil || kv.name == "config" {
				return nil, fmt.Errorf("%s:%d: unknown setting %q", c.ConfigFile, kv.line, kv.name)
			}
			if err := fs.Set(kv.name, kv.value); err != nil {
				return nil, fmt.Errorf("%s:%d: invalid value %q for %s: %v", c.ConfigFile, kv.line, kv.value, kv.name, unwrapFlagErr(err))
			}
		}
	}
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || f.Name == "config" || envErr != nil {
			return
		}
		if v := getenv(EnvName(f.Name)); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("invalid value %q for %s: %v", v, EnvName(f.Name), unwrapFlagErr(err))
			}
		}
	})
	if envErr != nil {
		return nil, envErr
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks the settings and names the first one that is wrong.
func (c *Config) Validate() error {
	if _, port, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("-listen %q: want HOST:PORT or :PORT (%v)", c.Listen, err)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("-listen %q: the port must be a number from 0 to 65535", c.Listen)
	}
	if c.HostKey == "" {
		return errors.New("-host-key: a path is needed")
	}
	if c.Hostname == "" || strings.ContainsAny(c.Hostname, " \t\n") {
		return fmt.Errorf("-hostname %q: want a host name without spaces", c.Hostname)
	}
	if c.ShutdownTimeout <= 0 {
		return fmt.Errorf("-shutdown-timeout %v: must be positive", c.ShutdownTimeout)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("-log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	for _, v := range []func() error{c.Limits.validate, c.Classroom.validate, c.Site.validate, c.Perf.validate} {
		if err := v(); err != nil {
			return err
		}
	}
	return nil
}

// ConnectHint is the ssh command learners type to reach this server, e.g.
// "ssh -p 2222 localhost".
func (c *Config) ConnectHint() string {
	_, port, _ := net.SplitHostPort(c.Listen)
	if port == "22" || port == "" {
		return "ssh " + c.Hostname
	}
	return "ssh -p " + port + " " + c.Hostname
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

// unwrapFlagErr drops the flag package's "parse error" wrapping for a one-line message.
func unwrapFlagErr(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return ne.Err
	}
	return err
}

func usage(fs *flag.FlagSet, out io.Writer) {
	fmt.Fprint(out, `tutord: an interactive privacy tutorial served over SSH.

Usage:
  tutord [flags]        run the server
  tutord check DIR      check a lesson directory and report every problem

Every flag can also be set by an environment variable (shown) or in the -config file.
Precedence: flag, then environment, then config file, then default.

Flags:
`)
	fs.VisitAll(func(f *flag.Flag) {
		name, use := flag.UnquoteUsage(f)
		fmt.Fprintf(out, "  -%s %s\n", f.Name, name)
		fmt.Fprintf(out, "        %s\n", use)
		def := f.DefValue
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(out, "        env %s, default %s\n", EnvName(f.Name), def)
	})
}
