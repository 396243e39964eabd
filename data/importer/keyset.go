package importer

import "math/bits"

// keySet is a set of 64-bit key hashes that answers "maybe" for every key added
// and "no" for nearly every other (a blocked Bloom filter): an import into an
// empty shop asks it whether a key can be stored before it looks the key up. A
// wrong "maybe" costs one lookup that finds nothing; a "no" is always right.
//
// It takes keySetBits bits a key, in blocks of one cache line: each key sets and
// reads bits of one block only, so that an answer is one read from memory. A Go
// map of the same hashes took 75 MB for the three keys of each of a million
// customers (this takes 4.5 MB), read at random: 7% of such an import's time.
type keySet struct {
	blocks [][8]uint64 // 512 bits each
}

// keySetBits is the bits a key of a set sized for its keys. With keySetProbes
// bits set a key, about one key in 250 not added gets a "maybe".
const (
	keySetBits   = 12
	keySetProbes = 7
)

// newKeySet makes a set for about keys keys; more still work, with more wrong
// "maybe"s.
func newKeySet(keys int) *keySet {
	n := max(1, (keys*keySetBits+511)/512)
	return &keySet{blocks: make([][8]uint64, n)}
}

// probe is the block of h and the bits of it that h sets: keySetProbes positions
// of 9 bits each from a second mix of h.
func (s *keySet) probe(h uint64) (*[8]uint64, uint64) {
	hi, _ := bits.Mul64(h, uint64(len(s.blocks)))
	return &s.blocks[hi], h * 0x9e3779b97f4a7c15
}

func (s *keySet) add(h uint64) {
	b, g := s.probe(h)
	for range keySetProbes {
		b[g>>6&7] |= 1 << (g & 63)
		g >>= 9
	}
}

// has says whether h may have been added: always true when it was. A nil set
// has nothing, as a nil map had.
func (s *keySet) has(h uint64) bool {
	if s == nil {
		return false
	}
	b, g := s.probe(h)
	for range keySetProbes {
		if b[g>>6&7]&(1<<(g&63)) == 0 {
			return false
		}
		g >>= 9
	}
	return true
}
