package resume

// Arithmetic in GF(32), the field of the code's symbols, built from the primitive
// polynomial x^5 + x^2 + 1. The check symbols make every code word a multiple of
// (x - a)(x - a^2), a Reed-Solomon code with two check symbols: any one or two wrong symbols
// among the first 31 are detected, and one wrong symbol can be located.

const (
	fieldSize = 32
	order     = fieldSize - 1 // the multiplicative order of the generator a
	primitive = 0x25          // x^5 + x^2 + 1
)

type gf struct {
	exp [2 * order]byte // exp[i] = a^i, doubled so products need no modulo
	log [fieldSize]int  // log[a^i] = i; log[0] is unused
}

func newGF() *gf {
	g := &gf{}
	x := 1
	for i := range order {
		g.exp[i] = byte(x)
		g.exp[i+order] = byte(x)
		g.log[x] = i
		x <<= 1
		if x&fieldSize != 0 {
			x ^= primitive
		}
	}
	return g
}

func (g *gf) mul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return g.exp[g.log[a]+g.log[b]]
}

func (g *gf) div(a, b byte) byte {
	if a == 0 {
		return 0
	}
	return g.exp[g.log[a]+order-g.log[b]]
}

// eval evaluates the polynomial with coefficients syms (highest power first) at x.
func (g *gf) eval(syms []byte, x byte) byte {
	var y byte
	for _, s := range syms {
		y = g.mul(y, x) ^ s
	}
	return y
}

// checkSymbols returns the two symbols that, appended to data, make the word vanish at a
// and a^2: the remainder of data·x² divided by (x - a)(x - a²).
func (g *gf) checkSymbols(data []byte) [2]byte {
	a, a2 := g.exp[1], g.exp[2]
	// (x + a)(x + a²) = x² + (a + a²)x + a³ in characteristic 2.
	g1, g0 := a^a2, g.mul(a, a2)
	var r1, r0 byte
	for _, d := range data {
		f := d ^ r1
		r1 = r0 ^ g.mul(f, g1)
		r0 = g.mul(f, g0)
	}
	return [2]byte{r1, r0}
}

// syndromes evaluate a received word at a and a²; both are zero for a valid word.
func (g *gf) syndromes(word []byte) (s1, s2 byte) {
	return g.eval(word, g.exp[1]), g.eval(word, g.exp[2])
}

// locate guesses the position of a single wrong symbol from the syndromes, or -1. For one
// error e at power p: s1 = e·a^p and s2 = e·a^2p, so a^p = s2/s1.
func (g *gf) locate(s1, s2 byte, n int) int {
	if s1 == 0 || s2 == 0 {
		return -1
	}
	p := g.log[g.div(s2, s1)]
	if p >= n {
		return -1
	}
	return n - 1 - p
}
