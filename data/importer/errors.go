package importer

import "fmt"

// RowError is a problem with one cell (or one row) of an imported file.
type RowError struct {
	Kind   string // customers, sales, issues or vcard
	Row    int    // as a spreadsheet counts: the header is row 1
	Column string // the file's column; "" for the whole row
	Err    error
	// Unit is what Row counts: "row" (also when empty) or "card" for vCard files.
	Unit string
}

func (e *RowError) Error() string {
	unit := e.Unit
	if unit == "" {
		unit = "row"
	}
	if e.Column == "" {
		return fmt.Sprintf("import %s: %s %d: %v", e.Kind, unit, e.Row, e.Err)
	}
	return fmt.Sprintf("import %s: %s %d, column %q: %v", e.Kind, unit, e.Row, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// Errors refuses an import with every bad row it found.
type Errors struct {
	Errors []*RowError // the first maxReportedErrors
	Count  int         // every bad row; may exceed len(Errors)
}

func (e *Errors) Error() string {
	if len(e.Errors) == 0 {
		return "import: bad rows"
	}
	msg := e.Errors[0].Error()
	if e.Count > 1 {
		msg += fmt.Sprintf(" (and %d more bad rows)", e.Count-1)
	}
	return msg
}

// Unwrap gives the row errors to errors.As.
func (e *Errors) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, re := range e.Errors {
		out[i] = re
	}
	return out
}

// maxReportedErrors is how many bad rows an import lists; it counts them all.
const maxReportedErrors = 200

// ErrorsOf is the refusal of an import with the bad rows errs (CheckRows).
func ErrorsOf(errs []*RowError) *Errors {
	return &Errors{Errors: errs[:min(len(errs), maxReportedErrors)], Count: len(errs)}
}
