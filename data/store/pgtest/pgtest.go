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

// PasswordGroup is the role whose members the server of .ci/with-postgres asks
// for a password (scram-sha-256); everyone else it trusts.
const PasswordGroup = "rapport_password"

// NewPasswordDatabase makes an empty database owned by a new user who must log in
// with a password, and returns its URL without the password, and the password.
// Both go when t ends. A server that lets the user in without the password (one
// that trusts everyone) skips t, or fails it under CI=true.
func NewPasswordDatabase(t testing.TB) (db, password string) {
	t.Helper()
	base := Base(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("RAPPORT_TEST_PG %q: %v", base, err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var b [6]byte
	rand.Read(b[:])
	name := "rapport_pw_" + hex.EncodeToString(b[:])
	rand.Read(b[:])
	password = "pw-" + hex.EncodeToString(b[:])
	// The group may be made by another test binary at the same moment: 42710
	// (it exists) is as good as made.
	if _, err := admin.ExecContext(ctx, `DO $$ BEGIN CREATE ROLE `+PasswordGroup+` NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`); err != nil {
		admin.Close()
		t.Fatalf("make the role %s: %v", PasswordGroup, err)
	}
	for _, q := range []string{
		`CREATE ROLE ` + name + ` LOGIN PASSWORD '` + password + `' IN ROLE ` + PasswordGroup,
		`CREATE DATABASE ` + name + ` OWNER ` + name + ` TEMPLATE template0 ENCODING 'UTF8'`,
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			admin.Close()
			t.Fatalf("make a database with a password on %s: %v", base, err)
		}
	}
	t.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for _, q := range []string{`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`, `DROP ROLE IF EXISTS ` + name} {
			if _, err := admin.ExecContext(ctx, q); err != nil {
				t.Errorf("drop the test database and user %s: %v", name, err)
			}
		}
	})
	u.User = url.User(name)
	u.Path = "/" + name
	db = u.String()
	// Without the password the server must say no, or the test proves nothing.
	probe, err := sql.Open("pgx", db)
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	if probe.PingContext(ctx) == nil {
		msg := "the PostgreSQL server at RAPPORT_TEST_PG lets a user in without a password (its pg_hba.conf trusts everyone; .ci/with-postgres asks members of " + PasswordGroup + " for one)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return db, password
}
