package config

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Effective is one setting as the server would run with it: its value and where that
// came from ("default", "flag", "TUTORD_X" or "FILE:LINE").
type Effective struct {
	Name, Value, Source string
}

// LoadEffective reads the settings as Load does and returns every one with its value and
// source, in the order -h lists them, for `tutord config`.
func LoadEffective(args []string, getenv func(string) string, out io.Writer) ([]Effective, error) {
	c, from, err := load(args, getenv, out)
	if err != nil {
		return nil, err
	}
	fs := flag.NewFlagSet("tutord", flag.ContinueOnError)
	c.bind(fs)
	var list []Effective
	fs.VisitAll(func(f *flag.Flag) {
		src := from[f.Name]
		if src == "" {
			src = "default"
		}
		list = append(list, Effective{Name: f.Name, Value: f.Value.String(), Source: src})
	})
	return list, nil
}

// WriteEffective prints the settings one a line: name, value (quoted when it is empty or
// holds spaces or control characters) and source, like `sshd -T` with the source added.
func WriteEffective(w io.Writer, list []Effective) {
	width := 0
	for _, e := range list {
		width = max(width, len(e.Name))
	}
	for _, e := range list {
		fmt.Fprintf(w, "%-*s  %s  (%s)\n", width, e.Name, quoteValue(e.Value), e.Source)
	}
}

func quoteValue(v string) string {
	if v == "" || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' }) {
		return strconv.Quote(v)
	}
	return v
}

// UnknownEnv returns the TUTORD_* variables in environ ("NAME=value") that name no
// setting, sorted. An empty one counts as unset, as everywhere else.
func UnknownEnv(environ []string) []string {
	known := map[string]bool{}
	for _, s := range Settings() {
		known[s.Env] = true
	}
	var unknown []string
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TUTORD_") && value != "" && !known[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	return unknown
}

// UnknownEnvError is the start-up error for UnknownEnv's names: a misspelt setting would
// otherwise be silently ignored.
func UnknownEnvError(names []string) error {
	msg := fmt.Sprintf("unknown environment variable %s names no setting (tutord -h lists every setting and its variable)", strings.Join(names, ", "))
	for _, n := range names {
		if kubernetesLink(n) {
			msg += "; Kubernetes sets TUTORD_*_SERVICE_* and TUTORD_*_PORT* for a Service named tutord: set enableServiceLinks: false in the pod spec"
			break
		}
	}
	return fmt.Errorf("%s", msg)
}

// kubernetesLink reports whether name looks like a variable Kubernetes' service links make
// for a Service: NAME_SERVICE_HOST, NAME_SERVICE_PORT*, NAME_PORT, NAME_PORT_22_TCP*.
func kubernetesLink(name string) bool {
	return strings.Contains(name, "_SERVICE_HOST") || strings.Contains(name, "_SERVICE_PORT") ||
		strings.HasSuffix(name, "_PORT") || strings.Contains(name, "_PORT_")
}
