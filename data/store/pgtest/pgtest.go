// Package pgtest gives tests a PostgreSQL database of their own on the server
// named by RAPPORT_TEST_PG (a base URL, e.g. postgres://rapport@127.0.0.1:5432/postgres;
// .ci/with-postgres starts a throwaway server and sets it). Without a server, a
// test that needs one is skipped with a message, except under CI=true, where it
// fails: CI always runs them.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for making and dropping databases
)

// EngineEnv names the engine the store's and its users' test suites run on:
// "postgres" runs them against fresh PostgreSQL databases instead of files.
const EngineEnv = "RAPPORT_TEST_ENGINE"

// OnPostgres reports whether this test binary runs its suite on PostgreSQL.
func OnPostgres() bool { return os.Getenv(EngineEnv) == "postgres" }

// Base is RAPPORT_TEST_PG, or skips t (fails it under CI=true) when it is unset.
func Base(t testing.TB) string {
	t.Helper()
	base := os.Getenv("RAPPORT_TEST_PG")
	if base == "" {
		msg := "RAPPORT_TEST_PG is not set: no PostgreSQL server to test against (run the tests through .ci/with-postgres)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return base
}

// NewDatabase makes an empty database with a random name on the server of
// RAPPORT_TEST_PG, returns its URL, and drops it when t ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	base := Base(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("RAPPORT_TEST_PG %q: %v", base, err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "rapport_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
		admin.Close()
		t.Fatalf("make a test database on %s: %v", base, err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop the test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
