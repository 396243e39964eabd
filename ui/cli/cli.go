// Package cli is Rapport's command line: a second complete interface over the same
// services as the window, for scripts, support and tests. It reads the global
// flags, runs a headless command, or hands over to the window when none is given.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rapport-app/rapport/assets"
	"github.com/rapport-app/rapport/data/demo"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/ui/dbpass"
)

// GUI opens the window on an open store and returns when it is closed.
type GUI func(st *store.Store) error

// ErrorWindow shows, in a window, why Rapport could not start on its database, and
// returns when it is closed. restore, when not nil, puts a backup in place of the
// database (the *engine.OpenError names the newest one).
type ErrorWindow func(err error, restore func(backup string) error)

// DefaultPath is where the database lives when --db is not given: Rapport's folder
// in the user's configuration directory.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user's data folder: %w (give --db FILE)", err)
	}
	return filepath.Join(dir, "Rapport", "rapport.db"), nil
}

// errUsage marks a mistake in the command line; Main prints the usage after it.
var errUsage = errors.New("usage")

// Main runs Rapport with the command-line arguments (without the program name) and
// returns the exit status: 0 for success, 1 for a refused command, 2 for a mistake
// in the command line.
func Main(args []string, stdout, stderr io.Writer, gui GUI) int {
	return MainWith(args, stdout, stderr, gui, nil)
}

// MainWith is Main that also shows start-up errors of the window (no command) in
// showErr, when it is not nil, besides printing them.
func MainWith(args []string, stdout, stderr io.Writer, gui GUI, showErr ErrorWindow) int {
	return MainWindows(args, stdout, stderr, Windows{Main: gui, Error: showErr})
}

// MainWindows is Main with every window of the start: the main one, the one of
// start-up errors and the one of the first start (each may be nil but Main).
func MainWindows(args []string, stdout, stderr io.Writer, w Windows) int {
	// A shared shop's password may be in this computer's keyring.
	dbpass.Install()
	err := engine.Explain(run(args, stdout, stderr, w))
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
		var oe *engine.OpenError
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

func run(args []string, stdout, stderr io.Writer, w Windows) error {
	gui := w.Main
	g, rest, err := splitGlobals(args)
	if err != nil {
		return err
	}
	name := ""
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	var cmd command
	switch name {
	case "help", "-h", "-help", "--help":
		return flag.ErrHelp
	case "":
		if gui == nil {
			return fmt.Errorf("no command given and no window available: %w", errUsage)
		}
	default:
		var ok bool
		if cmd, ok = find(name); !ok {
			return fmt.Errorf("%q is not a command: %w", name, errUsage)
		}
	}

	// --db, else RAPPORT_DB, names the shop: a file or a PostgreSQL URL (a shared
	// shop). Only the default file is seeded with the demo shop.
	path := g.db
	if path == "" {
		path = os.Getenv("RAPPORT_DB")
	}
	if path == "" {
		path = engine.SharedShop() // this computer's choice (Settings → This computer)
	}
	isDefault := path == ""
	if isDefault {
		if path, err = DefaultPath(); err != nil {
			return err
		}
	}
	if name == "" {
		if isDefault && w.First != nil && firstStart(path) {
			return runFirstStart(path, g.now, w.First)
		}
		return runWindow(path, isDefault, g.now, w)
	}
	if cmd.file != nil {
		return cmd.file(path, rest, stdout)
	}
	work := func(e *env) error { return cmd.run(e, rest) }
	if cmd.prepare != nil {
		// Read and check the command's own input (an import file, perhaps a slow
		// pipe) before the store is opened: nobody waits for it.
		if work, err = cmd.prepare(rest); err != nil {
			return err
		}
	}
	var st *store.Store
	created := false
	folderMade := false
	if !isDefault && cmd.onlyLooks(rest) {
		// Looking at a file that is not there makes nothing: a mistyped --db would
		// otherwise be an empty shop, shown as "0 customers".
		if st, err = store.OpenExisting(path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("there is no shop at %s (%s); nothing was made. Give --db the file of your shop; "+
				"a command that adds to a shop (import, customer add, demo) starts a new one", shown(path), missingWhat(path))
		}
	} else {
		if _, serr := os.Stat(filepath.Dir(path)); errors.Is(serr, fs.ErrNotExist) && !engine.IsURL(path) {
			folderMade = true
		}
		st, created, err = store.Open(path)
	}
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			st.Close()
		}
	}()
	if !g.now.IsZero() {
		st.Now = func() time.Time { return g.now }
	}
	ctx := context.Background()
	if created && !isDefault && name != "demo" {
		note := ""
		if folderMade {
			note = " (its folder " + filepath.Dir(path) + " was made too)"
		}
		if engine.IsURL(path) {
			fmt.Fprintf(stderr, "rapport: %s had no shop in it: this is a new, empty shop.\n", shown(path))
		} else {
			fmt.Fprintf(stderr, "rapport: %s did not exist: this is a new, empty shop%s.\n", path, note)
		}
	}
	// The first run of the default database shows a believable shop rather than an
	// empty window; a file named with --db starts empty, ready for an import.
	if created && isDefault && name != "demo" {
		if err := demo.Seed(ctx, st, assets.SampleLogo); err != nil {
			return err
		}
	}
	// What the command prints is shown once its work is known to have survived:
	// Close fails when the file was replaced under the store. A command that
	// failed part-way (send, with one email refused) has printed what it did and
	// what failed; that is shown before its error.
	var out bytes.Buffer
	werr := work(&env{ctx: ctx, st: st, out: &out, errOut: stderr})
	closed = true
	if err := st.Close(); err != nil {
		return errors.Join(werr, err)
	}
	if _, err := io.Copy(stdout, &out); err != nil {
		return errors.Join(werr, err)
	}
	return werr
}

// shown is path as it may be shown: a URL without its password.
func shown(path string) string {
	if engine.IsURL(path) {
		return engine.RedactURL(path)
	}
	return path
}

// missingWhat says what is missing of path: the file, or its folder.
func missingWhat(path string) string {
	if engine.IsURL(path) {
		return "the database has no shop in it yet"
	}
	if _, err := os.Stat(filepath.Dir(path)); errors.Is(err, fs.ErrNotExist) {
		return "its folder " + filepath.Dir(path) + " does not exist"
	}
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		return "the file is empty"
	}
	return "the file does not exist"
}

// runWindow opens the window on path, one window per file: a second one is told
// who has the file open. Start-up errors are shown in showErr as well.
func runWindow(path string, isDefault bool, now time.Time, w Windows) error {
	gui, showErr := w.Main, w.Error
	lock, err := engine.AcquireLock(path)
	if err == nil {
		defer lock.Release()
		err = openWindow(path, isDefault, now, gui)
	}
	if engine.PasswordRefused(err) && w.AskPassword != nil {
		// The server wants a password it was not given: the window asks for it.
		return runAskPassword(path, err, now, w.AskPassword)
	}
	if err != nil && showErr != nil {
		err = engine.Explain(err)
		var restore func(string) error
		var oe *engine.OpenError
		if errors.As(err, &oe) && oe.Backup != "" && lock != nil {
			restore = func(backup string) error { return store.Restore(path, backup) }
		}
		showErr(err, restore)
	}
	return err
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
		if _, err := st.BackupIfDue(ctx, engine.DefaultKeep); err != nil {
			// A failed backup must not keep the shop out of its data; the Backups
			// panel shows when the last one was made.
			fmt.Fprintf(os.Stderr, "rapport: the daily backup failed: %v\n", engine.Explain(err))
		}
	}()
	err = gui(st)
	<-backedUp
	return err
}
