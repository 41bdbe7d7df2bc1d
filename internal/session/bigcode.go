package session

import "strings"

// bigFont draws the characters of room codes five rows high, to be read from the back of
// a classroom. '#' is ink.
var bigFont = map[rune][5]string{
	'A': {".###.", "#...#", "#####", "#...#", "#...#"},
	'C': {".####", "#....", "#....", "#....", ".####"},
	'D': {"####.", "#...#", "#...#", "#...#", "####."},
	'E': {"#####", "#....", "####.", "#....", "#####"},
	'F': {"#####", "#....", "####.", "#....", "#...."},
	'G': {".####", "#....", "#..##", "#...#", ".###."},
	'H': {"#...#", "#...#", "#####", "#...#", "#...#"},
	'J': {"..###", "...#.", "...#.", "#..#.", ".##.."},
	'K': {"#...#", "#..#.", "###..", "#..#.", "#...#"},
	'M': {"#...#", "##.##", "#.#.#", "#...#", "#...#"},
	'N': {"#...#", "##..#", "#.#.#", "#..##", "#...#"},
	'P': {"####.", "#...#", "####.", "#....", "#...."},
	'Q': {".###.", "#...#", "#.#.#", "#..#.", ".##.#"},
	'R': {"####.", "#...#", "####.", "#..#.", "#...#"},
	'T': {"#####", "..#..", "..#..", "..#..", "..#.."},
	'U': {"#...#", "#...#", "#...#", "#...#", ".###."},
	'V': {"#...#", "#...#", "#...#", ".#.#.", "..#.."},
	'W': {"#...#", "#...#", "#.#.#", "##.##", "#...#"},
	'X': {"#...#", ".#.#.", "..#..", ".#.#.", "#...#"},
	'Y': {"#...#", ".#.#.", "..#..", "..#..", "..#.."},
	'3': {"####.", "....#", ".###.", "....#", "####."},
	'4': {"#...#", "#...#", "#####", "....#", "....#"},
	'7': {"#####", "....#", "...#.", "..#..", "..#.."},
	'9': {".###.", "#...#", ".####", "....#", ".###."},
}

// bigCodeWidth is the width of a six-character code in big type: two groups of three.
const bigCodeWidth = 6*5 + 4*1 + 3

// bigCode renders code in big type with ink, or returns nil when a character has no glyph
// or the code is not six characters (the code is always also shown as plain text).
func bigCode(code, ink string) []string {
	r := []rune(code)
	if len(r) != 6 {
		return nil
	}
	rows := make([]string, 5)
	for row := range rows {
		var b strings.Builder
		for i, c := range r {
			g, ok := bigFont[c]
			if !ok {
				return nil
			}
			switch i {
			case 0:
			case 3:
				b.WriteString("   ")
			default:
				b.WriteString(" ")
			}
			for _, px := range g[row] {
				if px == '#' {
					b.WriteString(ink)
				} else {
					b.WriteByte(' ')
				}
			}
		}
		rows[row] = strings.TrimRight(b.String(), " ")
	}
	return rows
}
