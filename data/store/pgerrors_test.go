package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// pgWords are PostgreSQL's and pgx's own words, which no message may carry.
var pgWords = regexp.MustCompile(`SQLSTATE|ERROR:|pgx|pgconn|failed to connect|\(\d{5}\)`)

// The server's refusals are said in plain words: a password refused, a database
// that is not there, a server that cannot be reached.
func TestPostgreSQLErrorsAreSaidInPlainWords(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&pgconn.PgError{Code: "28P01", Message: "password authentication failed for user \"rapport\""}, "refused the user name or password"},
		{&pgconn.PgError{Code: "3D000", Message: "database \"shop\" does not exist"}, "does not exist on the server"},
		{&pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}, "shut down or restarted, so nothing was saved"},
		{&pgconn.PgError{Code: "53100", Message: "could not extend file"}, "disk is full"},
		{&pgconn.PgError{Code: "XX000", Message: "internal error"}, "no words for (PostgreSQL code XX000)"},
	} {
		got := engine.Explain(errors.Join(errors.New("save the sale"), c.err)).Error()
		if !strings.Contains(got, c.want) || !strings.Contains(got, "save the sale") || strings.Contains(got, c.err.(*pgconn.PgError).Message) {
			t.Errorf("engine.Explain(%s) = %q; want it to say %q, keep its context and drop the server's words", c.err.(*pgconn.PgError).Code, got, c.want)
		}
	}

	base := pgtest.Base(t)
	u, _ := url.Parse(base)
	u.Path = "/rapport_no_such_database"
	if _, _, err := Open(u.String()); err == nil || !strings.Contains(err.Error(), "does not exist on the server") || pgWords.MatchString(err.Error()) {
		t.Errorf("Open of a missing database: %v; want it said plainly", err)
	}
	u.Host = "127.0.0.1:1"
	if _, _, err := Open(u.String()); err == nil || !strings.Contains(err.Error(), "cannot be reached") || pgWords.MatchString(err.Error()) {
		t.Errorf("Open of a server that is not there: %v; want it said plainly", err)
	}
}

// A server that goes away in the middle of a write leaves nothing of it: the
// person is told the connection was lost and nothing was saved, and the shop
// opens again as it was.
func TestAServerGoneMidWriteLeavesNothingHalfWritten(t *testing.T) {
	db := pgtest.NewDatabase(t)
	s, _, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	admin, err := sql.Open("pgx", pgtest.Base(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := strings.TrimPrefix(must(url.Parse(db)).Path, "/")
	err = s.Write(ctx, func(tx *Tx) error {
		if err := tx.AddCustomer(&shop.Customer{Name: "First Half", PreferredCallMinute: -1}); err != nil {
			return err
		}
		if _, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name); err != nil {
			t.Fatal(err)
		}
		return tx.AddCustomer(&shop.Customer{Name: "Second Half", PreferredCallMinute: -1})
	})
	if err == nil {
		t.Fatal("the write went through a server that went away")
	}
	msg := engine.Explain(err).Error()
	t.Logf("said: %s", msg)
	if !strings.Contains(msg, "nothing was saved") || pgWords.MatchString(msg) {
		t.Errorf("a server gone mid-write: %q; want plain words that say nothing was saved", msg)
	}
	again, _, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	var n int
	if err := again.db.QueryRow(`SELECT count(*) FROM customers`).Scan(&n); err != nil || n != 0 {
		t.Errorf("customers after the lost write = %d, %v; want 0", n, err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
