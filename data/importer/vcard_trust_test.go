package importer

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

// foldedPhotoCard is one card with a photo of n bytes, base64 and folded at 75
// columns as address books write it.
func foldedPhotoCard(n int) string {
	b64 := base64.StdEncoding.EncodeToString(make([]byte, n))
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Photo\r\nEMAIL:ann@example.com\r\nPHOTO;ENCODING=b;TYPE=JPEG:")
	b.WriteString(b64[:40])
	for i := 40; i < len(b64); i += 74 {
		b.WriteString("\r\n ")
		b.WriteString(b64[i:min(i+74, len(b64))])
	}
	b.WriteString("\r\nEND:VCARD\r\n")
	return b.String()
}

// TestAFoldedPhotoIsReadInOnePass: a card with a 4 MB photo folded over 75,000
// lines is read in one pass (it took 64 s when each line was appended to the one
// before), and the card's other fields are kept. The bound is far above the
// time it takes (BenchmarkParseVCardsFoldedPhoto gives the figure): it only
// tells a pass from a stall.
func TestAFoldedPhotoIsReadInOnePass(t *testing.T) {
	file := foldedPhotoCard(4 << 20)
	start := time.Now()
	cards, err := ParseVCards(strings.NewReader(file))
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("reading a card with a 4 MB photo took %v", took)
	}
	if err != nil || len(cards) != 1 || cards[0].Name != "Ann Photo" || len(cards[0].Emails) != 1 {
		t.Fatalf("cards = %+v, %v", cards, err)
	}
}

// TestAPhotoAboveTheCapIsRefusedNamingTheCard: Rapport keeps no photos and reads
// at most maxPhotoBytes of one.
func TestAPhotoAboveTheCapIsRefusedNamingTheCard(t *testing.T) {
	_, err := ParseVCards(strings.NewReader(foldedPhotoCard(maxPhotoBytes + 1)))
	var re *RowError
	if !errors.As(err, &re) || re.Row != 1 || !strings.Contains(err.Error(), "photo") {
		t.Errorf("ParseVCards = %v; want card 1 refused for its photo", err)
	}
}

// TestAQuotedPrintableSoftBreakBeforeAFoldedLineKeepsTheText: a soft line break
// (= at the end of a line) followed by a line that starts with a space (folding
// as well) joins the text; it once left "soft=line".
func TestAQuotedPrintableSoftBreakBeforeAFoldedLineKeepsTheText(t *testing.T) {
	for body, want := range map[string]string{
		"NOTE;ENCODING=QUOTED-PRINTABLE:soft=\r\n line":             "softline",
		"NOTE;ENCODING=QUOTED-PRINTABLE:soft=\r\nline":              "softline",
		"NOTE;ENCODING=QUOTED-PRINTABLE:Caf=C3=\r\n =A9 cr=C3=A8me": "Café crème",
		"NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n\tb=\r\n c":           "abc",
	} {
		file := "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\n" + body + "\r\nEND:VCARD\r\n"
		cards, err := ParseVCards(strings.NewReader(file))
		if err != nil || len(cards) != 1 || cards[0].Note != want {
			t.Errorf("%q: cards = %+v, %v; want the note %q", body, cards, err, want)
		}
	}
}

// BenchmarkParseVCardsFoldedPhoto reads a card with a folded 4 MB photo.
func BenchmarkParseVCardsFoldedPhoto(b *testing.B) {
	file := foldedPhotoCard(4 << 20)
	b.SetBytes(int64(len(file)))
	for range b.N {
		if _, err := ParseVCards(strings.NewReader(file)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
}
