// Package engine is the database under a shop: a SQLite file (modernc.org/sqlite,
// no cgo), or a PostgreSQL database several computers share (pgx). It opens and
// inspects a file before anything is written, refusing what is not Rapport's;
// brings the schema up to date with the embedded, numbered migrations, each in its
// own transaction; keeps the lock files every process takes; rewrites statements
// for PostgreSQL in one place (dialect.go); says driver errors in plain words; and
// makes backups, restores them, copies a shop between engines and reports changes
// made by other processes. It knows the schema's history but not what the rows
// mean: that is package store's, which hands it the migration steps written in Go.
package engine
