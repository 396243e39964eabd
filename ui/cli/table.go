package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// table prints rows of cells in columns, byte for byte as text/tabwriter does
// with the settings of the command line's lists (minwidth 0, tabwidth 4, padding
// 2, padchar ' ', no flags) when each line is its cells joined by tabs: a column
// is as wide as its widest cell in runes plus two, and the last cell of a line is
// not padded. tabwriter keeps the whole text in its buffer, cell by cell, and
// copies it out again; a week's agenda of a big shop is megabytes, and this table
// writes each line once, into an output grown to the size it will have.
//
// Every row has the cells of the header. A cell holding a byte that tabwriter
// reads as a cell or line break or as an escape ('\t', '\n', '\v', '\f', 0xff)
// makes the table go through tabwriter, so that the output stays what it was in
// every case.
type table struct {
	cols    int
	cells   []string // row after row
	widths  []int    // the widest cell of each column but the last, in runes
	special bool     // the lines are not a plain grid: tabwriter lays them out
}

// newTable starts a table with its header line.
func newTable(header ...string) *table {
	t := &table{cols: len(header), widths: make([]int, max(len(header)-1, 0))}
	t.row(header...)
	return t
}

// grow makes room for rows more lines, so that a long list is not copied as it
// grows.
func (t *table) grow(rows int) { t.cells = slices.Grow(t.cells, rows*t.cols) }

// row adds a line of as many cells as the header.
func (t *table) row(cells ...string) {
	if len(cells) != t.cols {
		panic(fmt.Sprintf("table: a row of %d cells under a header of %d", len(cells), t.cols))
	}
	for j, c := range cells {
		w, plain := cellWidth(c)
		if !plain {
			t.special = true
		}
		if j < len(t.widths) && w > t.widths[j] {
			t.widths[j] = w
		}
	}
	t.cells = append(t.cells, cells...)
}

// cellWidth is the width tabwriter gives a cell (its runes, as utf8.RuneCount
// counts them) and whether tabwriter takes it as plain text.
func cellWidth(c string) (width int, plain bool) {
	var class byte
	for i := 0; i < len(c); i++ {
		class |= byteClass[c[i]]
	}
	switch {
	case class&tabwriterByte != 0:
		return 0, false
	case class&nonASCII != 0:
		return utf8.RuneCountInString(c), true
	}
	return len(c), true
}

// The classes of bytes cellWidth tells apart.
const (
	nonASCII      = 1 << iota // part of a rune beyond ASCII: the width is counted in runes
	tabwriterByte             // a cell or line break, or tabwriter's escape
)

var byteClass = func() (c [256]byte) {
	for b := utf8.RuneSelf; b < 256; b++ {
		c[b] = nonASCII
	}
	for _, b := range []byte{'\t', '\n', '\v', '\f', tabwriter.Escape} {
		c[b] |= tabwriterByte
	}
	return c
}()

// write prints the table to w.
func (t *table) write(w io.Writer) error {
	if t.special {
		return t.writeTabwriter(w)
	}
	if b, ok := w.(*bytes.Buffer); ok {
		b.Grow(t.size())
		t.writeLines(b)
		return nil
	}
	bw := bufio.NewWriter(w)
	t.writeLines(bw) // bufio keeps the first error for Flush
	return bw.Flush()
}

// pad is the padding of the table, the spaces after each cell but the last.
const pad = 2

// size is the length of the printed table in bytes.
func (t *table) size() int {
	fixed := 0 // the padded columns: the same on every line
	for _, w := range t.widths {
		fixed += w + pad
	}
	n := 0
	for i := t.cols - 1; i < len(t.cells); i += t.cols {
		n += fixed + len(t.cells[i]) + 1
	}
	return n
}

// spaces is padding to copy from.
var spaces = bytes.Repeat([]byte{' '}, 64)

func (t *table) writeLines(w io.Writer) {
	var line []byte
	for r := 0; r < len(t.cells); r += t.cols {
		line = line[:0]
		for j, c := range t.cells[r : r+t.cols] {
			line = append(line, c...)
			if j == len(t.widths) {
				break
			}
			cw, _ := cellWidth(c)
			for n := t.widths[j] + pad - cw; n > 0; n -= len(spaces) {
				line = append(line, spaces[:min(n, len(spaces))]...)
			}
		}
		line = append(line, '\n')
		w.Write(line) //nolint:errcheck // see write
	}
}

// writeTabwriter prints the table through tabwriter, each line its cells joined
// by tabs.
func (t *table) writeTabwriter(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, pad, ' ', 0)
	for r := 0; r < len(t.cells); r += t.cols {
		if _, err := io.WriteString(tw, strings.Join(t.cells[r:r+t.cols], "\t")+"\n"); err != nil {
			return err
		}
	}
	return tw.Flush()
}
