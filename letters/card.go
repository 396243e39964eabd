package letters

import (
	"math"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// A holiday card is one sheet printed on one side and folded twice: first
// across the middle with the print outside, then down the middle. The sheet's
// bottom half is the outside (back cover at the left, front cover at the
// right); its top half is the inside spread, printed upside down so that it
// reads the right way up once folded. A4 folds to A6, US Letter to 4¼×5½ in.
//
//	+-----------------+-----------------+
//	|  inside right   |   inside left   |   ← both turned 180°
//	|  (the message)  |  (for a note)   |
//	+-----------------+-----------------+   ← first fold
//	|   back cover    |   front cover   |
//	|  (shop, offer)  | (art, greeting) |
//	+-----------------+-----------------+
//	                  ↑ second fold

// Card geometry in millimetres, within one panel.
const (
	cardFrame   = 7.0  // inset of the front's coloured panel from the folds and edges
	cardTextPad = 13.0 // side margin of text on a panel
	cardTick    = 3.0  // length of the fold marks on the sheet's edges
)

// card lays out a holiday card (FOLLOWUP_RULES.md §7): an inclusive greeting
// and festive art for any tradition on the front, a short personal message
// signed by the representative inside, and the shop's details with an
// optional, small promotion on the back.
func (d *doc) card(l *Letter) {
	pdf := d.pdf
	pdf.SetMargins(0, 0, 0)
	pdf.AddPageFormat("P", l.Paper.pageSize())
	// The card is laid out to fit its panels; an automatic break would only
	// ever push a stray line onto a second sheet.
	pdf.SetAutoPageBreak(false, 0)
	w, h := pdf.GetPageSize()
	pw, ph := w/2, h/2
	accent := d.accent(l)

	d.foldMarks(w, h)
	d.cardFront(l, pw, ph, pw, ph, accent)
	d.cardBack(l, 0, ph, pw, ph)
	// The inside spread, drawn as if upright in the top half, then turned
	// 180° about the top half's centre.
	pdf.TransformBegin()
	pdf.TransformRotate(180, w/2, ph/2)
	d.cardInsideLeft(pw, ph, accent)
	d.cardMessage(l, pw, 0, pw, ph, accent)
	pdf.TransformEnd()
}

// foldMarks draws short grey ticks on the sheet's edges where it folds.
func (d *doc) foldMarks(w, h float64) {
	pdf := d.pdf
	d.drawColour(rgb{190, 190, 190})
	pdf.SetLineWidth(0.2)
	pdf.Line(w/2, 0, w/2, cardTick)
	pdf.Line(w/2, h-cardTick, w/2, h)
	pdf.Line(0, h/2, cardTick, h/2)
	pdf.Line(w-cardTick, h/2, w, h/2)
}

// cardFront is the front cover at (x, y), pw×ph: a panel in the shop's colour
// framed in gold, a sky of gold stars, the greeting in cream and the shop's
// name at the foot.
func (d *doc) cardFront(l *Letter, x, y, pw, ph float64, accent rgb) {
	pdf := d.pdf
	fx, fy, fw, fh := x+cardFrame, y+cardFrame, pw-2*cardFrame, ph-2*cardFrame
	d.fillColour(accent)
	pdf.Rect(fx, fy, fw, fh, "F")
	d.drawColour(gold)
	pdf.SetLineWidth(0.35)
	pdf.Rect(fx+2.5, fy+2.5, fw-5, fh-5, "D")
	for _, c := range [][2]float64{{fx + 2.5, fy + 2.5}, {fx + fw - 2.5, fy + 2.5}, {fx + 2.5, fy + fh - 2.5}, {fx + fw - 2.5, fy + fh - 2.5}} {
		d.diamond(c[0], c[1], 1.6, gold)
	}

	// A constellation over the greeting, placed in fractions of the panel so it
	// balances on A6 and on 4¼×5½ in alike.
	cx := fx + fw/2
	d.fillColour(gold)
	d.star(cx, fy+fh*0.25, fw*0.13)
	for _, s := range []struct{ dx, dy, r float64 }{
		{-0.30, 0.13, 0.035}, {0.27, 0.11, 0.045}, {-0.18, 0.30, 0.025}, {0.33, 0.29, 0.03},
		{-0.36, 0.38, 0.02}, {0.17, 0.40, 0.02}, {-0.08, 0.09, 0.018}, {0.09, 0.06, 0.022},
	} {
		d.star(cx+s.dx*fw, fy+s.dy*fh, s.r*fw)
	}
	d.fillColour(paper)
	for _, s := range [][2]float64{{-0.24, 0.2}, {0.2, 0.22}, {0.36, 0.18}, {-0.38, 0.24}, {0.02, 0.42}, {-0.27, 0.45}} {
		pdf.Circle(cx+s[0]*fw, fy+s[1]*fh, 0.45, "F")
	}

	greeting := l.Greeting
	if greeting == "" {
		greeting = "Season’s Greetings"
	}
	tw := fw - 2*cardTextPad + 6
	size := 24.0
	var lines []string
	for ; size > 12; size -= 1 {
		pdf.SetFont("serif", "B", size)
		lines = pdf.SplitText(greeting, tw)
		if len(lines) <= 3 && widest(pdf, lines) <= tw {
			break
		}
	}
	if len(lines) > 3 {
		lines = lines[:3]
		lines[2] = d.fitLine("serif", "B", lines[2]+"…", size, size, tw)
	}
	lh := size * 0.45
	ty := fy + fh*0.55
	d.textColour(paper)
	pdf.SetFont("serif", "B", size)
	for _, ln := range lines {
		pdf.SetXY(fx, ty)
		pdf.CellFormat(fw, lh, ln, "", 0, "C", false, 0, "")
		ty += lh
	}
	ty += 3
	d.drawColour(gold)
	pdf.SetLineWidth(0.3)
	pdf.Line(cx-18, ty, cx-4, ty)
	pdf.Line(cx+4, ty, cx+18, ty)
	d.fillColour(gold)
	d.star(cx, ty, 1.8)

	s := d.fitLine("serif", "I", "from all of us at "+l.Business.Name, 9, 6, fw-2*cardTextPad)
	d.textColour(gold)
	pdf.SetXY(fx, fy+fh-12)
	pdf.CellFormat(fw, 5, s, "", 0, "C", false, 0, "")
}

// widest is the width of the widest line in the current font.
func widest(pdf *gofpdf.Fpdf, lines []string) float64 {
	var m float64
	for _, ln := range lines {
		m = max(m, pdf.GetStringWidth(ln))
	}
	return m
}

// cardBack is the back cover at (x, y): the optional promotion, small, and
// the shop's logo, name and ways to get in touch, low on the panel as on a
// bought card.
func (d *doc) cardBack(l *Letter, x, y, pw, ph float64) {
	pdf := d.pdf
	b := l.Business
	width := pw - 2*cardTextPad
	bottom := y + ph - 14
	var foot []headLine
	foot = append(foot, headLine{b.Name, "B", 8, 4, ink})
	for _, ln := range strings.Split(b.Address, "\n") {
		foot = append(foot, headLine{ln, "", 7, 3.4, grey})
	}
	for _, s := range []string{b.Phone, b.Email, b.Website} {
		foot = append(foot, headLine{s, "", 7, 3.4, grey})
	}
	var height float64
	for _, ln := range foot {
		if ln.text != "" {
			height += ln.height
		}
	}
	ty := bottom - height
	if lg, name := d.logo(b.Logo); lg != nil {
		lw, lh := fitBox(lg.w, lg.h, 34, 13)
		pdf.ImageOptions(name, x+(pw-lw)/2, ty-lh-4, lw, lh, false, gofpdf.ImageOptions{}, 0, "")
		ty2 := ty - lh - 10
		defer d.cardPromotion(l, x, ty2, pw)
	} else {
		defer d.cardPromotion(l, x, ty-6, pw)
	}
	for _, ln := range foot {
		if ln.text == "" {
			continue
		}
		s := d.fitLine("sans", ln.style, ln.text, ln.size, 5.5, width)
		d.textColour(ln.colour)
		pdf.SetXY(x, ty)
		pdf.CellFormat(pw, ln.height, s, "", 0, "C", false, 0, "")
		ty += ln.height
	}
}

// cardPromotion sets the optional offer in small grey italics with its
// bottom at y, at most three lines: it must stay subtle (FOLLOWUP_RULES.md §7).
func (d *doc) cardPromotion(l *Letter, x, y, pw float64) {
	if l.Promotion == "" {
		return
	}
	pdf := d.pdf
	pdf.SetFont("serif", "I", 7.5)
	lines := pdf.SplitText(l.Promotion, pw-2*cardTextPad)
	if len(lines) > 3 {
		lines = lines[:3]
		lines[2] = strings.TrimRight(lines[2], " .,;") + " …"
	}
	const lh = 3.4
	d.fillColour(gold)
	d.star(x+pw/2, y-float64(len(lines))*lh-3, 1.2)
	d.textColour(grey)
	for i, ln := range lines {
		pdf.SetXY(x, y-float64(len(lines)-i)*lh)
		pdf.CellFormat(pw, lh, ln, "", 0, "C", false, 0, "")
	}
}

// cardInsideLeft is the inside of the front cover, left for a handwritten
// note but for one small star.
func (d *doc) cardInsideLeft(pw, ph float64, accent rgb) {
	d.fillColour(gold)
	d.star(pw/2, ph-16, 1.6)
	d.fillColour(accent)
	d.pdf.Circle(pw/2-5, ph-16, 0.4, "F")
	d.pdf.Circle(pw/2+5, ph-16, 0.4, "F")
}

// cardMessage is the inside right panel at (x, y): salutation, message and
// signature centred, shrinking the message type until it fits and, as a last
// resort, cutting it short: a card is one sheet whatever the owner's text.
func (d *doc) cardMessage(l *Letter, x, y, pw, ph float64, accent rgb) {
	pdf := d.pdf
	width := pw - 2*cardTextPad
	top, bottom := y+20, y+ph-16
	const salH, gap, sigH = 7.0, 3.5, 5.0
	from := "Everyone at " + keepTogether(l.Business.Name)
	if l.Rep.Name != "" {
		from = l.Rep.Name + " and everyone at " + keepTogether(l.Business.Name)
	}
	fromLines := func() []string {
		pdf.SetFont("serif", "", 10)
		fl := wrapWords(pdf, from, width)
		if len(fl) > 2 {
			fl = fl[:2]
			fl[1] = strings.TrimRight(fl[1], " .,;") + "…"
		}
		return fl
	}()

	var lines []string
	var size, lh float64
	fixed := salH + 3*gap + sigH*float64(1+len(fromLines))
	for size = 11; ; size -= 0.5 {
		pdf.SetFont("serif", "", size)
		lh = size * 0.5
		lines = splitLines(pdf, l.text, width)
		if fixed+float64(len(lines))*lh <= bottom-top || size <= 7.5 {
			break
		}
	}
	room := int((bottom - top - fixed) / lh)
	if len(lines) > room {
		lines = lines[:max(room, 1)]
		lines[len(lines)-1] = strings.TrimRight(lines[len(lines)-1], " .,;") + " …"
	}
	height := fixed + float64(len(lines))*lh
	ty := top + (bottom-top-height)/2

	d.fillColour(gold)
	d.star(x+pw/2, y+12, 2)
	s := d.fitLine("serif", "I", salutation(l), 13, 8, width)
	d.textColour(accent)
	pdf.SetXY(x, ty)
	pdf.CellFormat(pw, salH, s, "", 0, "C", false, 0, "")
	ty += salH + gap

	pdf.SetFont("serif", "", size)
	d.textColour(ink)
	for _, ln := range lines {
		pdf.SetXY(x, ty)
		pdf.CellFormat(pw, lh, ln, "", 0, "C", false, 0, "")
		ty += lh
	}
	ty += 2 * gap

	pdf.SetFont("serif", "I", 10)
	pdf.SetXY(x, ty)
	pdf.CellFormat(pw, sigH, "Warm wishes,", "", 0, "C", false, 0, "")
	pdf.SetFont("serif", "", 10)
	d.textColour(accent)
	for _, fl := range fromLines {
		ty += sigH
		pdf.SetXY(x, ty)
		pdf.CellFormat(pw, sigH, fl, "", 0, "C", false, 0, "")
	}
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
		out = append(out, wrapWords(pdf, para, width)...)
	}
	return out
}

// wrapWords breaks one paragraph into lines of at most width in the current
// font, at ordinary spaces only: words joined by a no-break space (a shop's
// name, see keepTogether) stay on one line, unless they alone are wider than a
// line, when they break there too. gofpdf's SplitText breaks at every space.
func wrapWords(pdf *gofpdf.Fpdf, text string, width float64) []string {
	var lines []string
	line := ""
	fits := func(s string) bool { return pdf.GetStringWidth(s) <= width-2*pdf.GetCellMargin() }
	for _, word := range strings.Split(text, " ") {
		if word == "" {
			continue
		}
		try := word
		if line != "" {
			try = line + " " + word
		}
		if fits(try) {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
		if fits(word) {
			line = word
			continue
		}
		// A word wider than a line: break it at its no-break spaces, then by
		// rune as gofpdf would.
		lines = append(lines, pdf.SplitText(word, width)...)
		if n := len(lines); n > 0 {
			line, lines = lines[n-1], lines[:n-1]
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
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
