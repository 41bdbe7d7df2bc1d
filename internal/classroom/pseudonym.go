package classroom

import (
	"math/rand/v2"
	"strconv"
)

// Pseudonym is a student's name for one class: an adjective and an animal, drawn at
// random when joining. It is a transaction pseudonym: made for this class only, linked to
// nothing, and gone with the room. It is stored as word numbers, so every session shows it
// in its own language ("Brave Otter", "Mutiger Otter").
type Pseudonym struct {
	Adj, Animal uint8
	// N tells apart students once every pair is taken (rooms larger than the word lists).
	N uint16
}

// Name is the pseudonym in a language ("en" or "de"; others get English).
func (p Pseudonym) Name(lang string) string {
	a, n := int(p.Adj)%len(adjectives), int(p.Animal)%len(animals)
	var s string
	if lang == "de" {
		// Strong declension without an article: -er, -e, -es by the animal's gender.
		s = adjectives[a].de + germanEnding[animals[n].gender] + " " + animals[n].de
	} else {
		s = adjectives[a].en + " " + animals[n].en
	}
	if p.N > 0 {
		s += " " + strconv.Itoa(int(p.N)+1)
	}
	return s
}

// pairs is the number of distinct pseudonyms without a number.
const pairs = 32 * 40

// newPseudonym draws a pseudonym not in used, at random while most are free.
func newPseudonym(used map[Pseudonym]bool, rnd func(int) int) Pseudonym {
	for range 16 {
		p := Pseudonym{Adj: uint8(rnd(len(adjectives))), Animal: uint8(rnd(len(animals)))}
		if !used[p] {
			return p
		}
	}
	// A crowded room: walk the pairs from a random start, then add numbers.
	start := rnd(pairs)
	for n := uint16(0); ; n++ {
		for i := range pairs {
			k := (start + i) % pairs
			p := Pseudonym{Adj: uint8(k / len(animals)), Animal: uint8(k % len(animals)), N: n}
			if !used[p] {
				return p
			}
		}
	}
}

func randIntN(n int) int { return rand.IntN(n) }

type adjective struct{ en, de string }

// adjectives pairs English words with German stems that take -er/-e/-es.
var adjectives = [32]adjective{
	{"Brave", "Mutig"}, {"Bright", "Hell"}, {"Calm", "Ruhig"}, {"Clever", "Klug"},
	{"Eager", "Eifrig"}, {"Gentle", "Sanft"}, {"Golden", "Golden"}, {"Happy", "Froh"},
	{"Jolly", "Heiter"}, {"Kind", "Freundlich"}, {"Lively", "Munter"}, {"Lucky", "Glücklich"},
	{"Merry", "Fröhlich"}, {"Nimble", "Flink"}, {"Quick", "Schnell"}, {"Quiet", "Leis"},
	{"Silver", "Silbern"}, {"Sleepy", "Schläfrig"}, {"Sunny", "Sonnig"}, {"Swift", "Rasch"},
	{"Wise", "Weis"}, {"Bold", "Kühn"}, {"Wild", "Wild"}, {"Proud", "Stolz"},
	{"Shy", "Scheu"}, {"Busy", "Fleißig"}, {"Green", "Grün"}, {"Blue", "Blau"},
	{"Red", "Rot"}, {"Curious", "Neugierig"}, {"Patient", "Geduldig"}, {"Polite", "Höflich"},
}

type gender uint8

const (
	masc gender = iota
	fem
	neut
)

var germanEnding = [...]string{masc: "er", fem: "e", neut: "es"}

type animal struct {
	en, de string
	gender gender
}

var animals = [40]animal{
	{"Otter", "Otter", masc}, {"Owl", "Eule", fem}, {"Fox", "Fuchs", masc}, {"Badger", "Dachs", masc},
	{"Beaver", "Biber", masc}, {"Heron", "Reiher", masc}, {"Hedgehog", "Igel", masc}, {"Lynx", "Luchs", masc},
	{"Marten", "Marder", masc}, {"Raven", "Rabe", masc}, {"Robin", "Rotkehlchen", neut}, {"Seal", "Robbe", fem},
	{"Swan", "Schwan", masc}, {"Tiger", "Tiger", masc}, {"Turtle", "Schildkröte", fem}, {"Whale", "Wal", masc},
	{"Wolf", "Wolf", masc}, {"Zebra", "Zebra", neut}, {"Bear", "Bär", masc}, {"Crane", "Kranich", masc},
	{"Dolphin", "Delfin", masc}, {"Falcon", "Falke", masc}, {"Gecko", "Gecko", masc}, {"Goose", "Gans", fem},
	{"Hare", "Hase", masc}, {"Koala", "Koala", masc}, {"Lark", "Lerche", fem}, {"Mole", "Maulwurf", masc},
	{"Moose", "Elch", masc}, {"Panda", "Panda", masc}, {"Penguin", "Pinguin", masc}, {"Pony", "Pony", neut},
	{"Squirrel", "Eichhörnchen", neut}, {"Deer", "Reh", neut}, {"Bee", "Biene", fem}, {"Duck", "Ente", fem},
	{"Frog", "Frosch", masc}, {"Camel", "Kamel", neut}, {"Lamb", "Lamm", neut}, {"Mouse", "Maus", fem},
}
