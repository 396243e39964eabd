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

// runMappedImport imports customers or sales with a mapping guessed from the
// headers, or a vCard file, and prints how to undo it.
func runMappedImport(e *env, args []string) error {
	ctx, st, stdout := e.ctx, e.st, e.out
	fs := newFlags("import")
	from := fs.String("from", "", "square, shopify or generic")
	update := fs.Bool("update", false, "overwrite filled fields of matching customers")
	comma := fs.Bool("decimal-comma", false, "amounts are written 1.234,50")
	dayFirst := fs.Bool("day-first", false, "dates with slashes are day/month/year")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("import takes a kind (customers, sales, vcard or issues) and a file: %w", errUsage)
	}
	kind, file := pos[0], pos[1]
	switch *from {
	case "", importer.SourceSquare, importer.SourceShopify, importer.SourceGeneric:
	default:
		return fmt.Errorf("import: --from %q is not square, shopify or generic: %w", *from, errUsage)
	}
	in, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("import %s: %w", kind, err)
	}
	defer in.Close()
	var f *importer.CSVFile
	var m importer.Mapping
	switch kind {
	case "vcard":
		if f, err = importer.ReadVCards(in); err != nil {
			return fmt.Errorf("%s: %w (nothing was imported)", file, err)
		}
		m = importer.VCardMapping()
	case "customers", "sales", "issues":
		if f, err = importer.ReadCSV(in, kind); err != nil {
			return fmt.Errorf("%s: %w (nothing was imported)", file, err)
		}
		m = importer.GuessMappingFrom(kind, f.Header, *from)
		m.GuessFormats(f)
	default:
		return fmt.Errorf("import: %q is not something to import (customers, sales, vcard or issues): %w", kind, errUsage)
	}
	f.Name = filepath.Base(file)
	m.Update = *update
	if *comma {
		m.DecimalComma = true
	}
	if *dayFirst {
		m.DayFirst = true
	}
	b, err := importer.Import(ctx, st, f, m)
	var ie *importer.Errors
	if errors.As(err, &ie) {
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
	if err != nil {
		return fmt.Errorf("%s: %w (nothing was imported)", file, err)
	}
	fmt.Fprintf(stdout, "Imported %s as import #%d (%s file): %s.\n", file, b.ID, b.Source, batchCounts(b))
	for _, a := range m.Assumptions() {
		fmt.Fprintln(stdout, "  "+a)
	}
	fmt.Fprintf(stdout, "To take it back: rapport undo-import %d\n", b.ID)
	return nil
}

func batchCounts(b store.ImportBatch) string {
	parts := []string{fmt.Sprintf("%d new customers", b.NewCustomers), fmt.Sprintf("%d merged", b.MergedCustomers)}
	if b.Kind == "sales" {
		parts = append(parts, fmt.Sprintf("%d sales", b.Sales))
		if b.Skipped > 0 {
			parts = append(parts, fmt.Sprintf("%d rows without a customer skipped", b.Skipped))
		}
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
