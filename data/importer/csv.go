package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// CSVFile is a CSV file read whole: its header and data rows, ready to be mapped.
// Rows are numbered as a spreadsheet numbers them: the header is row 1, the first
// data row is row 2, whatever newlines quoted cells hold.
type CSVFile struct {
	Name      string // the file's name, for the import log; may be empty
	Delimiter rune   // ',', ';' or '\t', sniffed from the header line
	Header    []string
	Rows      [][]string
	// Unit is what a record is called in messages: "row" for CSV, "card" for vCard.
	Unit string
	// RowNums holds the number each record has in messages when it is not its
	// position (vCard cards); nil for CSV.
	RowNums []int
}

// unit is what a record is called: Unit, or "row".
func (f *CSVFile) unit() string {
	if f.Unit == "" {
		return "row"
	}
	return f.Unit
}

// rowNum is the number of the i-th data record in messages.
func (f *CSVFile) rowNum(i int) int {
	if f.RowNums != nil && i < len(f.RowNums) {
		return f.RowNums[i]
	}
	return i + 2
}

// maxImportBytes bounds what ReadCSV reads: far beyond any shop's till export.
const maxImportBytes = 256 << 20

// ReadCSV reads a CSV file exported by a till, a web shop or a spreadsheet: a UTF-8
// byte-order mark is dropped, the delimiter (comma, semicolon or tab) is sniffed from
// the header line, and quoted cells may hold delimiters, quotes and newlines. A file
// that is not UTF-8, has no header or cannot be parsed is refused with the row.
func ReadCSV(r io.Reader, kind string) (*CSVFile, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("import %s: read the file: %w", kind, err)
	}
	if len(body) > maxImportBytes {
		return nil, fmt.Errorf("import %s: the file is larger than %d MB; split it", kind, maxImportBytes>>20)
	}
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	f := &CSVFile{Delimiter: sniffDelimiter(body), Unit: "row"}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = f.Delimiter
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, &RowError{Kind: kind, Row: row, Err: fmt.Errorf("%w (check the quotes in this row)", err)}
		}
		for i, cell := range rec {
			if !utf8.ValidString(cell) {
				col := ""
				if row > 1 && i < len(f.Header) {
					col = f.Header[i]
				}
				return nil, &RowError{Kind: kind, Row: row, Column: col, Err: errors.New("is not UTF-8 text; save the file as \"CSV UTF-8\"")}
			}
		}
		if row == 1 {
			for i := range rec {
				rec[i] = strings.TrimSpace(rec[i])
			}
			f.Header = rec
			continue
		}
		// A cell past the last column is most often a value with the separator in
		// it and no quotes ("12,50" in a comma file): reading on would shift or cut
		// it, so the row is refused instead. Empty trailing cells are harmless.
		if len(rec) > len(f.Header) && !blank(rec[len(f.Header):]) {
			return nil, &RowError{Kind: kind, Row: row, Err: fmt.Errorf("has %d cells but the header names %d columns; put a value that holds %q in quotes",
				len(rec), len(f.Header), f.Delimiter)}
		}
		f.Rows = append(f.Rows, rec)
	}
	if len(f.Header) == 0 || blank(f.Header) {
		return nil, fmt.Errorf("import %s: the file is empty; it needs a header row naming its columns", kind)
	}
	return f, nil
}

// sniffDelimiter counts commas, semicolons and tabs outside quotes on the first line
// and picks the most frequent; a comma when there is none.
func sniffDelimiter(body []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(body) {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' || c == '\r' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// blank reports whether every cell of a row is empty or spaces.
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
