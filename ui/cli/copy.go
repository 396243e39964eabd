package cli

import (
	"fmt"
	"text/tabwriter"
)

// runCopy copies the shop into an empty database (a file or a PostgreSQL URL):
// how a shop moves to a shared server, and back.
func runCopy(e *env, args []string) error {
	fs := newFlags("copy")
	to := fs.String("to", "", "the database to copy into: a file, or postgres://user@host:5432/dbname")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *to == "" {
		return fmt.Errorf("copy takes --to FILE or --to postgres://…: %w", errUsage)
	}
	tables, err := e.st.CopyTo(e.ctx, *to)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Copied %s to %s; every table checked:\n", e.st.Path(), shown(*to))
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tROWS\tCHECKSUM")
	for _, t := range tables {
		fmt.Fprintf(tw, "%s\t%d\t%.16s\n", t.Table, t.Rows, t.Sum)
	}
	return tw.Flush()
}
