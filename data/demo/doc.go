// Package demo writes believable shops: the demo shop a first start opens on
// (Seed), with customers in several time zones and calls due today, and the big
// shops the benchmarks measure (WriteBenchShop). Both write through store.Tx.
package demo
