package letters

import (
	"math"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// Card geometry in millimetres, for a landscape half sheet (half-letter or A5).
const (
	cardOuter   = 6.5  // inset of the brand-coloured border
	cardInner   = 8.8  // inset of the thin gold border
	cardTextPad = 30.0 // side margin of the message
	cardFooterH = 17.0 // logo and contact details at the foot
)

// card lays out a holiday card: a framed page in the shop's colour with gold
// stars, an inclusive greeting, a short personal message signed by the
// representative, an optional small promotion, and the shop's details at the
// foot in place of a letterhead (FOLLOWUP_RULES.md §7).
func (d *doc) card(l *Letter) {
	pdf := d.pdf
	pdf.SetMargins(0, 0, 0)
	pdf.AddPageFormat("L", l.Paper.pageSize(true))
	// The card is laid out to fit one page; an automatic break would only ever
	// push a stray line onto a second card.
	pdf.SetAutoPageBreak(false, 0)
	w, h := pdf.GetPageSize()
	accent := d.accent(l)

	d.fillColour(paper)
	pdf.Rect(0, 0, w, h, "F")
	d.drawColour(accent)
	pdf.SetLineWidth(0.8)
	pdf.Rect(cardOuter, cardOuter, w-2*cardOuter, h-2*cardOuter, "D")
	d.drawColour(gold)
	pdf.SetLineWidth(0.3)
	pdf.Rect(cardInner, cardInner, w-2*cardInner, h-2*cardInner, "D")
	for _, c := range [][2]float64{{cardOuter, cardOuter}, {w - cardOuter, cardOuter},
		{cardOuter, h - cardOuter}, {w - cardOuter, h - cardOuter}} {
		d.diamond(c[0], c[1], 2.6, accent)
		d.fillColour(gold)
		pdf.Circle(c[0], c[1], 0.7, "F")
	}
	// Scattered stars in both top corners: festive for any tradition.
	for _, s := range []struct{ x, y, r float64 }{
		{22, 21, 3.4}, {31, 15.5, 1.6}, {16, 31, 1.3}, {33, 27, 1.1},
	} {
		d.fillColour(gold)
		d.star(s.x, s.y, s.r)
		d.star(w-s.x, s.y, s.r)
	}

	// Headline and a divider under it.
	greeting := l.Greeting
	if greeting == "" {
		greeting = "Season’s Greetings"
	}
	s := d.fitLine("serif", "B", greeting, 26, 14, w-2*(cardTextPad+14))
	d.textColour(accent)
	pdf.SetXY(0, 17)
	pdf.CellFormat(w, 13, s, "", 0, "C", false, 0, "")
	d.drawColour(gold)
	pdf.SetLineWidth(0.35)
	pdf.Line(w/2-32, 35, w/2-5, 35)
	pdf.Line(w/2+5, 35, w/2+32, 35)
	d.fillColour(accent)
	d.star(w/2, 35, 2.3)

	// The foot: logo at the left, the shop's details at the right.
	footTop := h - cardInner - cardFooterH
	d.drawColour(gold)
	pdf.SetLineWidth(0.2)
	pdf.Line(cardInner+6, footTop, w-cardInner-6, footTop)
	textLeft, align := cardInner+6, "C" // centred when there is no logo to balance it
	if lg, name := d.logo(l.Business.Logo); lg != nil {
		lw, lh := fitBox(lg.w, lg.h, 36, 11)
		pdf.ImageOptions(name, cardInner+6, footTop+(cardFooterH-lh)/2, lw, lh, false, gofpdf.ImageOptions{}, 0, "")
		textLeft, align = textLeft+lw+6, "R"
	}
	b := l.Business
	foot := []headLine{
		{b.Name, "B", 7.5, 3.5, ink},
		{strings.ReplaceAll(b.Address, "\n", ", "), "", 7, 3.3, grey},
		{joinNonEmpty(" · ", b.Phone, b.Email, b.Website), "", 7, 3.3, grey},
	}
	right := w - cardInner - 6
	y := footTop + (cardFooterH-3.5-2*3.3)/2
	for _, ln := range foot {
		if ln.text == "" {
			continue
		}
		s := d.fitLine("sans", ln.style, ln.text, ln.size, 5.5, right-textLeft)
		d.textColour(ln.colour)
		pdf.SetXY(textLeft, y)
		pdf.CellFormat(right-textLeft, ln.height, s, "", 0, align, false, 0, "")
		y += ln.height
	}

	bottom := footTop - 3
	if l.Promotion != "" {
		// Small, grey and last: an offer on a greeting card must stay subtle
		// (FOLLOWUP_RULES.md §7).
		s := d.fitLine("sans", "", l.Promotion, 7, 5.5, w-2*cardTextPad)
		d.textColour(grey)
		pdf.SetXY(0, footTop-6.5)
		pdf.CellFormat(w, 4, s, "", 0, "C", false, 0, "")
		bottom = footTop - 8
	}
	d.cardMessage(l, 40, bottom, w, accent)
}

// cardMessage sets salutation, message and signature centred between top and
// bottom, shrinking the message type until it fits and, as a last resort,
// cutting it short: the card is one page whatever the caller's text.
func (d *doc) cardMessage(l *Letter, top, bottom, w float64, accent rgb) {
	pdf := d.pdf
	width := w - 2*cardTextPad
	const salH, gap, sigH = 7.0, 3.0, 5.4
	from := "Everyone at " + l.Business.Name
	if l.Rep.Name != "" {
		from = l.Rep.Name + " and everyone at " + l.Business.Name
	}

	var lines []string
	var size, lh float64
	for size = 11.5; ; size -= 0.5 {
		pdf.SetFont("serif", "", size)
		lh = size * 0.47
		lines = splitLines(pdf, cardMessage(l), width)
		if salH+gap+float64(len(lines))*lh+2*gap+2*sigH <= bottom-top || size <= 8 {
			break
		}
	}
	room := int((bottom - top - salH - 3*gap - 2*sigH) / lh)
	if len(lines) > room {
		lines = lines[:max(room, 1)]
		lines[len(lines)-1] = strings.TrimRight(lines[len(lines)-1], " .,;") + " …"
	}
	height := salH + gap + float64(len(lines))*lh + 2*gap + 2*sigH
	y := top + (bottom-top-height)/2

	s := d.fitLine("serif", "I", salutation(l), 13, 9, width)
	d.textColour(accent)
	pdf.SetXY(0, y)
	pdf.CellFormat(w, salH, s, "", 0, "C", false, 0, "")
	y += salH + gap

	pdf.SetFont("serif", "", size)
	d.textColour(ink)
	for _, ln := range lines {
		pdf.SetXY(0, y)
		pdf.CellFormat(w, lh, ln, "", 0, "C", false, 0, "")
		y += lh
	}
	y += 2 * gap

	pdf.SetFont("serif", "I", 11)
	pdf.SetXY(0, y)
	pdf.CellFormat(w, sigH, "Warm wishes,", "", 0, "C", false, 0, "")
	s = d.fitLine("serif", "", from, 11, 7.5, width)
	d.textColour(accent)
	pdf.SetXY(0, y+sigH)
	pdf.CellFormat(w, sigH, s, "", 0, "C", false, 0, "")
}

// splitLines wraps text to width with the current font, keeping its line
// breaks; gofpdf's SplitText leaves the break characters in.
func splitLines(pdf *gofpdf.Fpdf, text string, width float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, pdf.SplitText(para, width)...)
	}
	return out
}

// star fills a five-pointed star of outer radius r centred on (x, y) in the
// current fill colour.
func (d *doc) star(x, y, r float64) {
	pts := make([]gofpdf.PointType, 10)
	for i := range pts {
		rad := r
		if i%2 == 1 {
			rad = r * 0.42
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		pts[i] = gofpdf.PointType{X: x + rad*math.Cos(a), Y: y + rad*math.Sin(a)}
	}
	d.pdf.Polygon(pts, "F")
}

// diamond fills a square turned 45° with half-diagonal r centred on (x, y).
func (d *doc) diamond(x, y, r float64, c rgb) {
	d.fillColour(c)
	d.pdf.Polygon([]gofpdf.PointType{{X: x, Y: y - r}, {X: x + r, Y: y}, {X: x, Y: y + r}, {X: x - r, Y: y}}, "F")
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
