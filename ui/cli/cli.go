// Package cli is Rapport's command line: global flags, the headless commands for
// scripting and tests, and the hand-over to the window when no command is given.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rapport-app/rapport/data/demo"

	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// GUI opens the window on an open store and returns when it is closed.
type GUI func(st *store.Store) error

// ErrorWindow shows, in a window, why Rapport could not start on its database, and
// returns when it is closed. restore, when not nil, puts a backup in place of the
// database (the *store.OpenError names the newest one).
type ErrorWindow func(err error, restore func(backup string) error)

const usage = `Rapport plans follow-ups with your customers and prints your letters.

Usage:
  rapport [--db FILE] [--now TIME]                 open the window
  rapport [--db FILE] [--now TIME] COMMAND [ARGS]  run a command without a window

Commands:
  demo                                   fill an empty database with the demo shop
  import customers|sales|issues FILE.csv [--from square|shopify|generic]
         [--update] [--decimal-comma] [--day-first]
                                         import a till, shop or help-desk export,
                                         columns mapped from its headers; all rows
                                         or none; undoable
  import vcard FILE.vcf                  import contacts (vCard 2.1, 3.0, 4.0)
  imports                                list the imports, newest first
  undo-import ID                         take an import back
  export customers|sales|issues|followups FILE.csv
                                         write a CSV file (readable by you only)
  export-ics FILE.ics [--from DATE] [--to DATE]
                                         planned follow-ups as a calendar (default:
                                         today and the next 90 days)
  agenda --from DATE --to DATE [--json]  follow-ups due from DATE to DATE (inclusive,
                                         YYYY-MM-DD in the shop's time zone)
  today [--json]                         today's call list, most urgent first
  replan                                 plan every follow-up afresh
  backup                                 back up the database now (into the
                                         "backups" folder beside it)
  backups                                list the backups, newest first
  restore FILE                           replace the database with the backup FILE
                                         (checked first; the current file is kept
                                         as a backup)
  help                                   this text

Global flags:
  --db FILE   the database file (default: %s;
              created with the demo shop on first run)
  --now TIME  fix the clock at TIME (RFC 3339, e.g. 2026-11-23T09:00:00-05:00) so that
              results are reproducible

Imported files: the columns are recognised from the headers of Square and Shopify
exports and common names (Email, Phone, Zip, Date, Total, Type, Opened, Subject,
...); a customer row with the email or phone of a stored customer is merged into
them, and a sale or issue finds its customer by email, phone, then name. Dates
without an offset are in the customer's time zone.
`

// DefaultPath is where the database lives when --db is not given: Rapport's folder
// in the user's configuration directory.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user's data folder: %w (give --db FILE)", err)
	}
	return filepath.Join(dir, "Rapport", "rapport.db"), nil
}

func printUsage(w io.Writer) {
	def, err := DefaultPath()
	if err != nil {
		def = "the user's config folder"
	}
	fmt.Fprintf(w, usage, def)
}

// errUsage marks a mistake in the command line; Main prints the usage after it.
var errUsage = errors.New("usage")

// Main runs Rapport with the command-line arguments (without the program name) and
// returns the exit status: 0 for success, 1 for a failed command, 2 for a mistake
// in the command line.
func Main(args []string, stdout, stderr io.Writer, gui GUI) int {
	return MainWith(args, stdout, stderr, gui, nil)
}

// MainWith is Main that also shows start-up errors of the window (no command) in
// showErr, when it is not nil, besides printing them.
func MainWith(args []string, stdout, stderr io.Writer, gui GUI, showErr ErrorWindow) int {
	err := run(args, stdout, gui, showErr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		printUsage(stdout)
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "rapport: %s\n\n", strings.TrimSuffix(err.Error(), ": usage"))
		printUsage(stderr)
		return 2
	default:
		fmt.Fprintf(stderr, "rapport: %v\n", err)
		var oe *store.OpenError
		if errors.As(err, &oe) && oe.Backup != "" {
			fmt.Fprintf(stderr, "The latest backup is %s.\nTo restore it: rapport --db %s restore %s\n", oe.Backup, shellQuote(oe.Path), shellQuote(oe.Backup))
		}
		return 1
	}
}

// shellQuote quotes a path for a command line when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " '\"\\$`!*?&;|<>()[]{}#~\t\n") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

type globals struct {
	db  string
	now time.Time
}

// splitGlobals takes --db and --now out of args wherever they stand.
func splitGlobals(args []string) (globals, []string, error) {
	var g globals
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "db" && name != "now") {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return g, nil, fmt.Errorf("--%s needs a value: %w", name, errUsage)
			}
			i++
			val = args[i]
		}
		switch name {
		case "db":
			g.db = val
		case "now":
			t, err := time.Parse(time.RFC3339, val)
			if err != nil {
				return g, nil, fmt.Errorf("--now %q is not an RFC 3339 time such as 2026-11-23T09:00:00-05:00: %w", val, errUsage)
			}
			g.now = t
		}
	}
	return g, rest, nil
}

func run(args []string, stdout io.Writer, gui GUI, showErr ErrorWindow) error {
	g, rest, err := splitGlobals(args)
	if err != nil {
		return err
	}
	cmd := ""
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "help", "-h", "-help", "--help":
		return flag.ErrHelp
	case "", "demo", "import", "agenda", "today", "replan", "imports", "undo-import", "export", "export-ics",
		"backup", "backups", "restore":
	default:
		return fmt.Errorf("%q is not a command: %w", cmd, errUsage)
	}
	if cmd == "" && gui == nil {
		return fmt.Errorf("no command given and no window available: %w", errUsage)
	}

	path, isDefault := g.db, g.db == ""
	if isDefault {
		if path, err = DefaultPath(); err != nil {
			return err
		}
	}
	switch cmd {
	case "restore":
		return runRestore(path, rest, stdout)
	case "backups":
		return runBackups(path, rest, stdout)
	case "":
		// One window per file: a second one is told who has it open. Headless
		// commands share the file safely through WAL and the busy timeout.
		lock, err := store.AcquireLock(path)
		if err == nil {
			defer lock.Release()
			err = openWindow(path, isDefault, g.now, gui)
		}
		if err != nil && showErr != nil {
			var restore func(string) error
			var oe *store.OpenError
			if errors.As(err, &oe) && oe.Backup != "" && lock != nil {
				restore = func(backup string) error { return store.Restore(path, backup) }
			}
			showErr(err, restore)
		}
		return err
	}
	st, created, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	if !g.now.IsZero() {
		st.Now = func() time.Time { return g.now }
	}
	ctx := context.Background()
	// The first run of the default database shows a believable shop rather than an
	// empty window; a file named with --db starts empty, ready for an import.
	if created && isDefault && cmd != "demo" {
		if err := demo.Seed(ctx, st, assets.SampleLogo); err != nil {
			return err
		}
	}

	switch cmd {
	case "backup":
		if len(rest) > 0 {
			return fmt.Errorf("backup takes no arguments: %w", errUsage)
		}
		p, err := st.Backup(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Backed up %s to %s.\n", st.Path(), p)
		return nil
	case "demo":
		if err := demo.Seed(ctx, st, assets.SampleLogo); err != nil {
			return err
		}
		n, err := count(ctx, st)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Demo shop created in %s: %d customers, %d follow-ups planned.\n", st.Path(), n.customers, n.pending)
		return nil
	case "import":
		return runMappedImport(ctx, st, rest, stdout)
	case "imports", "undo-import", "export", "export-ics":
		return runDataInOut(ctx, st, cmd, rest, stdout)
	case "replan":
		n, err := st.Replan(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d follow-ups planned.\n", n)
		return nil
	case "agenda":
		return runAgenda(ctx, st, rest, stdout)
	default:
		return runToday(ctx, st, rest, stdout)
	}
}

// openWindow opens the store, seeds a new default database with the demo shop,
// hands the store to the window and makes the day's backup meanwhile.
func openWindow(path string, isDefault bool, now time.Time, gui GUI) error {
	st, created, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	if !now.IsZero() {
		st.Now = func() time.Time { return now }
	}
	ctx := context.Background()
	if created && isDefault {
		if err := demo.Seed(ctx, st, assets.SampleLogo); err != nil {
			return err
		}
	}
	// The day's backup and the re-plan (ui.New) both run behind the open window:
	// on a big shop each takes seconds. The store stays open until the backup ends.
	backedUp := make(chan struct{})
	go func() {
		defer close(backedUp)
		if _, err := st.BackupIfDue(ctx, store.DefaultKeep); err != nil {
			// A failed backup must not keep the shop out of its data; the Backups
			// panel shows when the last one was made.
			fmt.Fprintf(os.Stderr, "rapport: the daily backup failed: %v\n", err)
		}
	}()
	err = gui(st)
	<-backedUp
	return err
}

func runRestore(path string, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("restore takes the backup file to restore: %w", errUsage)
	}
	// Never swap the file under an open window.
	lock, err := store.AcquireLock(path)
	if err != nil {
		return err
	}
	defer lock.Release()
	if err := store.Restore(path, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s from %s; the file it replaced is kept in %s.\n", path, args[0], store.BackupDir(path))
	return nil
}

func runBackups(path string, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("backups takes no arguments: %w", errUsage)
	}
	bs, err := store.ListBackups(path)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		fmt.Fprintf(stdout, "No backups of %s yet.\n", path)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MADE\tSIZE\tFILE")
	for _, b := range bs {
		note := ""
		if b.BeforeRestore {
			note = " (before a restore)"
		}
		fmt.Fprintf(tw, "%s\t%d KB\t%s%s\n", b.Time.Format("2006-01-02 15:04"), (b.Size+1023)/1024, b.Path, note)
	}
	return tw.Flush()
}

type counts struct{ customers, pending int }

func count(ctx context.Context, st *store.Store) (counts, error) {
	cs, err := st.Customers(ctx, "")
	if err != nil {
		return counts{}, err
	}
	items, err := st.Agenda(ctx, time.Unix(0, 0), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	return counts{len(cs), len(items)}, err
}

// dayRange reads --from and --to (YYYY-MM-DD, inclusive, in the shop's time zone)
// as the half-open span [start, end). Without --to the span is days long, from
// --from or else from today.
func dayRange(ctx context.Context, st *store.Store, cmd, from, to string, days int) (start, end time.Time, err error) {
	b, err := st.Business(ctx)
	if err != nil {
		return start, end, err
	}
	loc := b.Location()
	today := st.Now().In(loc)
	start = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	if from != "" {
		if start, err = time.ParseInLocation(time.DateOnly, from, loc); err != nil {
			return start, end, fmt.Errorf("%s: --from %q is not a date (YYYY-MM-DD): %w", cmd, from, errUsage)
		}
	}
	end = start.AddDate(0, 0, days)
	if to != "" {
		last, err := time.ParseInLocation(time.DateOnly, to, loc)
		if err != nil {
			return start, end, fmt.Errorf("%s: --to %q is not a date (YYYY-MM-DD): %w", cmd, to, errUsage)
		}
		end = last.AddDate(0, 0, 1)
	}
	if !end.After(start) {
		return start, end, fmt.Errorf("%s: --to is before --from: %w", cmd, errUsage)
	}
	return start, end, nil
}

func runAgenda(ctx context.Context, st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("agenda", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("agenda: %v: %w", err, errUsage)
	}
	start, end, err := dayRange(ctx, st, "agenda", *from, *to, 7)
	if err != nil {
		return err
	}
	if _, err := st.Replan(ctx); err != nil {
		return err
	}
	items, err := st.Agenda(ctx, start, end)
	if err != nil {
		return err
	}
	return printItems(stdout, items, *asJSON)
}

func runToday(ctx context.Context, st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("today", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("today: %v: %w", err, errUsage)
	}
	if _, err := st.Replan(ctx); err != nil {
		return err
	}
	items, err := st.Today(ctx)
	if err != nil {
		return err
	}
	return printItems(stdout, items, *asJSON)
}

// Item is one follow-up as the headless commands print it.
type Item struct {
	ID         shop.ID  `json:"id"`
	CustomerID shop.ID  `json:"customer_id"`
	Customer   string   `json:"customer"`
	Reason     string   `json:"reason"`
	Reasons    []string `json:"reasons"`
	Channel    string   `json:"channel"`
	Due        string   `json:"due"` // RFC 3339 in the customer's zone
	TimeZone   string   `json:"time_zone"`
	Assignee   string   `json:"assignee"`
	Reference  string   `json:"reference"`
	Priority   string   `json:"priority"`
	Promised   bool     `json:"promised"`
	Overdue    bool     `json:"overdue"`
}

// PriorityLabel names a priority class of FOLLOWUP_RULES.md §6.
func PriorityLabel(p int) string {
	switch p {
	case shop.PriorityOpenProblem:
		return "open problem"
	case shop.PriorityPromise:
		return "promise or overdue"
	}
	return "routine"
}

func toItem(a shop.AgendaItem) Item {
	it := Item{ID: a.ID, CustomerID: a.CustomerID, Customer: a.Customer.Name, Reason: a.Summary(), Channel: string(a.Channel),
		Due: a.Local().Format(time.RFC3339), TimeZone: a.TimeZone, Assignee: a.Assignee, Reference: strings.Join(a.References(), ", "),
		Priority: PriorityLabel(a.Priority), Promised: a.Promised, Overdue: a.Overdue, Reasons: []string{}}
	for _, r := range a.Reasons {
		it.Reasons = append(it.Reasons, r.Text)
	}
	return it
}

func printItems(w io.Writer, items []shop.AgendaItem, asJSON bool) error {
	out := make([]Item, len(items))
	for i, a := range items {
		out[i] = toItem(a)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(out) == 0 {
		_, err := fmt.Fprintln(w, "No follow-ups planned.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DUE (CUSTOMER'S TIME)\tCUSTOMER\tCHANNEL\tASSIGNEE\tREF\tREASON")
	for _, it := range out {
		flags := ""
		if it.Priority == PriorityLabel(shop.PriorityOpenProblem) {
			flags = "[open problem] "
		}
		if it.Promised {
			flags += "[promised] "
		}
		if it.Overdue {
			flags += "[overdue] "
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s%s\n", it.Due, it.Customer, it.Channel, dash(it.Assignee), dash(it.Reference), flags, it.Reason)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
