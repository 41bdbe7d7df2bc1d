package session

import (
	"fmt"
	"strconv"
	"strings"

	"tutord/internal/anonset"
	"tutord/internal/i18n"
)

// anonRow is one line of "how many look like you?": a label and its count as shown.
type anonRow struct{ label, value string }

// anonRows counts, now, the sessions that share m's facts, and words the counts under
// the k rule. ok is false when too few sessions are connected to compare anything.
func anonRows(t *i18n.Text, m *anonset.Member) (total string, rows []anonRow, verdict string, ok bool) {
	k := m.K()
	sets := m.Sets()
	total = anonCount(t, sets.Total)
	if _, ok := sets.Total.Count(); !ok {
		return total, nil, fmt.Sprintf(t.AnonTooFew, k), false
	}
	for _, r := range []struct {
		label string
		share anonset.Share
	}{
		{t.AnonClient, sets.Client}, {t.AnonTerm, sets.Term}, {t.AnonWindow, sets.Window},
		{t.AnonLang, sets.Lang}, {t.AnonAllFour, sets.All},
	} {
		rows = append(rows, anonRow{r.label, anonShare(t, r.share, total)})
	}
	if n, ok := sets.All.Same.Count(); ok {
		verdict = fmt.Sprintf(t.AnonHidden, strconv.Itoa(n))
	} else {
		verdict = fmt.Sprintf(t.AnonUnique, k)
	}
	return total, rows, verdict, true
}

// anonPanel is "how many look like you?": of the sessions connected now, how many share
// this session's client version, TERM, window size and LANG. The counts are made here,
// when the panel is drawn, and kept nowhere but in the lines drawn; a group below k reads
// "fewer than k" (the anonset.Size type gives no smaller number).
func (a *App) anonPanel(inner int) []string {
	m := a.mirror.anon
	if m == nil {
		return nil
	}
	th, t := a.theme, a.t
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add(wrap(th.bold.Render(t.AnonTitle), inner)...)
	add(wrap(th.dim.Render(t.AnonIntro), inner)...)
	total, rows, verdict, ok := anonRows(t, m)
	add(wrap(fmt.Sprintf(t.AnonTotal, total), inner)...)
	if !ok {
		add(wrapIndent("  ", verdict, inner)...)
	} else {
		for _, r := range rows {
			add(wrapIndent("  ", r.label+a.t.Colon+th.selected.Render(r.value), inner)...)
		}
		add(wrap(verdict, inner)...)
	}
	add("")
	add(wrap(th.dim.Render(t.AnonWhy), inner)...)
	add(wrap(th.dim.Render(fmt.Sprintf(t.AnonKRule, m.K())), inner)...)
	add(wrap(th.key.Render(t.AnonRecount), inner)...)
	return append(lines, "")
}

// AnonReport is the panel as plain text, for `ssh HOST whoami` without a terminal (scripts
// and screen readers). Lines end in "\n"; nil m gives "".
func AnonReport(t *i18n.Text, m *anonset.Member) string {
	if m == nil {
		return ""
	}
	var b strings.Builder
	line := func(indent, s string) {
		for _, l := range wrap(s, 76-len(indent)) {
			b.WriteString(indent + l + "\n")
		}
	}
	line("", t.AnonTitle+":")
	line("  ", t.AnonIntro)
	total, rows, verdict, ok := anonRows(t, m)
	line("  ", fmt.Sprintf(t.AnonTotal, total))
	for _, r := range rows {
		line("    ", r.label+t.Colon+r.value)
	}
	if ok {
		line("  ", verdict)
	} else {
		line("    ", verdict)
	}
	line("  ", t.AnonWhy)
	line("  ", fmt.Sprintf(t.AnonKRule, m.K()))
	return b.String()
}

// anonCount is a count as shown: the number, or "fewer than k".
func anonCount(t *i18n.Text, s anonset.Size) string {
	if n, ok := s.Count(); ok {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf(t.AnonFewer, s.K())
}

// anonCount is a count as shown in this session's language.
func (a *App) anonCount(s anonset.Size) string { return anonCount(a.t, s) }

// anonShare is "12 of 30", "all 30", "all but fewer than 5 of 30" or "fewer than 5 of
// 30": the sessions that differ are a group too, so a small one is not shown either.
func anonShare(t *i18n.Text, s anonset.Share, total string) string {
	same, ok := s.Same.Count()
	switch {
	case !ok:
		return fmt.Sprintf(t.AnonOf, anonCount(t, s.Same), total)
	case s.Rest.Zero():
		return fmt.Sprintf(t.AnonAll, total)
	}
	if _, ok := s.Rest.Count(); !ok {
		return fmt.Sprintf(t.AnonAllBut, s.Rest.K(), total)
	}
	return fmt.Sprintf(t.AnonOf, strconv.Itoa(same), total)
}
