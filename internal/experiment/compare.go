package experiment

import (
	"slices"
	"strings"

	"tutord/internal/mirror"
)

// Kind is one kind of fact two connections can share.
type Kind int

// The kinds, strongest first: the order the screens list them in.
const (
	Key     Kind = iota // a public key both offered
	KeySet              // the same set of offered keys
	Address             // the same source address
	User                // the same user name
	Client              // the same client version string
	Term                // the same TERM
	Lang                // the same language variables (LANG, LANGUAGE, LC_*)
	Env                 // the same other environment variables
	Window              // the same window size
	numKinds
)

// Kinds lists every kind in display order.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// Strength is how well one shared fact links two connections on its own.
type Strength int

const (
	Weak    Strength = iota // shared by many: alone it says little, together a fingerprint
	Strong                  // the same address: often the same person, unless many share it
	Certain                 // a public key: a stable pseudonym
)

// StrengthOf is how strong a link of kind k is.
func StrengthOf(k Kind) Strength {
	switch k {
	case Key, KeySet:
		return Certain
	case Address:
		return Strong
	}
	return Weak
}

// FingerprintAt is the number of weak matches from which the screens call them a
// fingerprint: four of the six weak facts agreeing is rare between strangers.
const FingerprintAt = 4

// Comparison is which kinds of facts two connections share. It holds no value of either
// connection, except the shared key's fingerprint, which both connections sent.
type Comparison struct {
	Match [numKinds]bool
	// SharedKey is a key both offered (the first the reference offered), when Match[Key].
	SharedKey mirror.Key
	// SameConn is true when both sessions run on one SSH connection (ssh ControlMaster):
	// address and port are the same.
	SameConn bool
	// Neither marks the kinds neither connection sent (no keys, no LANG): no link, and not
	// a difference either.
	Neither [numKinds]bool
}

// Links are the kinds that match, in display order.
func (c Comparison) Links() []Kind {
	var ks []Kind
	for _, k := range Kinds() {
		if c.Match[k] {
			ks = append(ks, k)
		}
	}
	return ks
}

// WeakMatches counts the weak kinds that match.
func (c Comparison) WeakMatches() int {
	n := 0
	for _, k := range c.Links() {
		if StrengthOf(k) == Weak {
			n++
		}
	}
	return n
}

// WeakKinds is the number of weak kinds compared.
func WeakKinds() int {
	n := 0
	for _, k := range Kinds() {
		if StrengthOf(k) == Weak {
			n++
		}
	}
	return n
}

// Compare says which kinds of facts ref and other share. A fact neither sent (no keys, no
// LANG) is no link: absence is shared by too many to tell anyone apart.
func Compare(ref, other *mirror.Facts) Comparison {
	var c Comparison
	if ref == nil || other == nil {
		return c
	}
	theirs := map[string]bool{}
	for _, k := range other.Keys {
		theirs[k.Fingerprint] = true
	}
	for _, k := range ref.Keys {
		if theirs[k.Fingerprint] {
			c.Match[Key], c.SharedKey = true, k
			break
		}
	}
	c.Match[KeySet] = len(ref.Keys) > 0 && slices.Equal(fps(ref.Keys), fps(other.Keys))
	c.Match[Address] = ref.Addr != "" && ref.Addr == other.Addr
	c.SameConn = c.Match[Address] && ref.Port != 0 && ref.Port == other.Port
	c.Match[User] = ref.User != "" && ref.User == other.User
	c.Match[Client] = ref.Client != "" && ref.Client == other.Client
	c.Match[Term] = ref.Term != "" && ref.Term == other.Term
	rl, re := splitEnv(ref.Env)
	ol, oe := splitEnv(other.Env)
	c.Match[Lang] = len(rl) > 0 && slices.Equal(rl, ol)
	c.Match[Env] = len(re) > 0 && slices.Equal(re, oe)
	c.Match[Window] = ref.Width > 0 && ref.Height > 0 && ref.Width == other.Width && ref.Height == other.Height
	c.Neither[Key] = len(ref.Keys) == 0 && len(other.Keys) == 0
	c.Neither[KeySet] = c.Neither[Key]
	c.Neither[User] = ref.User == "" && other.User == ""
	c.Neither[Client] = ref.Client == "" && other.Client == ""
	c.Neither[Term] = ref.Term == "" && other.Term == ""
	c.Neither[Lang] = len(rl) == 0 && len(ol) == 0
	c.Neither[Env] = len(re) == 0 && len(oe) == 0
	c.Neither[Window] = (ref.Width == 0 || ref.Height == 0) && (other.Width == 0 || other.Height == 0)
	return c
}

// fps is the sorted fingerprints: a key set is the same in any order.
func fps(ks []mirror.Key) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.Fingerprint
	}
	slices.Sort(out)
	return out
}

// IsLocale reports whether an environment variable's name is a language setting.
func IsLocale(name string) bool {
	return name == "LANG" || name == "LANGUAGE" || strings.HasPrefix(name, "LC_")
}

// splitEnv sorts the sent environment into language variables and the rest, each sorted.
func splitEnv(env []string) (locale, rest []string) {
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if IsLocale(name) {
			locale = append(locale, kv)
		} else {
			rest = append(rest, kv)
		}
	}
	slices.Sort(locale)
	slices.Sort(rest)
	return locale, rest
}
