package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/ui/dbpass"
)

// runPassword remembers the shared shop's database password in this computer's
// keyring (read from the input, checked with the server first), or forgets it.
// The password never stands on the command line, where other users of the
// computer could read it.
func runPassword(path string, args []string, out io.Writer) error {
	fs := newFlags("password")
	forget := fs.Bool("forget", false, "take the password out of this computer's keyring")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("password takes no arguments (it reads the password from its input): %w", errUsage)
	}
	if !engine.IsURL(path) {
		return fmt.Errorf("password is for a shared shop (--db postgres://user@host:5432/dbname); the shop in %s has no password", path)
	}
	db := engine.RedactURL(path)
	if *forget {
		had, err := dbpass.Forget(db)
		switch {
		case err != nil:
			return err
		case had:
			fmt.Fprintf(out, "Forgot the password of %s: this computer's keyring no longer holds it.\n", db)
		default:
			fmt.Fprintf(out, "This computer's keyring held no password of %s.\n", db)
		}
		return nil
	}
	pw, err := readPassword(db)
	if err != nil {
		return err
	}
	if err := checkPassword(db, pw); err != nil {
		return fmt.Errorf("%w; the password was not remembered", err)
	}
	if err := dbpass.Remember(db, pw); err != nil {
		return err
	}
	fmt.Fprintf(out, "Remembered the password of %s in this computer's keyring (never in a file): "+
		"Rapport uses it when ~/.pgpass and PGPASSWORD give none. rapport password --forget takes it out.\n", db)
	return nil
}

// readPassword reads one line from the input: typed without echo at a terminal
// (after a prompt on stderr), or piped in.
func readPassword(db string) (string, error) {
	restore := func() {}
	if quiet, ok := noEcho(os.Stdin); ok {
		fmt.Fprintf(os.Stderr, "Password of %s: ", db)
		restore = func() { quiet(); fmt.Fprintln(os.Stderr) }
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	restore()
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", fmt.Errorf("no password was given: type it, or pipe it in (one line): %w", errUsage)
	}
	return pw, nil
}

// checkPassword makes sure the server at db lets its user in with pw.
func checkPassword(db, pw string) error {
	u, err := url.Parse(db)
	if err != nil || u.User == nil || u.User.Username() == "" {
		return fmt.Errorf("%s names no user (postgres://user@host:5432/dbname): whose password is it?", db)
	}
	u.User = url.UserPassword(u.User.Username(), pw)
	conn, err := engine.OpenSQL(u.String())
	if err != nil {
		return engine.Explain(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := conn.PingContext(ctx); err != nil {
		return fmt.Errorf("cannot open %s: %w", db, engine.Explain(err))
	}
	return nil
}
