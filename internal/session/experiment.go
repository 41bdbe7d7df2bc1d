package session

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tutord/internal/classroom"
	"tutord/internal/experiment"
	"tutord/internal/limits"
	"tutord/internal/mirror"
)

// ExperimentOptions start a session as the second connection of the experiment
// (ssh -t HOST compare [CODE]).
type ExperimentOptions struct {
	Compare bool
	Code    string // "" asks for the code
	// Source is the keyed hash of the client's address, for the wrong-code limit.
	Source limits.Source
}

// experimentState is this session's part in the experiment: the reference it owns (made
// when the mirror first shows, closed with the session) or the compare it made.
type experimentState struct {
	opts ExperimentOptions
	send func(tea.Msg)
	ref  *experiment.Ref
	err  error // why there is no reference (the server has no room)

	entry   compareEntryModel
	compare compareModel
}

// experimentChanged is delivered into the reference session after a compare with its code.
type experimentChanged struct{}

func (experimentChanged) apply(a *App) tea.Cmd {
	a.onResize() // the mirror panel shows the new comparison
	return nil
}

// experimentRef is this session's reference, made when first asked for (or again after the
// code expired). nil when the experiment is off or the server has no room.
func (a *App) experimentRef() *experiment.Ref {
	x := &a.exp
	if a.sh.Experiments == nil || a.mirror.conn == nil {
		return nil
	}
	if x.ref != nil && !x.ref.Expired() {
		return x.ref
	}
	if x.ref != nil {
		return x.ref // expired: the panel says so, and reopening the mirror makes a new one
	}
	f := *a.mirror.conn
	f.Width, f.Height = a.w, a.h
	send := x.send
	ref, err := a.sh.Experiments.Open(f, func() {
		if send != nil {
			go send(experimentChanged{})
		}
	})
	x.ref, x.err = ref, err
	return ref
}

// renewExperiment drops an expired reference, so the next mirror shows a new code.
func (a *App) renewExperiment() {
	if r := a.exp.ref; r != nil && r.Expired() {
		r.Close()
		a.exp.ref = nil
	}
}

// closeExperiment ends this session's reference, if any: its code stops working.
func (a *App) closeExperiment() {
	if a.exp.ref != nil {
		a.exp.ref.Close()
		a.exp.ref = nil
	}
}

// startExperiment opens the compare screen when the session was started with compare.
func (a *App) startExperiment(o Options) {
	a.exp.opts = o.Experiment
	if !o.Experiment.Compare {
		return
	}
	if o.Experiment.Code == "" {
		a.showCompareEntry()
		return
	}
	a.runCompare(o.Experiment.Code)
}

// runCompare compares this connection with the reference behind code and shows the
// result, or the entry field with what went wrong.
func (a *App) runCompare(code string) {
	if a.sh.Experiments == nil {
		a.showCompareEntry()
		a.exp.entry.err = a.t.ExpUnavailable
		return
	}
	f := mirror.Facts{}
	if a.mirror.conn != nil {
		f = *a.mirror.conn
	}
	f.Width, f.Height = a.w, a.h
	res, err := a.sh.Experiments.Compare(a.exp.opts.Source, code, f)
	if err != nil {
		a.showCompareEntry()
		a.exp.entry.buf.add(code)
		a.exp.entry.err = a.expErrText(err)
		return
	}
	norm, _ := classroom.NormalizeCode(code, experiment.CodeLen)
	a.exp.compare = compareModel{res: res, code: norm}
	a.show(&a.exp.compare)
}

func (a *App) expErrText(err error) string {
	switch {
	case errors.Is(err, experiment.ErrCodeFormat):
		return a.t.ExpErrFormat
	case errors.Is(err, experiment.ErrNoCode):
		return a.t.ExpErrNoCode
	case errors.Is(err, experiment.ErrExpired):
		return a.t.ExpErrExpired
	case errors.Is(err, experiment.ErrTooMany):
		return a.t.ExpErrTooMany
	case errors.Is(err, experiment.ErrSpent):
		return fmt.Sprintf(a.t.ExpErrSpent, experiment.MaxCompares)
	default:
		return a.t.ExpErrFull
	}
}

// compareCommand is the command that runs compare with code on this server.
func (a *App) compareCommand(code string) string {
	return mirror.Command(a.mirror.connect, nil, []string{"-t"}, "", "compare "+classroom.FormatCode(code))
}

// experimentPanel is the experiment's part of the mirror: the code and what to do with
// it, then the latest comparison made with it.
func (a *App) experimentPanel(inner int) []string {
	ref := a.experimentRef()
	if ref == nil {
		if a.exp.err != nil {
			th := a.theme
			return append(wrap(th.bold.Render(a.t.ExpHeading), inner), wrap(th.dim.Render(a.t.ExpUnavailable), inner)...)
		}
		return nil
	}
	th := a.theme
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add(wrap(th.bold.Render(a.t.ExpHeading), inner)...)
	if ref.Expired() {
		add(wrap(a.t.ExpCodeExpired, inner)...)
		return lines
	}
	code := classroom.FormatCode(ref.Code())
	add(wrap(fmt.Sprintf(a.t.ExpCodeIntro, th.selected.Render(code)), inner)...)
	add(wrapIndent("    ", th.key.Render(a.compareCommand(ref.Code())), inner)...)
	add(wrapIndent("  ", th.dim.Render(a.t.ExpCodeIdeas), inner)...)
	add("")
	h := ref.History()
	if len(h) == 0 {
		add(wrap(th.dim.Render(a.t.ExpWaiting), inner)...)
		return lines
	}
	res := experiment.Result{Now: h[len(h)-1], N: len(h)}
	if len(h) > 1 {
		res.Prev = &h[len(h)-2]
	}
	add(wrap(th.bold.Render(a.t.ExpOwnerSeen.N(len(h), len(h))), inner)...)
	add("")
	return append(lines, a.comparisonLines(res, ref.Code(), inner)...)
}

// comparisonLines shows one comparison: the verdict (and the one before), then item by
// item which kinds of facts match and how strong each is, then a fix for each link and
// the command to check it. It shows no value of the other connection: only kinds, and the
// shared key, which this connection sent too.
func (a *App) comparisonLines(res experiment.Result, code string, inner int) []string {
	th := a.theme
	t := a.t
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	now := res.Now

	add(wrap(th.bold.Render(a.verdict(now)), inner)...)
	if res.Prev != nil {
		add(wrapIndent("  ", th.dim.Render(t.ExpVerdictBefore+" "+a.verdict(*res.Prev)), inner)...)
	}
	if now.SameConn {
		add(wrapIndent("  ", t.ExpSameConn, inner)...)
	}
	add(wrap(th.dim.Render(t.ExpHonest), inner)...)
	add("")

	for _, k := range experiment.Kinds() {
		label := a.kindLabel(k) + " (" + a.strengthText(experiment.StrengthOf(k)) + ")"
		add(wrap(th.bold.Render(label), inner)...)
		state := th.dim.Render(t.ExpDifferent)
		switch {
		case now.Match[k]:
			state = th.wrong.Render(t.ExpSame)
		case now.Neither[k]:
			state = th.dim.Render(t.ExpNeither)
		}
		if p := res.Prev; p != nil {
			before := t.ExpDifferent
			switch {
			case p.Match[k]:
				before = t.ExpSame
			case p.Neither[k]:
				before = t.ExpNeither
			}
			state += th.g.sep + th.dim.Render(fmt.Sprintf(t.ExpBefore, before))
			if p.Match[k] && !now.Match[k] {
				gone := t.ExpGone
				if !th.plain {
					gone = th.g.right + " " + gone
				}
				state += th.g.sep + th.right.Render(gone)
			}
		}
		add(wrapIndent("  ", state, inner)...)
	}
	add("")
	if now.Match[experiment.Key] {
		add(wrap(th.dim.Render(t.ExpWhyKey), inner)...)
	}
	if now.Match[experiment.Address] {
		add(wrap(th.dim.Render(t.ExpWhyAddr), inner)...)
	}
	if now.WeakMatches() > 0 {
		add(wrap(th.dim.Render(t.ExpWhyWeak), inner)...)
	}
	if fixes := a.fixes(now, code); len(fixes) > 0 {
		add("")
		add(wrap(th.bold.Render(t.ExpFixTitle), inner)...)
		for _, f := range fixes {
			add(wrapIndent(th.g.neutral+" ", f.Text, inner)...)
			if f.Command != "" {
				add(wrapIndent("    ", th.key.Render(f.Command), inner)...)
			}
		}
	}
	add("")
	add(wrap(t.ExpTryAgain, inner)...)
	add(wrapIndent("    ", th.key.Render(a.compareCommand(code)), inner)...)
	return lines
}

// verdict is the comparison in one plain sentence.
func (a *App) verdict(c experiment.Comparison) string {
	t := a.t
	weak, of := c.WeakMatches(), experiment.WeakKinds()
	addr := c.Match[experiment.Address]
	switch {
	case c.Match[experiment.Key] && a.sentKey(c.SharedKey):
		return fmt.Sprintf(t.ExpVerdictKey, mirror.Clean(c.SharedKey.Fingerprint, mirror.MaxValueLen))
	case c.Match[experiment.Key]:
		// A compare before this one shared a key this connection did not send: the key
		// is not this screen's to show (the code may have been read over a shoulder).
		return t.ExpVerdictKeyHidden
	case addr && weak >= experiment.FingerprintAt:
		return fmt.Sprintf(t.ExpVerdictAddrPrint, weak, of)
	case addr && weak > 0:
		return t.ExpVerdictAddrWeak.N(weak, weak, of)
	case addr:
		return t.ExpVerdictAddrOnly
	case weak >= experiment.FingerprintAt:
		return fmt.Sprintf(t.ExpVerdictPrint, weak, of)
	case weak > 0:
		return t.ExpVerdictWeak.N(weak, weak, of)
	}
	return t.ExpVerdictNone
}

// sentKey reports whether this connection offered k itself.
func (a *App) sentKey(k mirror.Key) bool {
	if a.mirror.conn == nil {
		return false
	}
	for _, own := range a.mirror.conn.Keys {
		if own.Fingerprint == k.Fingerprint {
			return true
		}
	}
	return false
}

func (a *App) kindLabel(k experiment.Kind) string {
	t := a.t
	return [...]string{t.ExpItemKey, t.ExpItemKeySet, t.ExpItemAddr, t.ExpItemUser, t.ExpItemClient,
		t.ExpItemTerm, t.ExpItemLang, t.ExpItemEnv, t.ExpItemWindow}[k]
}

func (a *App) strengthText(s experiment.Strength) string {
	switch s {
	case experiment.Certain:
		return a.t.ExpCertain
	case experiment.Strong:
		return a.t.ExpStrong
	}
	return a.t.ExpWeak
}

// fixes are the concrete changes for the links found, each as a command for this server
// that runs compare again: the mirror's advice, checked. Names of variables come from this
// connection's own environment.
func (a *App) fixes(c experiment.Comparison, code string) []mirror.Tip {
	t := a.t
	connect := a.mirror.connect
	cmd := "compare " + classroom.FormatCode(code)
	own := a.mirror.conn
	if own == nil {
		own = &mirror.Facts{}
	}
	var tips []mirror.Tip
	if c.Match[experiment.Key] || c.Match[experiment.KeySet] {
		tips = append(tips,
			mirror.Tip{Text: t.MirrorTipNoKeys, Command: mirror.Command(connect, nil, []string{"-t", "-o", "PubkeyAuthentication=no"}, "", cmd)},
			mirror.Tip{Text: t.MirrorTipKeys})
	}
	if c.Match[experiment.Address] {
		tips = append(tips, mirror.Tip{Text: t.ExpFixAddr, Command: "torsocks " + mirror.Command(connect, nil, []string{"-t"}, "", cmd)})
	}
	if c.Match[experiment.User] && own.User != "anyone" {
		tips = append(tips, mirror.Tip{Text: t.MirrorTipUser, Command: mirror.Command(connect, nil, []string{"-t"}, "anyone", cmd)})
	}
	if c.Match[experiment.Lang] {
		if names := envNames(own, true); len(names) > 0 {
			tips = append(tips, mirror.Tip{Text: t.MirrorTipLang, Command: mirror.Command(connect, names, []string{"-t"}, "", cmd)})
		}
	}
	if c.Match[experiment.Env] {
		if names := envNames(own, false); len(names) > 0 {
			tips = append(tips, mirror.Tip{Text: t.ExpFixEnv, Command: mirror.Command(connect, names, []string{"-t"}, "", cmd)})
		}
	}
	if c.Match[experiment.Client] {
		tips = append(tips, mirror.Tip{Text: t.ExpFixClient})
	}
	if c.Match[experiment.Term] {
		tips = append(tips, mirror.Tip{Text: t.ExpFixTerm})
	}
	if c.Match[experiment.Window] {
		tips = append(tips, mirror.Tip{Text: t.ExpFixWindow})
	}
	return tips
}

// envNames are the names of this connection's sent variables, language ones or the
// others, as safe shell words (env -u NAME), at most six.
func envNames(f *mirror.Facts, locale bool) []string {
	var names []string
	seen := map[string]bool{}
	for _, kv := range f.Env {
		k, _, _ := strings.Cut(kv, "=")
		if experiment.IsLocale(k) != locale || seen[k] || !shellWord(k) {
			continue
		}
		seen[k] = true
		names = append(names, k)
		if len(names) == 6 {
			break
		}
	}
	return names
}

func shellWord(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// compareModel shows the result of a compare on the second connection.
type compareModel struct {
	res  experiment.Result
	code string
	pg   textPage
}

func (m *compareModel) keys(a *App) keyMap { return m.keymap(a) }

func (m *compareModel) keymap(a *App) pageKeys { return a.theme.keys.entry.compare.forPage(&m.pg) }

func (m *compareModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	km := m.keymap(a)
	switch {
	case km.scroll.move(a, &m.pg.off, k):
	case matches(k, km.Back):
		a.showWelcome()
	}
	return nil
}

func (m *compareModel) view(a *App) string {
	inner := a.contentWidth()
	body := append([]string{""}, a.comparisonLines(m.res, m.code, inner)...)
	return m.pg.render(a, page{title: a.t.ExpTitle, body: body, focusTop: -1},
		func() []binding { return m.keymap(a).ShortHelp() })
}

// compareEntryModel is the field where the second connection types the code.
type compareEntryModel struct{ codeEntry }

func (a *App) showCompareEntry() {
	a.exp.entry = compareEntryModel{newCodeEntry()}
	a.show(&a.exp.entry)
}

func (m *compareEntryModel) keys(a *App) keyMap { return m.keymap(a) }

func (m *compareEntryModel) keymap(a *App) fieldKeys {
	return a.theme.keys.entry.compareEntry.forPage(&m.pg)
}

func (m *compareEntryModel) update(a *App, k tea.KeyPressMsg) tea.Cmd {
	// runCompare shows a fresh entry on a refused code: clearing the error first changes nothing.
	m.handle(a, m.keymap(a), k, a.t.ExpErrFormat, a.runCompare)
	return nil
}

func (m *compareEntryModel) view(a *App) string {
	cw := a.contentWidth()
	th := a.theme
	body := []string{""}
	whoami := mirror.Command(a.mirror.connect, nil, []string{"-t"}, "", "whoami")
	body = append(body, wrap(fmt.Sprintf(a.t.ExpEnterPrompt, whoami), cw)...)
	body = append(body, "")
	body = append(body, "  "+a.t.ExpCodeLabel+" "+th.selected.Render(m.field()), "")
	if m.err != "" { // right below the field: a short window shows it first
		body = append(body, wrapIndent(th.wrong.Render(th.g.wrong)+" ", m.err, cw)...)
		body = append(body, "")
	}
	body = append(body, wrap(th.dim.Render(a.t.ExpHonest), cw)...)
	return m.pg.render(a, page{title: a.t.ExpEnterTitle, body: body, focusTop: -1},
		func() []binding { return m.keymap(a).ShortHelp() })
}

// CompareReport is `compare CODE` without a terminal (ssh HOST compare CODE): the same
// comparison as the compare screen, as plain text for a screen reader or a script. The
// reference session sees it as it sees any compare. ok is false when the code was
// refused; the text then says why.
func CompareReport(sh *Shared, o Options) (text string, ok bool) {
	a := New(sh, Options{Lang: o.Lang, Plain: true, Width: 80, Height: 24, Conn: o.Conn, Connect: o.Connect})
	if sh.Experiments == nil {
		return a.t.ExpUnavailable, false
	}
	f := mirror.Facts{}
	if o.Conn != nil {
		f = *o.Conn // no window: a connection without a terminal sent none
	}
	code := o.Experiment.Code
	res, err := sh.Experiments.Compare(o.Experiment.Source, code, f)
	if err != nil {
		return a.expErrText(err), false
	}
	norm, _ := classroom.NormalizeCode(code, experiment.CodeLen)
	lines := append([]string{a.t.ExpTitle, ""}, a.comparisonLines(res, norm, 76)...)
	return strings.Join(lines, "\n") + "\n", true
}
