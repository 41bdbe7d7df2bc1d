package mirror

import (
	"fmt"
	"regexp"
	"strings"

	"tutord/internal/i18n"
)

// Item is one thing the connection revealed: a label, the values as sent (cleaned, one
// per line), what it means for the learner, and a command to check it yourself.
type Item struct {
	Label  string
	Values []string
	Why    string
	// Check is a command the learner can run to compare, introduced by CheckText.
	CheckText, Check string
}

// Items lists what f reveals, in the order a connection reveals it.
func Items(t *i18n.Text, f *Facts) []Item {
	if f == nil {
		return []Item{{Label: t.MirrorTitle, Values: []string{t.MirrorUnknown}}}
	}
	unknown := func(s string) string {
		if s == "" {
			return t.MirrorUnknown
		}
		return Clean(s, MaxValueLen)
	}
	addr := unknown(f.Addr)
	if f.Addr != "" && f.Port > 0 {
		addr = fmt.Sprintf(t.MirrorAddrValue, Clean(f.Addr, MaxValueLen), f.Port)
	}
	items := []Item{
		{Label: t.MirrorAddress, Values: []string{addr}, Why: t.MirrorAddrWhy},
		{Label: t.MirrorClient, Values: []string{unknown(f.Client)}, Why: t.MirrorClientWhy},
		{Label: t.MirrorUser, Values: []string{unknown(f.User)}, Why: t.MirrorUserWhy},
	}

	keys := Item{Label: t.MirrorKeys, Why: t.MirrorKeysWhy, CheckText: t.MirrorKeysCheck, Check: "ssh-add -l"}
	for i, k := range f.Keys {
		// Numbered, so keys stay apart when a narrow window wraps each over two lines.
		keys.Values = append(keys.Values, fmt.Sprintf("%d. %s %s", i+1, Clean(k.Type, MaxValueLen), Clean(k.Fingerprint, MaxValueLen)))
	}
	if f.KeysDropped > 0 {
		keys.Values = append(keys.Values, t.MirrorMore.N(f.KeysDropped))
	}
	if len(keys.Values) == 0 {
		keys = Item{Label: t.MirrorKeys, Values: []string{t.MirrorNone}, Why: t.MirrorNoKeysWhy}
	}
	items = append(items, keys)

	term := Item{Label: t.MirrorTerm, Values: []string{t.MirrorNoTerm}, Why: t.MirrorTermWhy}
	if f.Term != "" {
		term.Values = []string{fmt.Sprintf(t.MirrorTermValue, Clean(f.Term, MaxValueLen), f.Width, f.Height)}
	}
	items = append(items, term)

	env := Item{Label: t.MirrorEnv, Why: t.MirrorEnvWhy}
	shown, more := f.EnvShown()
	env.Values = shown
	if more > 0 {
		env.Values = append(env.Values, t.MirrorMore.N(more))
	}
	if len(env.Values) == 0 {
		env.Values, env.Why = []string{t.MirrorNone}, t.MirrorNoEnvWhy
	}
	return append(items, env)
}

// Tip is one way to reveal less, with the command to type when there is one.
type Tip struct {
	Text    string
	Command string
}

// Tips are the ways to reveal less that apply to this connection. connect is how learners
// reach this server, e.g. "ssh -p 2222 host".
func Tips(t *i18n.Text, f *Facts, connect string) []Tip {
	if f == nil {
		return nil
	}
	var tips []Tip
	if len(f.Keys) > 0 {
		tips = append(tips, Tip{t.MirrorTipNoKeys, Command(connect, nil, []string{"-o", "PubkeyAuthentication=no"}, "", "")})
	}
	if f.User != "anyone" {
		tips = append(tips, Tip{t.MirrorTipUser, Command(connect, nil, nil, "anyone", "")})
	}
	if unset := localeVars(f); len(unset) > 0 {
		tips = append(tips, Tip{t.MirrorTipLang, Command(connect, unset, nil, "", "")})
	}
	if len(f.Keys) > 0 {
		tips = append(tips, Tip{Text: t.MirrorTipKeys})
	}
	return tips
}

var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,31}$`)

// localeVars are the language variables the client sent, as names safe to put in a shell
// command (env -u NAME), at most a handful.
func localeVars(f *Facts) []string {
	var names []string
	seen := map[string]bool{}
	for _, kv := range f.Env {
		k, _, _ := strings.Cut(kv, "=")
		if (k == "LANG" || k == "LANGUAGE" || strings.HasPrefix(k, "LC_")) && shellName.MatchString(k) && !seen[k] {
			seen[k] = true
			names = append(names, k)
		}
		if len(names) == 6 {
			break
		}
	}
	return names
}

// Command builds an ssh command from the server's connect hint ("ssh -p 2222 host"):
// unset names environment variables to leave out (env -u NAME), opts go right after ssh,
// user goes before the host, and cmd after it.
func Command(connect string, unset, opts []string, user, cmd string) string {
	words := strings.Fields(connect)
	if len(words) < 2 || words[0] != "ssh" {
		words = []string{"ssh", "HOST"}
	}
	var out []string
	if len(unset) > 0 {
		out = append(out, "env")
		for _, n := range unset {
			out = append(out, "-u", n)
		}
	}
	out = append(out, "ssh")
	out = append(out, opts...)
	out = append(out, words[1:len(words)-1]...)
	host := words[len(words)-1]
	if user != "" {
		host = user + "@" + host
	}
	out = append(out, host)
	if cmd != "" {
		out = append(out, cmd)
	}
	return strings.Join(out, " ")
}

// Report is the plain-text mirror for `ssh HOST whoami` without a terminal: the same items,
// for scripts and screen readers. Lines end in "\n".
func Report(t *i18n.Text, f *Facts, connect string) string {
	var b strings.Builder
	b.WriteString(t.MirrorTitle + "\n")
	writeWrapped(&b, "", t.MirrorSubtitle)
	b.WriteString("\n")
	items := Items(t, f)
	width := 0
	for _, it := range items {
		width = max(width, len([]rune(it.Label)))
	}
	for _, it := range items {
		pad := strings.Repeat(" ", width-len([]rune(it.Label))+2)
		long := false
		for _, v := range it.Values {
			long = long || width+3+len([]rune(v)) > 78
		}
		for i, v := range it.Values {
			switch {
			case long && i == 0:
				b.WriteString(it.Label + ":\n      " + v + "\n")
			case long:
				b.WriteString("      " + v + "\n")
			case i == 0:
				b.WriteString(it.Label + ":" + pad + v + "\n")
			default:
				b.WriteString(strings.Repeat(" ", width+3) + v + "\n")
			}
		}
		if it.Why != "" {
			writeWrapped(&b, "    ", it.Why)
		}
		if it.Check != "" {
			writeWrapped(&b, "    ", it.CheckText)
			b.WriteString("      " + it.Check + "\n")
		}
		b.WriteString("\n")
	}
	if tips := Tips(t, f, connect); len(tips) > 0 {
		b.WriteString(t.MirrorTipsTitle + ":\n")
		for _, tip := range tips {
			writeWrapped(&b, "  ", tip.Text)
			if tip.Command != "" {
				b.WriteString("    " + tip.Command + "\n")
			}
		}
		b.WriteString("\n")
	}
	writeWrapped(&b, "", t.MirrorFooter)
	writeWrapped(&b, "", t.MirrorReportEnd)
	b.WriteString("    " + Command(connect, nil, []string{"-t"}, "", "whoami") + "\n")
	return b.String()
}

// writeWrapped writes s wrapped at 76 columns, each line starting with indent.
func writeWrapped(b *strings.Builder, indent, s string) {
	line := indent
	for _, w := range strings.Fields(s) {
		if len([]rune(line)) > len(indent) && len([]rune(line))+1+len([]rune(w)) > 76 {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	if len(line) > len(indent) {
		b.WriteString(line + "\n")
	}
}
