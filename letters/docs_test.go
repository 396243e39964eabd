package letters

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

// TestRenderDocs renders one page of each document to docs/letters/*.png at
// 100 dpi, for the README and for checking the layout by eye. It runs only
// with RAPPORT_RENDER_DOCS=1 (make docs), so CI never rewrites the pictures.
func TestRenderDocs(t *testing.T) {
	if os.Getenv("RAPPORT_RENDER_DOCS") != "1" {
		t.Skip("set RAPPORT_RENDER_DOCS=1 (make docs) to render docs/letters/*.png")
	}
	needTool(t, "pdftoppm")
	dir := filepath.Join("..", "docs", "letters")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	followUpSale := letterOf(PurchaseFollowUp)
	followUp := letterOf(FollowUp)
	followUp.Issue.Type = "support"
	followUp.Issue.Summary = "Espresso machine pressure drops after a minute"
	docs := []struct {
		name string
		pdf  func(*bytes.Buffer) error
	}{
		{"thank-you", func(b *bytes.Buffer) error { return Write(b, letterOf(ThankYou)) }},
		{"purchase-follow-up", func(b *bytes.Buffer) error { return Write(b, followUpSale) }},
		{"follow-up", func(b *bytes.Buffer) error { return Write(b, followUp) }},
		{"apology", func(b *bytes.Buffer) error { return Write(b, letterOf(Apology)) }},
		{"invitation", func(b *bytes.Buffer) error { return Write(b, letterOf(Invitation)) }},
		{"holiday-card", func(b *bytes.Buffer) error { return Write(b, letterOf(HolidayCard)) }},
	}
	docs = append(docs, extraDocs()...)
	for _, doc := range docs {
		var buf bytes.Buffer
		if err := doc.pdf(&buf); err != nil {
			t.Fatalf("%s: %v", doc.name, err)
		}
		pdf := filepath.Join(t.TempDir(), doc.name+".pdf")
		if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, doc.name)
		if o, err := exec.Command("pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", pdf, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm %s: %v\n%s", doc.name, err, o)
		}
	}
	splitCard(t, filepath.Join(dir, "holiday-card.png"))
}

// splitCard saves the card's two halves as they read once folded: the
// outside (back and front covers) and the inside spread turned the right way
// up, which shows that the inside is printed upside down on the sheet.
func splitCard(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	mid := b.Min.Y + b.Dy()/2
	outside := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Max.Y-mid))
	inside := image.NewRGBA(image.Rect(0, 0, b.Dx(), mid-b.Min.Y))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if y >= mid {
				outside.Set(x-b.Min.X, y-mid, img.At(x, y))
			} else {
				inside.Set(b.Max.X-1-x, mid-1-y, img.At(x, y)) // turned 180°
			}
		}
	}
	for name, im := range map[string]image.Image{"holiday-card-outside.png": outside, "holiday-card-inside.png": inside} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, im); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(filepath.Dir(path), name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// mailingList is a handful of customers at home and abroad, whose names need
// more than Latin-1, for the label and envelope tests and pictures.
func mailingList() []shop.Customer {
	return []shop.Customer{
		{Name: "Sam Rivera", Company: "Rivera Bakery", Address: "4 Elm St\nSuite 2", City: "Portland", Region: "ME", PostalCode: "04101", Country: "US"},
		customer(),
		{Name: "Łukasz Wiśniewski", Address: "Marszałkowska 12/4", City: "Warszawa", PostalCode: "00-590", Country: "PL"},
		{Name: "Øyvind Berg", Address: "Storgata 7", City: "Oslo", PostalCode: "0155", Country: "NO"},
		{Name: "Ἀλέξανδρος Παπαδόπουλος", Address: "Οδός Ερμού 20", City: "Αθήνα", PostalCode: "105 63", Country: "GR"},
		{Name: "Иван Петров", Address: "ул. Тверская, д. 7, кв. 12", City: "Москва", PostalCode: "125009", Country: "RU"},
		{Name: "Amelia Hart", Address: "221 Baker Street", City: "London", PostalCode: "NW1 6XE", Country: "GB"},
		{Name: "Jordan Lee", Address: "88 Harbor Rd", City: "Bar Harbor", Region: "ME", PostalCode: "04609"},
	}
}

func mailing(p Paper) Mailing {
	return Mailing{Business: testShop(), Country: "US", Paper: p, Date: letterOn, Customers: mailingList()}
}

func extraDocs() []struct {
	name string
	pdf  func(*bytes.Buffer) error
} {
	return []struct {
		name string
		pdf  func(*bytes.Buffer) error
	}{
		{"labels", func(b *bytes.Buffer) error { return WriteLabels(b, mailing(USLetter)) }},
		{"labels-a4", func(b *bytes.Buffer) error { return WriteLabels(b, mailing(A4)) }},
		{"envelope", func(b *bytes.Buffer) error {
			m := mailing(USLetter)
			m.Customers = m.Customers[1:2]
			return WriteEnvelopes(b, m)
		}},
	}
}
