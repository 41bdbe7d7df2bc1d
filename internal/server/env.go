package server

// The client environment: the one allow-list of variables a session may set (checked as
// the requests arrive, requests.go) and what the app reads of them.

import (
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

const (
	// maxEnv is how many environment variables one session may set; maxEnvValue how long
	// each may be. The app reads only the language and colour ones.
	maxEnv      = 16
	maxEnvValue = 128
)

// parseEnv reads an "env" request and reports whether it is one the app may use.
func parseEnv(payload []byte) (key, value string, ok bool) {
	var kv struct{ Key, Value string }
	if err := gossh.Unmarshal(payload, &kv); err != nil {
		return "", "", false
	}
	return kv.Key, kv.Value, envAllowedName(kv.Key) && len(kv.Value) <= maxEnvValue
}

// envAllowedName is the allow-list: the language (LANG, LANGUAGE, LC_*) and colour
// settings, which OpenSSH sends by default or on request. The app reads fewer (see
// clientEnv); the mirror lesson may show these to the learner. It is the only list: what
// is not on it never reaches the session.
func envAllowedName(k string) bool {
	switch k {
	case "LANG", "LANGUAGE", "NO_COLOR", "COLORTERM":
		return true
	}
	if len(k) > 32 || !strings.HasPrefix(k, "LC_") {
		return false
	}
	for _, r := range k[3:] {
		if (r < 'A' || r > 'Z') && r != '_' {
			return false
		}
	}
	return len(k) > 3
}

// clientEnv returns the session's environment: the allow-listed variables the client set
// (the others were refused as they came, filterRequests). Read it rather than
// sess.Environ(), so the list holds even for a channel that came in another way.
func clientEnv(sess ssh.Session) []string {
	var env []string
	for _, kv := range sess.Environ() {
		if k, _, _ := strings.Cut(kv, "="); envAllowedName(k) {
			env = append(env, kv)
		}
	}
	return env
}

func hasValue(env []string, key string) bool {
	for _, kv := range env {
		if k, v, _ := strings.Cut(kv, "="); k == key && v != "" {
			return true
		}
	}
	return false
}
