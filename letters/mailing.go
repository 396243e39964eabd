package letters

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/rapport-app/rapport/data/shop"
)

// Mailing is what address labels and envelopes for a batch need: the shop
// (its return address), its country (which addresses are foreign), the paper
// (which label sheet and envelope), the date (the PDF's, so the same input
// gives the same bytes) and the recipients, in order.
type Mailing struct {
	Business  shop.Business
	Country   string
	Paper     Paper
	Date      time.Time
	Customers []shop.Customer
}

// LabelSheet is a sheet of self-adhesive address labels.
type LabelSheet struct {
	Name             string
	Page             gofpdf.SizeType
	Cols, Rows       int
	W, H             float64 // one label
	Left, Top        float64 // the first label's corner
	PitchX, PitchY   float64 // from one label's corner to the next
	PadX, PadY       float64 // text inset
	MaxSize, MinSize float64 // font sizes in points
}

// The label sheets Rapport prints on: Avery 5160 on US Letter (30 labels of
// 2⅝×1 in) and Avery L7160 on A4 (21 labels of 63.5×38.1 mm).
var (
	Avery5160  = LabelSheet{"Avery 5160", USLetter.pageSize(), 3, 10, 66.675, 25.4, 4.7625, 12.7, 69.85, 25.4, 4, 1.6, 9, 6}
	AveryL7160 = LabelSheet{"Avery L7160", A4.pageSize(), 3, 7, 63.5, 38.1, 7.25, 15.15, 66.04, 38.1, 5, 2.5, 10, 6.5}
)

// Labels is the label sheet for the paper: 5160 for US Letter, L7160 for A4.
func (p Paper) Labels() LabelSheet {
	if p == A4 {
		return AveryL7160
	}
	return Avery5160
}

// Envelope is an envelope size in millimetres, landscape.
type Envelope struct {
	Name string
	W, H float64
}

// The envelopes Rapport prints on: #10 (4⅛×9½ in) where letters are on US
// Letter, DL (110×220 mm) where they are on A4; both take a letter folded in
// thirds.
var (
	Envelope10 = Envelope{"#10", 241.3, 104.775}
	EnvelopeDL = Envelope{"DL", 220, 110}
)

// Envelope is the envelope for the paper.
func (p Paper) Envelope() Envelope {
	if p == A4 {
		return EnvelopeDL
	}
	return Envelope10
}

// prepareMailing checks m and returns a cleaned copy.
func prepareMailing(m Mailing, what string) (Mailing, error) {
	if len(m.Customers) == 0 {
		return m, fmt.Errorf("letters: no %s to print: the group has no customer with a postal address", what)
	}
	if m.Paper != USLetter && m.Paper != A4 {
		return m, fmt.Errorf("letters: %s: unknown paper size %d (USLetter or A4)", what, int(m.Paper))
	}
	if m.Date.IsZero() {
		return m, fmt.Errorf("letters: %s need a date", what)
	}
	b := m.Business
	b.Name, b.Address = clean(b.Name), cleanLines(b.Address)
	m.Business = b
	cs := make([]shop.Customer, len(m.Customers))
	for i, c := range m.Customers {
		c.Name, c.Company = clean(c.Name), clean(c.Company)
		c.Address, c.City, c.Region = cleanLines(c.Address), clean(c.City), clean(c.Region)
		c.PostalCode, c.Country = clean(c.PostalCode), clean(c.Country)
		if c.Name == "" {
			return m, fmt.Errorf("letters: %s: recipient %d has no name", what, i+1)
		}
		cs[i] = c
	}
	m.Customers = cs
	m.Country = clean(m.Country)
	return m, nil
}

// produce runs build on a new PDF and returns its bytes; gofpdf's errors and
// panics come back as errors.
func produce(d *doc, build func(d *doc)) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("letters: the PDF library failed: %v", r)
		}
	}()
	build(d)
	if err := d.pdf.Error(); err != nil {
		return nil, fmt.Errorf("letters: %w", err)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("letters: producing the PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteLabels writes address labels for m's customers, in order, on the label
// sheet for m.Paper (Paper.Labels). Nothing is written when it fails.
func WriteLabels(w io.Writer, m Mailing) error {
	m, err := prepareMailing(m, "address labels")
	if err != nil {
		return err
	}
	sheet := m.Paper.Labels()
	d := newPDF(sheet.Page, m.Date, m.Business.Name, fmt.Sprintf("%d address labels (%s) from %s", len(m.Customers), sheet.Name, m.Business.Name))
	out, err := produce(d, func(d *doc) {
		pdf := d.pdf
		pdf.SetMargins(0, 0, 0)
		pdf.SetAutoPageBreak(false, 0)
		per := sheet.Cols * sheet.Rows
		for i, c := range m.Customers {
			if i%per == 0 {
				pdf.AddPage()
			}
			n := i % per
			x := sheet.Left + float64(n%sheet.Cols)*sheet.PitchX
			y := sheet.Top + float64(n/sheet.Cols)*sheet.PitchY
			d.addressBlock(addressLines(c, m.Country), x+sheet.PadX, y+sheet.PadY, sheet.W-2*sheet.PadX, sheet.H-2*sheet.PadY,
				sheet.MaxSize, sheet.MinSize, true)
		}
	})
	return writeOut(w, out, err)
}

// WriteEnvelopes writes one envelope per customer of m, in order, on the
// envelope for m.Paper (Paper.Envelope): the shop's return address at the top
// left, the customer's address where postal machines read it.
func WriteEnvelopes(w io.Writer, m Mailing) error {
	m, err := prepareMailing(m, "envelopes")
	if err != nil {
		return err
	}
	env := m.Paper.Envelope()
	size := gofpdf.SizeType{Wd: env.H, Ht: env.W}
	d := newPDF(size, m.Date, m.Business.Name, fmt.Sprintf("%d %s envelopes from %s", len(m.Customers), env.Name, m.Business.Name))
	ret := append([]string{m.Business.Name}, strings.Split(m.Business.Address, "\n")...)
	out, err := produce(d, func(d *doc) {
		pdf := d.pdf
		pdf.SetMargins(0, 0, 0)
		pdf.SetAutoPageBreak(false, 0)
		for _, c := range m.Customers {
			pdf.AddPageFormat("L", size)
			if lg, name := d.logo(m.Business.Logo); lg != nil {
				lw, lh := fitBox(lg.w, lg.h, 34, 12)
				pdf.ImageOptions(name, 12, 10, lw, lh, false, gofpdf.ImageOptions{}, 0, "")
				d.addressBlock(ret, 12, 10+lh+2.5, 80, 24, 8, 6, false)
			} else {
				d.addressBlock(ret, 12, 12, 80, 26, 8, 6, false)
			}
			// The recipient's block starts left of centre and below the middle,
			// inside the area postal machines scan.
			d.addressBlock(addressLines(c, m.Country), env.W*0.42, env.H*0.45, env.W*0.54, env.H*0.45, 11, 8, false)
		}
	})
	return writeOut(w, out, err)
}

// addressBlock sets lines in the box at (x, y), w×h: the largest size from
// maxSize down to minSize at which every line fits, each line shortened with
// an ellipsis as a last resort; centred vertically when middle is set.
func (d *doc) addressBlock(lines []string, x, y, w, h, maxSize, minSize float64, middle bool) {
	pdf := d.pdf
	var kept []string
	for _, ln := range lines {
		if ln = strings.TrimSpace(ln); ln != "" {
			kept = append(kept, ln)
		}
	}
	size := maxSize
	for ; size > minSize; size -= 0.5 {
		pdf.SetFont("sans", "", size)
		if float64(len(kept))*size*0.42 <= h && widest(pdf, kept) <= w {
			break
		}
	}
	lh := size * 0.42
	if n := int(h / lh); len(kept) > n && n > 0 {
		kept = kept[:n] // a label has room for so many lines; the name and street come first
	}
	if middle {
		y += (h - float64(len(kept))*lh) / 2
	}
	d.textColour(ink)
	for _, ln := range kept {
		s := d.fitLine("sans", "", ln, size, size, w)
		pdf.SetXY(x, y)
		pdf.CellFormat(w, lh, s, "", 0, "L", false, 0, "")
		y += lh
	}
}

// writeOut writes a finished PDF to w, or returns the error that stopped it.
func writeOut(w io.Writer, out []byte, err error) error {
	if err != nil {
		return err
	}
	if len(out) == 0 {
		return errors.New("letters: the PDF came out empty")
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("letters: writing the PDF: %w", err)
	}
	return nil
}
