package cli

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"text/tabwriter"
)

// viaTabwriter is how the lists were printed before the table: each line its cells
// joined by tabs, through text/tabwriter with the command line's settings.
func viaTabwriter(rows [][]string) string {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
	return b.String()
}

func viaTable(t *testing.T, w interface {
	Write([]byte) (int, error)
}, rows [][]string) {
	t.Helper()
	tb := newTable(rows[0]...)
	for _, r := range rows[1:] {
		tb.row(r...)
	}
	if err := tb.write(w); err != nil {
		t.Fatal(err)
	}
}

// onlyWriter hides the *bytes.Buffer behind it, so that the table goes through
// its bufio.Writer.
type onlyWriter struct{ b *bytes.Buffer }

func (w onlyWriter) Write(p []byte) (int, error) { return w.b.Write(p) }

func TestTablePrintsWhatTabwriterPrinted(t *testing.T) {
	long := strings.Repeat("Wolfeschlegelsteinhausenbergerdorff ", 5) // wider than the spaces copied at once
	for _, tc := range []struct {
		name string
		rows [][]string
	}{
		{"plain ASCII", [][]string{{"ID", "NAME", "REASON"}, {"1", "Ann", "thank you"}, {"22", "Bob Smith", "open problem"}}},
		{"accents and Chinese counted in runes", [][]string{{"ID", "CUSTOMER", "CITY", "REASON"},
			{"1", "Renée Dupré", "Besançon", "thank you"}, {"2", "王小明", "北京", "中文 reason"}, {"3", "Zoë", "Köln", "x"}}},
		{"empty cells", [][]string{{"A", "B", "C"}, {"", "", ""}, {"x", "", "last"}, {"", "y", ""}}},
		{"long cells", [][]string{{"ID", "NAME", "REASON"}, {"1", long, long}, {"2", "short", "s"}}},
		{"one column", [][]string{{"ONLY"}, {"a"}, {"中文"}}},
		{"invalid UTF-8 counted as tabwriter counts it", [][]string{{"A", "B"}, {"a\xc3", "b"}, {"\x80\x80x", "c"}}},
		{"a tab inside a cell", [][]string{{"A", "B", "C"}, {"a\tb", "c", "d"}, {"e", "f", "g"}}},
		{"a newline inside a cell", [][]string{{"A", "B", "C"}, {"a\nb", "c", "d"}, {"e", "f\ng", "h"}}},
		{"a vertical tab and a form feed", [][]string{{"A", "B", "C"}, {"a\vb", "c", "d"}, {"e", "f\fg", "h"}}},
		{"tabwriter's escape byte", [][]string{{"A", "B", "C"}, {"a\xffb\xffc", "d", "e"}, {"f", "g", "\xffh"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := viaTabwriter(tc.rows)
			var b bytes.Buffer
			viaTable(t, &b, tc.rows)
			if got := b.String(); got != want {
				t.Errorf("into a bytes.Buffer:\n got %q\nwant %q", got, want)
			}
			b.Reset()
			viaTable(t, onlyWriter{&b}, tc.rows)
			if got := b.String(); got != want {
				t.Errorf("into another writer:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestTablePadsEachColumnToItsWidestCellInRunesPlusTwo(t *testing.T) {
	var b bytes.Buffer
	tb := newTable("ID", "NAME", "REASON")
	tb.row("7", "Renée", "thank you")
	tb.row("12", "王小明", "open problem")
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "ID  NAME   REASON\n" +
		"7   Renée  thank you\n" +
		"12  王小明    open problem\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestTableReturnsTheWritersError(t *testing.T) {
	for _, cell := range []string{"plain", "with\ttab"} {
		tb := newTable("A", "B")
		tb.row(cell, "x")
		if err := tb.write(failingWriter{}); err == nil || err.Error() != "disk full" {
			t.Errorf("%q: error %v, want disk full", cell, err)
		}
	}
}

func TestATableRowOfTheWrongLengthIsAProgrammingError(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a row of 2 cells under a header of 3 was taken")
		}
	}()
	newTable("A", "B", "C").row("a", "b")
}
