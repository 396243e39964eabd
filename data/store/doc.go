// Package store is the shop's reads and writes. Every service method is one
// transaction: it writes, re-plans the customers it changed (package replan), and
// commits whole or not at all. Tx and ImportTx are the transactions of work that
// adds many rows at once (the demo, an import, which is logged so that it can be
// undone). Below it, package engine is the database itself (a SQLite file or a
// shared PostgreSQL database: opening, migrations, locks, backups), and package
// tables how each value is kept in its rows.
package store
