package session

import "tutord/internal/lessons"

// answerInput is the cursor and the sorting in progress on one question. The lesson quiz
// and a classroom's question share it, so the same keys answer both.
type answerInput struct {
	sel int
	// bins is the sorting (classification), -1 for a case not sorted yet.
	bins []int
	// picks are the ticks (check all that apply).
	picks []bool
}

// reset starts question q afresh (nil: no question).
func (in *answerInput) reset(q *lessons.Question) {
	in.sel, in.bins, in.picks = 0, nil, nil
	if q != nil {
		viewOf(q).reset(in, q)
	}
}

// key applies a key to question q. It returns the answer when the key gives one, and
// incomplete when the learner submitted an answer with a part left out (the cursor is
// then on that part).
func (in *answerInput) key(q *lessons.Question, key string) (ans *lessons.Answer, incomplete bool) {
	return viewOf(q).key(in, q, key)
}

// chooseKey picks one option.
func (in *answerInput) chooseKey(q *lessons.Question, key string) *lessons.Answer {
	n := len(q.Options)
	switch key {
	case "up", "k", "shift+tab":
		in.sel = (in.sel - 1 + n) % n
	case "down", "j", "tab":
		in.sel = (in.sel + 1) % n
	case "enter", "space":
		return &lessons.Answer{Choice: in.sel}
	default:
		if d, ok := digit(key, n); ok {
			in.sel = d
			return &lessons.Answer{Choice: in.sel}
		}
	}
	return nil
}

func (in *answerInput) classifyKey(q *lessons.Question, key string) (*lessons.Answer, bool) {
	n, nb := len(q.Scenarios), len(q.Bins)
	if len(in.bins) != n || n == 0 || nb == 0 {
		return nil, false
	}
	switch key {
	case "up", "k", "shift+tab":
		in.sel = (in.sel - 1 + n) % n
	case "down", "j", "tab":
		in.sel = (in.sel + 1) % n
	case "right", "l":
		in.bins[in.sel] = (in.bins[in.sel] + 1) % nb
	case "left", "h":
		if in.bins[in.sel] <= 0 {
			in.bins[in.sel] = nb - 1
		} else {
			in.bins[in.sel]--
		}
	case "enter", "space":
		for i, b := range in.bins {
			if b < 0 {
				in.sel = i
				return nil, true
			}
		}
		return &lessons.Answer{Bins: append([]int(nil), in.bins...)}, false
	default:
		if d, ok := digit(key, nb); ok {
			in.bins[in.sel] = d
			// Move on to the next unsorted case, so sorting is one key per case.
			for j := 1; j <= n; j++ {
				if next := (in.sel + j) % n; in.bins[next] < 0 {
					in.sel = next
					break
				}
			}
		}
	}
	return nil, false
}

// checkKey ticks options; enter submits the ticks, unless none is ticked.
func (in *answerInput) checkKey(q *lessons.Question, key string) (*lessons.Answer, bool) {
	n := len(q.Options)
	if len(in.picks) != n || n == 0 {
		return nil, false
	}
	switch key {
	case "up", "k", "shift+tab":
		in.sel = (in.sel - 1 + n) % n
	case "down", "j", "tab":
		in.sel = (in.sel + 1) % n
	case "space", "x":
		in.picks[in.sel] = !in.picks[in.sel]
	case "enter":
		for _, p := range in.picks {
			if p {
				return &lessons.Answer{Picks: append([]bool(nil), in.picks...)}, false
			}
		}
		return nil, true
	default:
		if d, ok := digit(key, n); ok {
			in.sel = d
			in.picks[d] = !in.picks[d]
		}
	}
	return nil, false
}

// digit reads a key 1..n as 0..n-1.
func digit(key string, n int) (int, bool) {
	if len(key) == 1 && key[0] >= '1' && int(key[0]-'1') < n {
		return int(key[0] - '1'), true
	}
	return 0, false
}

// questionHead is the top of a question on screen, in the lesson quiz and in a class: its
// kind, the prompt and what the kind shows under it (e.g. the bins of a sorting).
func (a *App) questionHead(q *lessons.Question, answering bool) []string {
	v := viewOf(q)
	var body []string
	if l := v.label(a); l != "" {
		body = append(body, a.theme.bold.Render(l))
	}
	body = append(body, wrap(q.Prompt, a.contentWidth())...)
	body = append(body, "")
	return append(body, v.headExtra(a, q, answering)...)
}
