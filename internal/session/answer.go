package session

import (
	tea "charm.land/bubbletea/v2"

	"tutord/internal/lessons"
)

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

// key applies a key to question q: km is the question's keys (its kind's keymap). It
// returns the answer when the key gives one, and incomplete when the learner submitted an
// answer with a part left out (the cursor is then on that part).
func (in *answerInput) key(q *lessons.Question, km *answerKeys, k tea.KeyPressMsg) (ans *lessons.Answer, incomplete bool) {
	return viewOf(q).key(in, q, km, k)
}

// move moves the cursor over n lines (options or cases) and reports whether k did.
func (in *answerInput) move(km *answerKeys, k tea.KeyPressMsg, n int) bool {
	switch {
	case matches(k, km.Up):
		in.sel = (in.sel - 1 + n) % n
	case matches(k, km.Down):
		in.sel = (in.sel + 1) % n
	default:
		return false
	}
	return true
}

// chooseKey picks one option.
func (in *answerInput) chooseKey(q *lessons.Question, km *answerKeys, k tea.KeyPressMsg) *lessons.Answer {
	n := len(q.Options)
	switch {
	case n == 0, in.move(km, k, n):
	case matches(k, km.Choose):
		return &lessons.Answer{Choice: in.sel}
	case matches(k, km.Digit):
		in.sel = digitOf(k)
		return &lessons.Answer{Choice: in.sel}
	}
	return nil
}

func (in *answerInput) classifyKey(q *lessons.Question, km *answerKeys, k tea.KeyPressMsg) (*lessons.Answer, bool) {
	n, nb := len(q.Scenarios), len(q.Bins)
	if len(in.bins) != n || n == 0 || nb == 0 {
		return nil, false
	}
	switch {
	case in.move(km, k, n):
	case matches(k, km.SortNext):
		in.bins[in.sel] = (in.bins[in.sel] + 1) % nb
	case matches(k, km.SortPrev):
		if in.bins[in.sel] <= 0 {
			in.bins[in.sel] = nb - 1
		} else {
			in.bins[in.sel]--
		}
	case matches(k, km.Submit):
		for i, b := range in.bins {
			if b < 0 {
				in.sel = i
				return nil, true
			}
		}
		return &lessons.Answer{Bins: append([]int(nil), in.bins...)}, false
	case matches(k, km.Digit):
		in.bins[in.sel] = digitOf(k)
		// Move on to the next unsorted case, so sorting is one key per case.
		for j := 1; j <= n; j++ {
			if next := (in.sel + j) % n; in.bins[next] < 0 {
				in.sel = next
				break
			}
		}
	}
	return nil, false
}

// checkKey ticks options; enter submits the ticks, unless none is ticked.
func (in *answerInput) checkKey(q *lessons.Question, km *answerKeys, k tea.KeyPressMsg) (*lessons.Answer, bool) {
	n := len(q.Options)
	if len(in.picks) != n || n == 0 {
		return nil, false
	}
	switch {
	case in.move(km, k, n):
	case matches(k, km.Tick):
		in.picks[in.sel] = !in.picks[in.sel]
	case matches(k, km.Submit):
		for _, p := range in.picks {
			if p {
				return &lessons.Answer{Picks: append([]bool(nil), in.picks...)}, false
			}
		}
		return nil, true
	case matches(k, km.Digit):
		d := digitOf(k)
		in.sel = d
		in.picks[d] = !in.picks[d]
	}
	return nil, false
}

// digitOf is a number key 1..9 (a Digit binding's) as 0..8.
func digitOf(k tea.KeyPressMsg) int { return int(k.Code - '1') }

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
