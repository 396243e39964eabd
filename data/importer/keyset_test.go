package importer

import (
	"hash/maphash"
	"testing"
)

// A key set says "maybe" for every key added, and "no" for nearly every other:
// sized for its keys, for all but fewer than one in a hundred (about one in 250 is
// what it is built for), and for all but about one in thirteen when it holds twice
// the keys it was made for.
func TestKeySetHasEveryKeyAddedAndFewOthers(t *testing.T) {
	seed := maphash.MakeSeed()
	h := func(i int) uint64 { return maphash.Comparable(seed, i) }
	const n = 300_000
	for _, tc := range []struct {
		sizedFor    int
		wrongAtMost float64
	}{{n, 0.01}, {n / 2, 0.10}} {
		s := newKeySet(tc.sizedFor)
		for i := range n {
			s.add(h(i))
		}
		for i := range n {
			if !s.has(h(i)) {
				t.Fatalf("sized for %d: key %d was added and is not in the set", tc.sizedFor, i)
			}
		}
		wrong := 0
		for i := n; i < 2*n; i++ {
			if s.has(h(i)) {
				wrong++
			}
		}
		if got := float64(wrong) / n; got > tc.wrongAtMost {
			t.Errorf("sized for %d keys, holding %d: %.2f%% of the keys never added are in it; want %.0f%% at most",
				tc.sizedFor, n, 100*got, 100*tc.wrongAtMost)
		}
		t.Logf("sized for %d keys, holding %d: %.3f%% wrong", tc.sizedFor, n, 100*float64(wrong)/n)
	}
	if s := newKeySet(0); s.has(h(1)) {
		t.Error("an empty set has a key")
	} else if s.add(h(1)); !s.has(h(1)) {
		t.Error("a set made for no keys lost the one added")
	}
}
