// Package store is Rapport's database: one SQLite file (modernc.org/sqlite, no
// cgo) opened read-only and checked before anything is written, brought up to
// date by embedded, numbered migrations, each in its own transaction. Every
// service method is one transaction: it writes, re-plans the customers it changed
// (loading the planner's input and writing its output), and commits whole or not
// at all. Tx and ImportTx are the transactions of work that adds many rows at once
// (the demo, an import, which is logged so that it can be undone). The package
// also keeps the window's lock on the file and makes and restores backups.
package store
