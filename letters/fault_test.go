package letters_test

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
)

func faultLetter() letters.Letter {
	b := shop.Business{Name: "Harbor & Pine", Address: "12 Wharf Street\nPortland, ME 04101", Phone: "(207) 555-0142",
		Email: "hello@example.com", TimeZone: "America/New_York"}
	c := shop.Customer{Name: "Ana Ruiz", Address: "1 Main St", City: "Portland", TimeZone: "America/New_York"}
	p := shop.Purchase{ID: 1, At: time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), Items: "Grinder", AmountCents: 12900}
	return letters.ForSale(b, c, p, shop.Staff{Name: "Maria Chen"}, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
}

// failingWriter takes n bytes, then fails as a full disk does.
type failingWriter struct {
	n, got int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.got+len(p) > w.n {
		k := w.n - w.got
		w.got = w.n
		return k, syscall.ENOSPC
	}
	w.got += len(p)
	return len(p), nil
}

// TestWritingAPDFToAFullDiskSaysSo: a letter written to a disk that fills up
// partway, or to /dev/full, returns the disk's error rather than reporting success.
func TestWritingAPDFToAFullDiskSaysSo(t *testing.T) {
	l := faultLetter()
	for _, n := range []int{0, 1, 100, 4096} {
		w := &failingWriter{n: n}
		err := letters.Write(w, l)
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("disk full after %d bytes: Write = %v; want the no-space error", n, err)
		}
		err = letters.WriteBatch(&failingWriter{n: n}, []letters.Letter{l, l})
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("disk full after %d bytes: WriteBatch = %v; want the no-space error", n, err)
		}
	}
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full on this system: %v", err)
	}
	defer f.Close()
	err = letters.Write(f, l)
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("Write to /dev/full = %v; want it to say no space is left", err)
	}
}
