package letters

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/shop"
)

// Measurements in millimetres and points. The address block sits where a
// window envelope shows it when the letter is folded in thirds.
const (
	marginX      = 22.0 // left and right margins of letters
	marginBottom = 20.0
	addressTop   = 50.0 // the address block starts here unless the letterhead is taller
	windowWidth  = 110.0
	bodyPt       = 10.5
	bodyLine     = 5.3
	smallPt      = 8.5
	smallLine    = 4.1
)

// Colours besides the shop's accent colour.
var (
	ink   = rgb{33, 35, 40}
	grey  = rgb{98, 103, 112}
	gold  = rgb{181, 143, 60}
	paper = rgb{252, 249, 242} // the card's warm white
)

// doc is one PDF being built.
type doc struct {
	pdf   *gofpdf.Fpdf
	cur   *Letter          // the letter being laid out, for the page header
	logos map[string]*logo // by logoName; nil for bytes that are not an image
	// lastLogo and lastName remember the logo bytes hashed last.
	lastLogo []byte
	lastName string
}

func newDoc(ls []Letter) *doc {
	first := &ls[0]
	return newPDF(first.Paper.pageSize(), first.Date, first.Business.Name, title(ls))
}

// compressPDF is off only in the layout test, so that its hashes depend on
// the layout and not on the Go version's deflate.
var compressPDF = true

// newPDF starts a PDF with the embedded fonts, dated date (so the same input
// gives the same bytes) and with the shop as its author.
func newPDF(size gofpdf.SizeType, date time.Time, author, title string) *doc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: size})
	// Same input, same bytes: no clock time and a stable order of resources.
	pdf.SetCatalogSort(true)
	pdf.SetCompression(compressPDF)
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetCreator("Rapport", true)
	pdf.SetAuthor(clean(author), true)
	pdf.SetTitle(clean(title), true)
	// Each document gets its own copy of the fonts: while subsetting, gofpdf
	// appends padding to slices of the font bytes, writing into the shared
	// embedded arrays, which races when two letters are made at once.
	for _, f := range []struct {
		family, style string
		ttf           []byte
	}{
		{"sans", "", assets.SansRegular}, {"sans", "B", assets.SansBold},
		{"serif", "", assets.SerifRegular}, {"serif", "B", assets.SerifBold}, {"serif", "I", assets.SerifItalic},
	} {
		pdf.AddUTF8FontFromBytes(f.family, f.style, bytes.Clone(f.ttf))
	}
	pdf.SetCellMargin(0) // text lines up exactly with the margins and rules
	d := &doc{pdf: pdf, logos: map[string]*logo{}}
	// The header runs on every page a letter starts or overflows onto, so a
	// second page carries the letterhead too.
	pdf.SetHeaderFunc(d.letterhead)
	return d
}

// title is the PDF's title, shown by viewers in place of the file name:
// "Thank-you letter to Zoë Ødegård", "12 holiday cards from Harbor & Pine".
func title(ls []Letter) string {
	first := &ls[0]
	if len(ls) == 1 {
		k := first.Kind.String()
		return strings.ToUpper(k[:1]) + k[1:] + " to " + first.Customer.Name
	}
	what := first.Kind.String() + "s"
	for _, l := range ls {
		if l.Kind != first.Kind {
			what = "letters"
		}
	}
	return fmt.Sprintf("%d %s from %s", len(ls), what, first.Business.Name)
}

// add lays out one letter or card, starting on a new page.
func (d *doc) add(l *Letter) {
	d.cur = l
	if l.Kind == HolidayCard {
		d.card(l)
		return
	}
	d.letter(l)
}

// logo returns the business logo registered in this PDF, or nil when there is
// none or it cannot be read. Each distinct logo is decoded and embedded once,
// however many letters of a batch carry it.
func (d *doc) logo(b []byte) (*logo, string) {
	if len(b) == 0 {
		return nil, ""
	}
	// Every letter of a batch usually shares one logo slice: skip hashing it again.
	name := d.lastName
	if len(b) != len(d.lastLogo) || &b[0] != &d.lastLogo[0] {
		name = logoName(b)
		d.lastLogo, d.lastName = b, name
	}
	lg, seen := d.logos[name]
	if !seen {
		lg = cachedLogo(name, b)
		if lg != nil {
			d.pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(lg.png))
		}
		d.logos[name] = lg
	}
	return lg, name
}

// accent is the shop's brand colour, read from its logo.
func (d *doc) accent(l *Letter) rgb {
	if lg, _ := d.logo(l.Business.Logo); lg != nil {
		return lg.accent
	}
	return defaultAccent
}

func (d *doc) textColour(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }
func (d *doc) drawColour(c rgb) { d.pdf.SetDrawColor(c.r, c.g, c.b) }
func (d *doc) fillColour(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }

// fitLine sets the font at the largest size from size down to minSize at which
// s fits in width, and returns s, shortened with an ellipsis if even minSize is
// too large: one-line elements (names, headlines) must never run into others.
func (d *doc) fitLine(family, style, s string, size, minSize, width float64) string {
	for ; size > minSize; size -= 0.5 {
		d.pdf.SetFont(family, style, size)
		if d.pdf.GetStringWidth(s) <= width {
			return s
		}
	}
	d.pdf.SetFont(family, style, minSize)
	if d.pdf.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && d.pdf.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// fitBox scales w×h pixels to fit in maxW×maxH millimetres, keeping the aspect.
func fitBox(w, h int, maxW, maxH float64) (float64, float64) {
	s := min(maxW/float64(w), maxH/float64(h))
	return float64(w) * s, float64(h) * s
}

// letterhead draws the logo at the left and the shop's name, address, phone,
// email and web site at the right, over a rule in the brand colour
// (FOLLOWUP_RULES.md §2). It is the page header of letters; cards draw their
// own footer instead.
func (d *doc) letterhead() {
	l := d.cur
	if l == nil || l.Kind == HolidayCard {
		return
	}
	pdf := d.pdf
	pw, _ := pdf.GetPageSize()
	right := pw - marginX
	const top = 14.0
	accent := d.accent(l)
	b := l.Business

	var leftW, bottom float64
	var lines []headLine
	if lg, name := d.logo(b.Logo); lg != nil {
		w, h := fitBox(lg.w, lg.h, 62, 22)
		pdf.ImageOptions(name, marginX, top, w, h, false, gofpdf.ImageOptions{}, 0, "")
		leftW, bottom = w, top+h
		lines = append(lines, headLine{b.Name, "B", 10.5, 5.4, ink})
	} else {
		// Without a logo the name, large and in colour, takes the logo's place.
		s := d.fitLine("serif", "B", b.Name, 18, 11, (right-marginX)*0.55)
		d.textColour(accent)
		pdf.SetXY(marginX, top)
		pdf.CellFormat(0, 9, s, "", 0, "L", false, 0, "")
		leftW, bottom = pdf.GetStringWidth(s), top+9
	}
	for _, ln := range strings.Split(b.Address, "\n") {
		lines = append(lines, headLine{ln, "", smallPt, smallLine, grey})
	}
	for _, s := range []string{b.Phone, b.Email, b.Website} {
		lines = append(lines, headLine{s, "", smallPt, smallLine, grey})
	}
	x := marginX + leftW + 8
	y := top
	for _, ln := range lines {
		if ln.text == "" {
			continue
		}
		s := d.fitLine("sans", ln.style, ln.text, ln.size, 6.5, right-x)
		d.textColour(ln.colour)
		pdf.SetXY(x, y)
		pdf.CellFormat(right-x, ln.height, s, "", 0, "R", false, 0, "")
		y += ln.height
	}
	bottom = max(bottom, y)

	rule := bottom + 4
	d.drawColour(accent)
	pdf.SetLineWidth(0.6)
	pdf.Line(marginX, rule, right, rule)
	pdf.SetXY(marginX, rule+8)
}

// headLine is one line of the letterhead's right-hand block.
type headLine struct {
	text         string
	style        string
	size, height float64
	colour       rgb
}

// addressLines is the customer's postal address as printed for a window
// envelope or a label: US style ("City, ST 12345") for addresses in the US,
// Canada and Australia, "12345 City" elsewhere; an address in another country
// than the shop's ends with the country's name in capitals, as postal
// services ask. A customer without a country lives in the shop's.
func addressLines(c shop.Customer, shopCountry string) []string {
	lines := []string{c.Name}
	if c.Company != "" && c.Company != c.Name {
		lines = append(lines, c.Company)
	}
	if c.Address != "" {
		lines = append(lines, strings.Split(c.Address, "\n")...)
	}
	country := c.Country
	if strings.TrimSpace(country) == "" {
		country = shopCountry
	}
	var city, region string
	switch normCountry(country) {
	case "US", "CA", "AU":
		city = c.City
		if rest := strings.TrimSpace(c.Region + " " + c.PostalCode); rest != "" {
			if city != "" {
				city += ", "
			}
			city += rest
		}
	case "GB", "IE":
		city, region = strings.ToUpper(c.City), c.PostalCode
		if c.Region != "" {
			region = c.Region + "\n" + c.PostalCode
		}
	default:
		city = strings.TrimSpace(c.PostalCode + " " + c.City)
		region = c.Region
	}
	for _, s := range []string{city, region, foreignLine(c.Country, shopCountry)} {
		for _, ln := range strings.Split(s, "\n") {
			if ln = strings.TrimSpace(ln); ln != "" {
				lines = append(lines, ln)
			}
		}
	}
	return lines
}

// letter lays out a letter: date and address block, subject, salutation, the
// paragraphs, and the representative's signature.
func (d *doc) letter(l *Letter) {
	pdf := d.pdf
	pdf.SetMargins(marginX, marginBottom, marginX)
	pdf.AddPageFormat("P", l.Paper.pageSize())
	pdf.SetAutoPageBreak(true, marginBottom) // after AddPage: it depends on the page height
	pw, ph := pdf.GetPageSize()
	width := pw - 2*marginX
	loc := l.Business.Location()

	top := max(pdf.GetY(), addressTop)
	pdf.SetFont("sans", "", 10)
	d.textColour(ink)
	date := longDate(l.Date, loc, l.Country)
	pdf.SetXY(marginX, top)
	pdf.CellFormat(width, 4.9, date, "", 0, "R", false, 0, "")
	// As wide as an envelope window, and clear of the date.
	addrW := min(windowWidth, width-pdf.GetStringWidth(date)-6)
	y := top
	for _, ln := range addressLines(l.Customer, l.Country) {
		s := d.fitLine("sans", "", ln, 10, 8, addrW)
		pdf.SetXY(marginX, y)
		pdf.CellFormat(addrW, 4.9, s, "", 0, "L", false, 0, "")
		y += 4.9
	}
	pdf.SetXY(marginX, max(y, top+4*4.9)+9)

	w := compose(l)
	pdf.SetFont("serif", "B", bodyPt)
	pdf.MultiCell(width, bodyLine, w.subject, "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("serif", "", bodyPt)
	pdf.MultiCell(width, bodyLine, salutation(l), "", "L", false)
	pdf.Ln(2.5)
	for _, p := range w.paragraphs {
		pdf.MultiCell(width, bodyLine, p, "", "L", false)
		pdf.Ln(2.5)
	}

	// Keep the sign-off and signature together: a name alone on page two reads
	// as a mistake.
	sig := []headLine{{l.Rep.Name, "B", bodyPt, bodyLine, ink}}
	if l.Rep.Title != "" {
		sig = append(sig, headLine{l.Rep.Title, "", bodyPt, bodyLine, grey})
	}
	sig = append(sig, headLine{l.Business.Name, "", bodyPt, bodyLine, grey})
	const signSpace = 14.0 // room for a handwritten signature
	if need := bodyLine + signSpace + float64(len(sig))*bodyLine; pdf.GetY()+need > ph-marginBottom {
		pdf.AddPage()
	}
	pdf.Ln(2)
	pdf.CellFormat(width, bodyLine, w.signOff, "", 2, "L", false, 0, "")
	pdf.Ln(signSpace)
	for _, s := range sig {
		pdf.SetFont("serif", s.style, s.size)
		d.textColour(s.colour)
		pdf.CellFormat(width, s.height, s.text, "", 2, "L", false, 0, "")
	}
	if l.Promotion != "" {
		// Kept small and grey: an offer must not drown the letter (FOLLOWUP_RULES.md §7).
		pdf.Ln(8)
		pdf.SetFont("serif", "I", smallPt)
		d.textColour(grey)
		pdf.MultiCell(width, smallLine, "P.S. "+l.Promotion, "", "L", false)
	}
}
