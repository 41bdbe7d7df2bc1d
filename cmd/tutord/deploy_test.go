package main

import (
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tutord/internal/config"
)

// The deploy files are read by people copying them, not by a test harness with Docker or
// Kubernetes: these tests hold what a typo would break at the first deploy.

var (
	composeEnv  = regexp.MustCompile(`^[\s#]*(TUTORD_[A-Z_]+): "([^"]*)"`)
	kubeEnv     = regexp.MustCompile(`\{name: (TUTORD_[A-Z_]+), value: "?([^"}]*?)"?\}`)
	composeStop = regexp.MustCompile(`(?m)^\s*stop_grace_period: (\S+)`)
	kubeGrace   = regexp.MustCompile(`(?m)^\s*terminationGracePeriodSeconds: (\d+)`)
	kubePreStop = regexp.MustCompile(`sleep: \{seconds: (\d+)\}`)
)

// deploySettings loads the settings a deploy file sets as tutord would, and fails on a
// variable that names no setting (the commented examples too) or a value it refuses.
func deploySettings(t *testing.T, file string, re *regexp.Regexp) (*config.Config, string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	var environ []string
	for _, line := range strings.Split(string(b), "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		environ = append(environ, m[1]+"="+m[2])
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			env[m[1]] = m[2]
		}
	}
	if len(env) < 3 {
		t.Fatalf("%s: found only %v; has the file's shape changed?", file, env)
	}
	if unknown := config.UnknownEnv(environ); len(unknown) > 0 {
		t.Fatalf("%s: %v", file, config.UnknownEnvError(unknown))
	}
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatalf("%s: tutord would refuse these settings: %v", file, err)
	}
	return cfg, string(b)
}

// TestComposeFileSettings: every TUTORD_* in deploy/compose.yaml is a setting tutord
// takes with that value, and docker waits longer than the drain and the goodbyes.
func TestComposeFileSettings(t *testing.T) {
	t.Parallel()
	cfg, text := deploySettings(t, "../../deploy/compose.yaml", composeEnv)
	m := composeStop.FindStringSubmatch(text)
	if m == nil {
		t.Fatal("compose.yaml sets no stop_grace_period: docker would kill a draining replica after 10 s")
	}
	stop, err := time.ParseDuration(m[1])
	if err != nil {
		t.Fatalf("stop_grace_period %q: %v", m[1], err)
	}
	if need := cfg.DrainTimeout + cfg.ShutdownTimeout; stop <= need {
		t.Errorf("stop_grace_period %v is not above drain %v + shutdown %v", stop, cfg.DrainTimeout, cfg.ShutdownTimeout)
	}
	if cfg.Fleet.NATS == "" || len(cfg.Proxy.Networks()) == 0 {
		t.Errorf("the fleet compose file runs without NATS or PROXY protocol: %q %+v", cfg.Fleet.NATS, cfg.Proxy)
	}
}

// TestKubernetesManifestSettings: the same for the manifest, with its preStop pause.
func TestKubernetesManifestSettings(t *testing.T) {
	t.Parallel()
	cfg, text := deploySettings(t, "../../deploy/kubernetes/tutord.yaml", kubeEnv)
	m := kubeGrace.FindStringSubmatch(text)
	if m == nil {
		t.Fatal("the manifest sets no terminationGracePeriodSeconds: Kubernetes would kill a draining pod after 30 s")
	}
	grace, _ := strconv.Atoi(m[1])
	var pause time.Duration
	if p := kubePreStop.FindStringSubmatch(text); p != nil {
		s, _ := strconv.Atoi(p[1])
		pause = time.Duration(s) * time.Second
	}
	if need := pause + cfg.DrainTimeout + cfg.ShutdownTimeout; time.Duration(grace)*time.Second <= need {
		t.Errorf("terminationGracePeriodSeconds %d is not above preStop %v + drain %v + shutdown %v", grace, pause, cfg.DrainTimeout, cfg.ShutdownTimeout)
	}
}

// TestDeployConfigFile: deploy/tutord.conf loads as it stands.
func TestDeployConfigFile(t *testing.T) {
	t.Parallel()
	if _, err := config.Load([]string{"-config", "../../deploy/tutord.conf"}, func(string) string { return "" }, io.Discard); err != nil {
		t.Fatalf("deploy/tutord.conf: %v", err)
	}
}
