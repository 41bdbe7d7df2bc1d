package classroom

import (
	"math/rand/v2"
	"strconv"

	"tutord/internal/i18n"
)

// Pseudonym is a student's name for one class: an adjective and an animal, drawn at
// random when joining. It is made for this class only, linked to nothing outside it, and
// gone with the room. Within the class it links all of one student's answers (and the
// leaderboard), so in Pfitzmann & Hansen's terms it is a per-session, role-relationship-like
// pseudonym, not a transaction pseudonym (lesson 2 uses it as the example). It is stored as
// word numbers, so every session shows it
// in its own language ("Brave Otter", "Mutiger Otter", "Loutre courageuse").
type Pseudonym struct {
	Adj    uint8 `json:"adj"`
	Animal uint8 `json:"animal"`
	// N tells apart students once every pair is taken (rooms larger than the word lists).
	N uint16 `json:"n,omitempty"`
}

// Name is the pseudonym in a language: its words and grammar come from the language's
// catalog ([Pseudonym] in LANG.toml).
func (p Pseudonym) Name(words i18n.Pseudonyms) string {
	s := words.Name(int(p.Adj), int(p.Animal))
	if p.N > 0 {
		s += " " + strconv.Itoa(int(p.N)+1)
	}
	return s
}

// The word lists have these lengths in every language (the catalog check holds them equal
// to English, and a test holds English to these).
const (
	nAdjectives = 32
	nAnimals    = 40
)

// pairs is the number of distinct pseudonyms without a number.
const pairs = nAdjectives * nAnimals

// newPseudonym draws a pseudonym not in used, at random while most are free.
func newPseudonym(used map[Pseudonym]bool, rnd func(int) int) Pseudonym {
	for range 16 {
		p := Pseudonym{Adj: uint8(rnd(nAdjectives)), Animal: uint8(rnd(nAnimals))}
		if !used[p] {
			return p
		}
	}
	// A crowded room: walk the pairs from a random start, then add numbers.
	start := rnd(pairs)
	for n := uint16(0); ; n++ {
		for i := range pairs {
			k := (start + i) % pairs
			p := Pseudonym{Adj: uint8(k / nAnimals), Animal: uint8(k % nAnimals), N: n}
			if !used[p] {
				return p
			}
		}
	}
}

func randIntN(n int) int { return rand.IntN(n) }
