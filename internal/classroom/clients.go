package classroom

import "tutord/internal/anonset"

// The class view: what the room's SSH clients told the server, as groups over the
// students present (internal/anonset). The room keeps no counts: a view asks, and they are
// made from the students' live entries under the room's lock, then dropped.

// SetClient links the student to their session's weak facts, for the class view. The
// entry belongs to the session (it goes when the session ends); the room only reads it.
func (m *Member) SetClient(c *anonset.Member) {
	r := m.room
	r.mu.Lock()
	defer r.mu.Unlock()
	m.client = c
}

// ShowClients puts the class view on every screen in the room, or takes it off. It does
// not count as a step: a student's half-given answer stays as it was.
func (t *Teacher) ShowClients(on bool) error {
	return t.set(func(r *Room) bool {
		if r.clients == on {
			return false
		}
		r.clients = on
		return true
	})
}

// Clients is the class view now, with the k rule k; the zero Class when the view is off.
func (t *Teacher) Clients(k int) anonset.Class { return t.room.clientsNow(k) }

// Clients is the class view now, as every student sees it; the zero Class when the view
// is off. Mine tells this student which group they are in, on their own screen only.
func (m *Member) Clients(k int) (c anonset.Class, mine anonset.Facts) {
	c = m.room.clientsNow(k)
	m.room.mu.Lock()
	cl := m.client
	m.room.mu.Unlock()
	return c, cl.Facts()
}

func (r *Room) clientsNow(k int) anonset.Class {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.clients || r.ended != NotEnded {
		return anonset.Class{}
	}
	facts := make([]anonset.Facts, 0, len(r.students))
	for m := range r.students {
		facts = append(facts, m.client.Facts())
	}
	return anonset.ClassOf(k, facts)
}
