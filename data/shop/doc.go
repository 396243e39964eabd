// Package shop holds Rapport's domain values: the shop (Business), its staff, its
// customers, their purchases, issues and promises, the contact log, the follow-ups
// the planner makes of them, and the rules the planner applies. It also owns what
// every layer above needs to agree on: validation (FieldError, FieldErrors, keyed
// by the field names the command line and the import files use), money in integer
// cents, time zones (LoadZone, ZoneOr: one loader, one fallback rule) and phone
// numbers. It knows no database, no clock and no screen.
package shop
