package session

import (
	"fmt"

	"tutord/internal/anonset"
	"tutord/internal/classroom"
)

// The class view: what the room's SSH clients told this server, as groups over the
// students present, on the teacher's (projected) screen and on every student's. The counts
// are made when a screen draws the view (anonset.ClassOf) and kept nowhere.

// anonK is the k rule of this server: the registry's, or the default without one.
func (a *App) anonK() int {
	if k := a.mirror.anon.K(); k > 0 {
		return k
	}
	return anonset.DefaultK
}

// classClientsLines draws the view. mine, for a student, adds which group they are in:
// drawn on their own screen only.
func (a *App) classClientsLines(c anonset.Class, mine *anonset.Facts) []string {
	th, t := a.theme, a.t
	cw := a.contentWidth()
	k := a.anonK()
	var body []string
	body = append(body, wrap(fmt.Sprintf(t.ClassClientsIntro, a.anonCount(c.Total)), cw)...)
	total, ok := c.Total.Count()
	if !ok {
		body = append(body, "")
		body = append(body, wrap(fmt.Sprintf(t.ClassClientsTooFew, k), cw)...)
	}
	bw := a.barWidth()
	for _, d := range anonset.Dims() {
		if !ok {
			break
		}
		s := c.Of(d)
		body = append(body, "", th.bold.Render(a.clientsDimName(d)))
		if len(s.Groups) == 0 {
			body = append(body, wrapIndent("  ", th.dim.Render(t.ClassClientsHidden), cw)...)
			continue
		}
		for _, g := range s.Groups {
			n, _ := g.Size.Count()
			body = append(body, wrapIndent("  ", a.clientsValue(d, g.Value), cw)...)
			body = append(body, "    "+a.countBar(n, total, bw))
		}
		if !s.Other.Zero() {
			body = append(body, wrapIndent("  ", t.ClassClientsOther, cw)...)
			if n, ok := s.Other.Count(); ok {
				body = append(body, "    "+a.countBar(n, total, bw))
			} else {
				body = append(body, "    "+fmt.Sprintf(t.AnonFewer, k))
			}
		}
	}
	if mine != nil && ok {
		body = append(body, "", th.bold.Render(t.ClassClientsYou))
		for _, d := range anonset.Dims() {
			v := t.ClassClientsOther
			if i := c.Of(d).Find(anonset.Value(d, *mine)); i >= 0 {
				v = a.clientsValue(d, c.Of(d).Groups[i].Value)
			}
			body = append(body, wrapIndent("  ", a.clientsDimName(d)+a.t.Colon+th.selected.Render(v), cw)...)
		}
	}
	body = append(body, "")
	body = append(body, wrap(th.dim.Render(t.ClassClientsWhy), cw)...)
	body = append(body, wrap(th.dim.Render(fmt.Sprintf(t.ClassClientsKRule, k)), cw)...)
	return body
}

func (a *App) clientsDimName(d anonset.Dim) string {
	t := a.t
	switch d {
	case anonset.DimKeys:
		return t.ClassClientsKeys
	case anonset.DimAgent:
		return t.ClassClientsAgent
	case anonset.DimLang:
		return t.ClassClientsLang
	case anonset.DimClient:
		return t.ClassClientsClient
	default:
		return t.ClassClientsWindow
	}
}

// clientsValue names a group: the fixed ones in the session's language, the others as
// sent (anonset cleaned them).
func (a *App) clientsValue(d anonset.Dim, v string) string {
	t := a.t
	switch {
	case d == anonset.DimKeys && v == anonset.NoKeys:
		return t.ClassClientsNoKey
	case d == anonset.DimKeys && v == anonset.OneKey:
		return t.ClassClientsOneKey
	case d == anonset.DimKeys:
		return t.ClassClientsMany
	case d == anonset.DimAgent && v == anonset.AgentYes:
		return t.ClassClientsYes
	case d == anonset.DimAgent:
		return t.ClassClientsNo
	case d == anonset.DimLang && v == anonset.NoLang:
		return t.ClassClientsNoLang
	}
	return v
}

// clientsView is the teacher's screen while the class view is on.
func (m *teacherModel) clientsView(a *App) string {
	body := append([]string{""}, a.classClientsLines(m.clients, nil)...)
	return m.render(a, page{
		title: m.title(a, a.t.ClassClientsTitle), right: m.joined(a), body: body, focusTop: -1,
		status: m.status(a),
	})
}

// clientsView is a student's screen while the class view is on.
func (m *studentModel) clientsView(a *App) string {
	body := append([]string{""}, a.classClientsLines(m.clients, &m.mine)...)
	return m.render(a, page{
		title: a.t.ClassClientsTitle, right: m.name(a), body: body, focusTop: -1,
		status: m.status(a, ""),
	})
}

// syncClients reads the class view when it is on; nothing is counted when it is off.
func (m *teacherModel) syncClients(a *App, t *classroom.Teacher) {
	m.clients = anonset.Class{}
	if m.v.Clients {
		m.clients = t.Clients(a.anonK())
	}
}

func (m *studentModel) syncClients(a *App, mem *classroom.Member) {
	m.clients, m.mine = anonset.Class{}, anonset.Facts{}
	if m.v.Clients {
		m.clients, m.mine = mem.Clients(a.anonK())
	}
}
