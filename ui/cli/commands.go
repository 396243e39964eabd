package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// env is what a command runs with: the open store and where it prints (notes
// beside the output go to errOut).
type env struct {
	ctx    context.Context
	st     *store.Store
	out    io.Writer
	errOut io.Writer
}

// command is one headless command. Commands that work on the database file itself
// (backups, restore) have file instead of run: they never open the store. A
// command that reads a file of its own (import) has prepare, which reads and
// checks it before the store is opened, and returns the work to do on the store.
type command struct {
	name    string
	usage   string // the arguments, as the help shows them
	help    string // one line or more, shown indented under the usage
	run     func(e *env, args []string) error
	file    func(path string, args []string, out io.Writer) error
	prepare func(args []string) (func(e *env) error, error)
	// looks marks a command that only shows what is stored (with no set, add or
	// delete after it): on a --db file that does not exist it makes nothing.
	looks bool
}

// onlyLooks reports whether the command, with these arguments, only shows what
// is stored.
func (c command) onlyLooks(args []string) bool {
	if !c.looks {
		return false
	}
	if len(args) > 0 {
		switch args[0] {
		case "set", "add", "delete":
			return false
		}
	}
	return true
}

// commands is every headless command, in the order the help lists them.
var commands []command

func init() {
	commands = []command{
		{name: "today", usage: "[--json]", help: "today's call list, most urgent first", run: runToday, looks: true},
		{name: "agenda", usage: "[--from DATE] [--to DATE] [--json]", help: "follow-ups due from DATE to DATE (inclusive, YYYY-MM-DD in the shop's time zone; default: the next 7 days)", run: runAgenda, looks: true},
		{name: "replan", help: "plan every follow-up afresh", run: runReplan},
		{name: "done", usage: "ID [--notes TEXT] [--score 1-5] [--resolve]", help: "record a follow-up as done (ID as in agenda --json); --resolve marks the issues it was about as resolved", run: runDone},
		{name: "no-answer", usage: "ID [--notes TEXT]", help: "record that nobody answered; it is tried again on a later day", run: runNoAnswer},
		{name: "reschedule", usage: "ID --to \"YYYY-MM-DD HH:MM\"", help: "move a follow-up to a time in the customer's zone (a call must fall in their call hours)", run: runReschedule},
		{name: "skip", usage: "ID [--notes TEXT]", help: "skip a follow-up: it is not planned again", run: runSkip},
		{name: "digest", usage: "[--for NAME] [--json]", help: "the start of the day: today's calls by person, promises due today, broken promises and emails to send (--for one staff member's)", run: runDigest, looks: true},
		{name: "promises", usage: "[--json]", help: "the promise ledger: every promise made and what became of it, broken first", run: runPromises, looks: true},
		{name: "promise", usage: "EMAIL|ID --due \"YYYY-MM-DD HH:MM\" [--channel phone|email|letter]\n         [--issue REF] [--note TEXT] [--by STAFF]", help: "record a follow-up promised to a customer (the time in their zone)", run: runPromise},
		{name: "customer", usage: "EMAIL|ID [--json]", help: "print a customer", run: runCustomer, looks: true},
		{name: "customer set", usage: "EMAIL|ID KEY=VALUE...", help: "change a customer: " + strings.Join(customerKeys(), ", ")},
		{name: "customer add", usage: "NAME [KEY=VALUE...]", help: "add a customer (keys as for customer set)"},
		{name: "customer delete", usage: "EMAIL|ID", help: "delete a customer with everything recorded about them"},
		{name: "sale", usage: "EMAIL|ID --amount AMOUNT [--at \"YYYY-MM-DD HH:MM\"] [--items TEXT]\n         [--channel visit|phone|email|letter|web] [--sold-by STAFF]", help: "log a sale (the time in the customer's zone; default now)", run: runSale},
		{name: "sale delete", usage: "ID", help: "delete a sale (its follow-ups already made stay in the history)"},
		{name: "issue", usage: "EMAIL|ID --type TYPE [--summary TEXT] [--channel C] [--opened TIME]\n         [--handled-by STAFF] [--follow-up-in DAYS] [--json]", help: "log an issue; --follow-up-in records the follow-up the customer accepted, as the issue form does", run: runIssue},
		{name: "issue set", usage: "REF KEY=VALUE...", help: "change an issue: resolved=yes|no, escalated=yes|no, complicated=yes|no, summary=TEXT, handled_by=STAFF"},
		{name: "issue delete", usage: "REF", help: "delete an issue (its follow-ups already made stay in the history)"},
		{name: "contact", usage: "EMAIL|ID --direction in|out [--channel C] [--at TIME] [--note TEXT] [--by STAFF]", help: "log a contact (a call, email, letter or visit)", run: runContact},
		{name: "print", usage: "thank-you|follow-up|apology --followup ID --out FILE.pdf", help: "print the letter for a follow-up; it is logged as sent", run: runPrint},
		{name: "print", usage: "cards|labels|envelopes|invitations [--tag T] [--kind business|consumer]\n         [--since DATE] [--before DATE] --out FILE.pdf [--greeting G] [--message M]\n         [--promo P] [--event NAME --when \"YYYY-MM-DD [HH:MM]\" [--where PLACE]]", help: "print for a group; cards and invitations are logged as sent"},
		{name: "send", usage: "[--dry-run] [--json] [--mark-sent ID] [--send-again ID] [--test ADDRESS]", help: "send every email follow-up due now (for cron); --dry-run prints them; --mark-sent/--send-again settle an email whose outcome is unknown", run: runSend},
		{name: "template", usage: "[KIND] [--json]", help: "list the letter and email templates, or print one kind's text", run: runTemplate, looks: true},
		{name: "template set", usage: "KIND FILE.txt", help: "print the kind of letter with your own text (placeholders such as {first_name} are checked)"},
		{name: "template reset", usage: "KIND", help: "go back to the default text"},
		{name: "shop", usage: "[--json]", help: "print the shop's profile", run: runShop, looks: true},
		{name: "shop set", usage: "KEY=VALUE...", help: "change the shop: " + strings.Join(shopKeys, ", ")},
		{name: "staff", usage: "[--json]", help: "list the staff", run: runStaff, looks: true},
		{name: "staff add", usage: "NAME [--title T] [--senior]", help: "add a staff member"},
		{name: "staff set", usage: "NAME KEY=VALUE...", help: "change a staff member: name, title, senior=yes|no, active=yes|no"},
		{name: "rules", usage: "[--json]", help: "list the follow-up rules with their values and defaults", run: runRules, looks: true},
		{name: "rules set", usage: "KEY=VALUE...", help: "change rules (keys as rules lists them, e.g. block_minutes=60)"},
		{name: "import", usage: "customers|sales|issues FILE.csv [--from square|shopify|generic]\n         [--update] [--decimal-comma] [--day-first] [--skip-bad-rows]\n         [--preview [--json]]", help: "import a till, shop or help-desk export, columns mapped from its headers; all rows or none (--skip-bad-rows: the good ones, saying which were left out); undoable. A sale already imported (the same order ID, or the same customer, time, amount and items) is skipped. --preview shows what it would store and stores nothing", prepare: prepareImport},
		{name: "import", usage: "vcard FILE.vcf", help: "import contacts (vCard 2.1, 3.0, 4.0)"},
		{name: "imports", help: "list the imports, newest first", run: runImports, looks: true},
		{name: "undo-import", usage: "ID", help: "take an import back", run: runUndoImport},
		{name: "export", usage: "customers|sales|issues|followups FILE.csv", help: "write a CSV file (readable by you only)", run: runExport, looks: true},
		{name: "export-ics", usage: "FILE.ics [--from DATE] [--to DATE]", help: "planned follow-ups as a calendar (default: today and the next 90 days)", run: runExportICS, looks: true},
		{name: "report", usage: "[--from DATE] [--to DATE] [--json | --pdf FILE]", help: "how the follow-ups went and whether they pay, from DATE to DATE (inclusive, YYYY-MM-DD in the shop's time zone; default: the last 12 months); --json gives every figure of the Reports screen, --pdf FILE prints it on the letterhead", run: runReport, looks: true},
		{name: "demo", help: "fill an empty database with the demo shop", run: runDemo},
		{name: "backup", help: "back up the database now (into the \"backups\" folder beside it; a shared shop's into this computer's Rapport folder, as a file Rapport can open)", run: runBackup, looks: true},
		{name: "backups", help: "list the backups, newest first", file: runBackups},
		{name: "restore", usage: "FILE [--wait DURATION] [--force]", help: "replace the database with the backup FILE (checked first; the current file is kept as a backup). It waits (default 30s) for commands that have the file open, and refuses while a window has it. A shared shop is restored in one transaction, refused while other computers have it open (unless --force)", file: runRestore},
		{name: "copy", usage: "--to FILE|postgres://…", help: "copy the whole shop into an empty database: a file, or a shared shop's PostgreSQL database (and back); one transaction, every table checked by its row count and a checksum", run: runCopy, looks: true},
		{name: "password", usage: "[--forget]", help: "remember the shared shop's database password in this computer's keyring (typed, or piped in as one line; checked with the server first; never written to a file), used when ~/.pgpass and PGPASSWORD give none; --forget takes it out", file: runPassword},
		{name: "help", help: "this text"},
	}
}

// find is the command named name ("customer", "shop"…), the one that runs it; the
// sub-commands (customer set) are run by their parent.
func find(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name && (c.run != nil || c.file != nil || c.prepare != nil) {
			return c, true
		}
	}
	return command{}, false
}

const usageHead = `Rapport plans follow-ups with your customers and prints your letters.

Usage:
  rapport [--db FILE] [--now TIME]                 open the window
  rapport [--db FILE] [--now TIME] COMMAND [ARGS]  run a command without a window

Commands:
`

const usageTail = `
Global flags:
  --db FILE   the database file (default: %s;
              created with the demo shop on first run), or a shared shop's
              PostgreSQL database: postgres://user@host:5432/dbname (the password
              from ~/.pgpass, PGPASSWORD or the keyring: rapport password).
              RAPPORT_DB sets the default.
  --now TIME  fix the clock at TIME (RFC 3339, e.g. 2026-11-23T09:00:00-05:00) so that
              results are reproducible

EMAIL|ID names a customer by email address or number; ID of a follow-up is the "id"
of agenda --json or today --json. Commands that print take --json for scripts.
Exit status: 0 done, 1 refused (the message says why; nothing was changed), 2 a
mistake in the command line.

Imported files: the columns are recognised from the headers of Square and Shopify
exports and common names (Email, Phone, Zip, Date, Total, Type, Opened, Subject,
...); a customer row with the email or phone of a stored customer is merged into
them, and a sale or issue finds its customer by email, phone, then name. Dates
without an offset are in the customer's time zone.
`

func printUsage(w io.Writer) {
	def, err := DefaultPath()
	if err != nil {
		def = "the user's config folder"
	}
	fmt.Fprint(w, usageHead)
	for _, c := range commands {
		line := "  " + c.name
		if c.usage != "" {
			line += " " + c.usage
		}
		fmt.Fprintln(w, line)
		for _, l := range wrap(c.help, 72) {
			fmt.Fprintln(w, "        "+l)
		}
	}
	fmt.Fprintf(w, usageTail, def)
}

// timeLayout is how a time is written on the command line: local to the
// customer or the shop, as the command says.
const timeLayout = "2006-01-02 15:04"

// parseLocal reads "YYYY-MM-DD HH:MM" (or "YYYY-MM-DD" when dayOK, as midnight) in
// loc; flag names the flag in the message. A time the clocks skip in loc (a
// daylight-saving jump) is refused, saying so.
func parseLocal(flag, v string, loc *time.Location, dayOK bool) (time.Time, error) {
	v = strings.Join(strings.Fields(v), " ")
	for _, layout := range []string{timeLayout, "2006-01-02T15:04"} {
		if w, err := time.Parse(layout, v); err == nil {
			t, err := shop.AtWallClock(w, loc)
			if err != nil {
				return time.Time{}, fmt.Errorf("%s %q: %w", flag, v, err)
			}
			return t, nil
		}
	}
	if dayOK {
		if t, err := time.ParseInLocation(time.DateOnly, v, loc); err == nil {
			return t, nil
		}
		return time.Time{}, fmt.Errorf("%s %q is not a date or time (YYYY-MM-DD or \"YYYY-MM-DD HH:MM\"): %w", flag, v, errUsage)
	}
	return time.Time{}, fmt.Errorf("%s %q is not a time (\"YYYY-MM-DD HH:MM\"): %w", flag, v, errUsage)
}

// wrap breaks s into lines of at most width runes, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
