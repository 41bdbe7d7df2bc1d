package session

import (
	"fmt"
	"strconv"

	"tutord/internal/anonset"
)

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
	k := m.K()
	sets := m.Sets()
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add(wrap(th.bold.Render(t.AnonTitle), inner)...)
	add(wrap(th.dim.Render(t.AnonIntro), inner)...)
	add(wrap(fmt.Sprintf(t.AnonTotal, a.anonCount(sets.Total)), inner)...)
	if _, ok := sets.Total.Count(); !ok {
		add(wrapIndent("  ", fmt.Sprintf(t.AnonTooFew, k), inner)...)
	} else {
		total := a.anonCount(sets.Total)
		for _, row := range []struct {
			label string
			share anonset.Share
		}{
			{t.AnonClient, sets.Client}, {t.AnonTerm, sets.Term}, {t.AnonWindow, sets.Window},
			{t.AnonLang, sets.Lang}, {t.AnonAllFour, sets.All},
		} {
			add(wrapIndent("  ", row.label+": "+th.selected.Render(a.anonShare(row.share, total)), inner)...)
		}
		if n, ok := sets.All.Same.Count(); ok {
			add(wrap(fmt.Sprintf(t.AnonHidden, strconv.Itoa(n)), inner)...)
		} else {
			add(wrap(fmt.Sprintf(t.AnonUnique, k), inner)...)
		}
	}
	add("")
	add(wrap(th.dim.Render(t.AnonWhy), inner)...)
	add(wrap(th.dim.Render(fmt.Sprintf(t.AnonKRule, k)), inner)...)
	add(wrap(th.key.Render(t.AnonRecount), inner)...)
	return append(lines, "")
}

// anonCount is a count as shown: the number, or "fewer than k".
func (a *App) anonCount(s anonset.Size) string {
	if n, ok := s.Count(); ok {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf(a.t.AnonFewer, s.K())
}

// anonShare is "12 of 30", "all 30", "all but fewer than 5 of 30" or "fewer than 5 of
// 30": the sessions that differ are a group too, so a small one is not shown either.
func (a *App) anonShare(s anonset.Share, total string) string {
	same, ok := s.Same.Count()
	switch {
	case !ok:
		return fmt.Sprintf(a.t.AnonOf, a.anonCount(s.Same), total)
	case s.Rest.Zero():
		return fmt.Sprintf(a.t.AnonAll, total)
	}
	if _, ok := s.Rest.Count(); !ok {
		return fmt.Sprintf(a.t.AnonAllBut, s.Rest.K(), total)
	}
	return fmt.Sprintf(a.t.AnonOf, strconv.Itoa(same), total)
}
