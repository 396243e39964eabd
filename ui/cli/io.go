package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rapport-app/rapport/data/export"
	"github.com/rapport-app/rapport/data/importer"
	"github.com/rapport-app/rapport/data/store"
)

// parseInterspersed parses flags that may stand before, between or after the
// positional arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// runMappedImport imports customers or sales with a mapping guessed from the
// headers, or a vCard file, and prints how to undo it.
func runMappedImport(ctx context.Context, st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	from := fs.String("from", "", "square, shopify or generic")
	update := fs.Bool("update", false, "overwrite filled fields of matching customers")
	comma := fs.Bool("decimal-comma", false, "amounts are written 1.234,50")
	dayFirst := fs.Bool("day-first", false, "dates with slashes are day/month/year")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return fmt.Errorf("import: %v: %w", err, errUsage)
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

// runDataInOut runs imports, undo-import, export and export-ics.
func runDataInOut(ctx context.Context, st *store.Store, cmd string, args []string, stdout io.Writer) error {
	switch cmd {
	case "imports":
		if len(args) != 0 {
			return fmt.Errorf("imports takes no arguments: %w", errUsage)
		}
		bs, err := st.ImportBatches(ctx)
		if err != nil {
			return err
		}
		if len(bs) == 0 {
			_, err := fmt.Fprintln(stdout, "No imports yet.")
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tWHEN (UTC)\tKIND\tSOURCE\tFILE\tRESULT\tSTATE")
		for _, b := range bs {
			state := "in place"
			if b.Undone() {
				state = "undone " + b.UndoneAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", b.ID, b.At.Format("2006-01-02 15:04"), b.Kind, b.Source, dash(b.FileName), batchCounts(b), state)
		}
		return tw.Flush()
	case "undo-import":
		if len(args) != 1 {
			return fmt.Errorf("undo-import takes the ID of an import (see rapport imports): %w", errUsage)
		}
		id, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil {
			return fmt.Errorf("undo-import: %q is not an import ID (see rapport imports): %w", args[0], errUsage)
		}
		b, err := st.UndoImport(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Undid import #%d of %s: %s taken back.\n", b.ID, dash(b.FileName), batchCounts(b))
		return nil
	case "export":
		if len(args) != 2 {
			return fmt.Errorf("export takes a kind (%s) and a file: %w", strings.Join(export.Kinds(), ", "), errUsage)
		}
		kind, file := args[0], args[1]
		var n int
		err := export.WriteFilePrivate(file, func(w io.Writer) error {
			var err error
			n, err = export.CSV(ctx, st, w, kind)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Exported %d %s to %s.\n", n, kind, file)
		return nil
	default: // export-ics
		fs := flag.NewFlagSet("export-ics", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		from := fs.String("from", "", "first day, YYYY-MM-DD")
		to := fs.String("to", "", "last day, YYYY-MM-DD")
		pos, err := parseInterspersed(fs, args)
		if err != nil {
			return fmt.Errorf("export-ics: %v: %w", err, errUsage)
		}
		if len(pos) != 1 {
			return fmt.Errorf("export-ics takes a file: %w", errUsage)
		}
		start, end, err := dayRange(ctx, st, "export-ics", *from, *to, 91)
		if err != nil {
			return err
		}
		if _, err := st.Replan(ctx); err != nil {
			return err
		}
		var count int
		err = export.WriteFilePrivate(pos[0], func(w io.Writer) error {
			var err error
			count, err = export.ICS(ctx, st, w, start, end)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Exported %d follow-ups from %s to %s to %s.\n", count, start.Format(time.DateOnly), end.AddDate(0, 0, -1).Format(time.DateOnly), pos[0])
		return nil
	}
}
