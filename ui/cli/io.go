package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rapport-app/rapport/data/export"
	"github.com/rapport-app/rapport/data/importer"
	"github.com/rapport-app/rapport/data/store"
)

// prepareImport reads and checks the file of an import (customers or sales with
// a mapping guessed from the headers, a vCard file, or issues) before the store
// is opened, and returns the import, which prints how to undo it.
func prepareImport(args []string) (func(e *env) error, error) {
	fs := newFlags("import")
	from := fs.String("from", "", "square, shopify or generic")
	update := fs.Bool("update", false, "overwrite filled fields of matching customers")
	comma := fs.Bool("decimal-comma", false, "amounts are written 1.234,50")
	dayFirst := fs.Bool("day-first", false, "dates with slashes are day/month/year")
	skipBad := fs.Bool("skip-bad-rows", false, "import the good rows, leaving out the bad ones")
	preview := fs.Bool("preview", false, "show what would be stored; store nothing")
	asJSON := fs.Bool("json", false, "print the preview as JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 {
		return nil, fmt.Errorf("import takes a kind (customers, sales, vcard or issues) and a file: %w", errUsage)
	}
	kind, file := pos[0], pos[1]
	switch *from {
	case "", importer.SourceSquare, importer.SourceShopify, importer.SourceGeneric:
	default:
		return nil, fmt.Errorf("import: --from %q is not square, shopify or generic: %w", *from, errUsage)
	}
	switch kind {
	case "vcard", "customers", "sales", "issues":
	default:
		return nil, fmt.Errorf("import: %q is not something to import (customers, sales, vcard or issues): %w", kind, errUsage)
	}
	in, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", kind, err)
	}
	defer in.Close()
	var f *importer.CSVFile
	var m importer.Mapping
	if kind == "vcard" {
		if f, err = importer.ReadVCards(in); err != nil {
			return nil, fmt.Errorf("%s: %w (nothing was imported)", file, err)
		}
		m = importer.VCardMapping()
	} else {
		if f, err = importer.ReadCSV(in, kind); err != nil {
			return nil, fmt.Errorf("%s: %w (nothing was imported)", file, err)
		}
		m = importer.GuessMappingFrom(kind, f.Header, *from)
		m.GuessFormats(f)
	}
	f.Name = filepath.Base(file)
	m.Update, m.SkipBadRows = *update, *skipBad
	if *comma {
		m.DecimalComma = true
	}
	if *dayFirst {
		m.DayFirst = true
	}
	if *preview {
		return func(e *env) error { return printPreview(e, file, f, m, *asJSON) }, nil
	}
	// Every cell that can be checked without the shop is checked now.
	res, err := m.CheckRows(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (nothing was imported)", file, err)
	}
	if len(res) > 0 && !m.SkipBadRows {
		return nil, badRows(file, importer.ErrorsOf(res))
	}
	return func(e *env) error {
		b, err := importer.Import(e.ctx, e.st, f, m)
		var ie *importer.Errors
		if errors.As(err, &ie) {
			return badRows(file, ie)
		}
		if err != nil {
			return fmt.Errorf("%s: %w (nothing was imported)", file, err)
		}
		fmt.Fprintf(e.out, "Imported %s as import #%d (%s file): %s.\n", file, b.ID, b.Source, batchCounts(b))
		for _, n := range b.Notes {
			fmt.Fprintln(e.out, "  "+n)
		}
		for _, a := range m.Assumptions() {
			fmt.Fprintln(e.out, "  "+a)
		}
		fmt.Fprintf(e.out, "To take it back: rapport undo-import %d\n", b.ID)
		return nil
	}, nil
}

// badRows is the refusal of an import with bad rows, listing them.
func badRows(file string, ie *importer.Errors) error {
	lines := make([]string, 0, len(ie.Errors))
	for _, re := range ie.Errors {
		lines = append(lines, "  "+re.Error())
	}
	more := ""
	if ie.Count > len(ie.Errors) {
		more = fmt.Sprintf("\n  … and %d more", ie.Count-len(ie.Errors))
	}
	return fmt.Errorf("%s: %d bad rows, nothing was imported:\n%s%s", file, ie.Count, strings.Join(lines, "\n"), more)
}

func batchCounts(b store.ImportBatch) string {
	parts := []string{fmt.Sprintf("%d new customers", b.NewCustomers), fmt.Sprintf("%d merged", b.MergedCustomers)}
	if b.MergedRows > 0 {
		parts = append(parts, fmt.Sprintf("%d rows merged into a customer an earlier row added", b.MergedRows))
	}
	if b.KeptApart > 0 {
		parts = append(parts, fmt.Sprintf("%d rows with another customer's phone kept apart (see below)", b.KeptApart))
	}
	switch b.Kind {
	case "sales":
		parts = append(parts, fmt.Sprintf("%d sales", b.Sales))
		if b.Skipped > 0 {
			parts = append(parts, fmt.Sprintf("%d rows without a customer skipped", b.Skipped))
		}
	case "issues":
		parts = append(parts, fmt.Sprintf("%d issues", b.Issues))
	}
	if b.Duplicates > 0 {
		parts = append(parts, fmt.Sprintf("%d already imported, skipped", b.Duplicates))
	}
	return strings.Join(parts, ", ")
}

func runImports(e *env, args []string) error {
	if len(args) != 0 {
		return fmt.Errorf("imports takes no arguments: %w", errUsage)
	}
	bs, err := e.st.ImportBatches(e.ctx)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		_, err := fmt.Fprintln(e.out, "No imports yet.")
		return err
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN (UTC)\tKIND\tSOURCE\tFILE\tRESULT\tSTATE")
	for _, b := range bs {
		state := "in place"
		if b.Undone() {
			state = "undone " + b.UndoneAt.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", b.ID, b.At.Format("2006-01-02 15:04"), b.Kind, b.Source, dash(b.FileName), batchCounts(b), state)
	}
	return tw.Flush()
}

func runUndoImport(e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("undo-import takes the ID of an import (see rapport imports): %w", errUsage)
	}
	id, err := parseID("undo-import", "an import (see rapport imports)", args[0])
	if err != nil {
		return err
	}
	b, err := e.st.UndoImport(e.ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Undid import #%d of %s: %s taken back.\n", b.ID, dash(b.FileName), batchCounts(b))
	return nil
}

func runExport(e *env, args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("export takes a kind (%s) and a file: %w", strings.Join(export.Kinds(), ", "), errUsage)
	}
	kind, file := args[0], args[1]
	if kind == "followups" {
		storedPlan(e)
	}
	var n int
	err := export.WriteFilePrivate(file, func(w io.Writer) error {
		var err error
		n, err = export.CSV(e.ctx, e.st, w, kind)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Exported %d %s to %s.\n", n, kind, file)
	return nil
}

func runExportICS(e *env, args []string) error {
	fs := newFlags("export-ics")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("export-ics takes a file: %w", errUsage)
	}
	start, end, err := dayRange(e, "export-ics", *from, *to, 91)
	if err != nil {
		return err
	}
	storedPlan(e)
	var count int
	err = export.WriteFilePrivate(pos[0], func(w io.Writer) error {
		var err error
		count, err = export.ICS(e.ctx, e.st, w, start, end)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Exported %d follow-ups from %s to %s to %s.\n", count, start.Format(time.DateOnly), end.AddDate(0, 0, -1).Format(time.DateOnly), pos[0])
	return nil
}

// previewView is an import's preview as rapport import --preview --json prints it.
type previewView struct {
	File        string              `json:"file"`
	Kind        string              `json:"kind"`
	Source      string              `json:"source"`
	Columns     map[string]string   `json:"columns"` // field → the file's column
	Assumptions []string            `json:"assumptions"`
	Records     int                 `json:"records"`
	New         int                 `json:"new_customers"`
	Merged      int                 `json:"merged_customers"`
	Sales       int                 `json:"sales"`
	Issues      int                 `json:"issues"`
	Skipped     int                 `json:"skipped"`
	BadRows     int                 `json:"bad_rows"`
	Errors      []string            `json:"errors"`
	Rows        []map[string]string `json:"rows"` // the first rows as they would be stored
}

// printPreview shows what importing f would store, without storing anything.
func printPreview(e *env, file string, f *importer.CSVFile, m importer.Mapping, asJSON bool) error {
	pv, err := importer.PreviewImport(e.ctx, e.st, f, m, 10)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	b := pv.Batch
	v := previewView{File: file, Kind: m.Kind, Source: m.Source, Columns: m.Columns, Assumptions: pv.Assumptions, Records: b.Rows,
		New: b.NewCustomers, Merged: b.MergedCustomers, Sales: b.Sales, Issues: b.Issues, Skipped: b.Skipped, BadRows: pv.ErrorCount,
		Errors: []string{}, Rows: []map[string]string{}}
	for _, re := range pv.Errors {
		v.Errors = append(v.Errors, re.Error())
	}
	for _, r := range pv.Rows {
		row := map[string]string{"Row": fmt.Sprint(r.Row)}
		for i, c := range pv.Columns {
			if i == 0 {
				row[c] = r.Action
			} else if i-1 < len(r.Cells) {
				row[c] = r.Cells[i-1]
			}
		}
		v.Rows = append(v.Rows, row)
	}
	if asJSON {
		return printJSON(e.out, v)
	}
	fmt.Fprintf(e.out, "Preview of %s (%s file, nothing was stored): %d records; %s.\n", file, m.Source, b.Rows, batchCounts(b))
	for _, a := range pv.Assumptions {
		fmt.Fprintln(e.out, "  "+a)
	}
	if len(pv.Rows) > 0 {
		tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ROW\t"+strings.ToUpper(strings.Join(pv.Columns, "\t")))
		for _, r := range pv.Rows {
			fmt.Fprintf(tw, "%d\t%s\t%s\n", r.Row, r.Action, strings.Join(r.Cells, "\t"))
		}
		tw.Flush()
	}
	if pv.ErrorCount > 0 {
		fmt.Fprintf(e.out, "%d bad rows; the import would store nothing until they are fixed:\n", pv.ErrorCount)
		for _, msg := range v.Errors {
			fmt.Fprintln(e.out, "  "+msg)
		}
	}
	return nil
}
