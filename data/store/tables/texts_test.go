package tables

import (
	"fmt"
	"testing"
	"unsafe"
)

// TestTextsShareRepeatsWithinBounds: a text read again is the string handed out
// the first time (one allocation for all its rows), each text reads back as it
// was read, and only up to textsMax texts of up to textsLen bytes are kept.
func TestTextsShareRepeatsWithinBounds(t *testing.T) {
	var ts Texts
	buf := []byte("Beans 1 kg")
	first := ts.Of(buf)
	copy(buf, "Grinder XL") // the driver's buffer is reused for the next row
	if first != "Beans 1 kg" {
		t.Fatalf("the first text reads %q after its buffer was reused", first)
	}
	if again := ts.Of([]byte("Beans 1 kg")); unsafe.StringData(again) != unsafe.StringData(first) {
		t.Error("a repeated text was copied again")
	}
	if got := ts.Of(buf); got != "Grinder XL" {
		t.Errorf("the second text reads %q", got)
	}
	long := make([]byte, textsLen+1)
	a, b := ts.Of(long), ts.Of(long)
	if a != string(long) || unsafe.StringData(a) == unsafe.StringData(b) {
		t.Error("a text over textsLen bytes should be copied each time, as it is")
	}
	for i := len(ts.m); i < textsMax+10; i++ {
		if s := fmt.Sprint("item ", i); ts.Of([]byte(s)) != s {
			t.Fatalf("text %d reads back changed", i)
		}
	}
	if len(ts.m) != textsMax {
		t.Errorf("%d texts kept; want at most %d", len(ts.m), textsMax)
	}
}
