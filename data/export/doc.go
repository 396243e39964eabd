// Package export writes the shop's data out: customers, sales, issues and
// follow-ups as CSV that any spreadsheet opens safely (formula cells neutralised),
// and the planned follow-ups as an iCalendar feed in each customer's own time
// zone. Files are written owner-only and replaced atomically (WriteFilePrivate).
package export
