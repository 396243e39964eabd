package tables

import (
	"database/sql"
	"strconv"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Time columns are Unix seconds in UTC; these convert at the boundary.

// Unix is t as a time column holds it.
func Unix(t time.Time) int64 { return t.Unix() }

// FromUnix is a time column's value as a time in UTC.
func FromUnix(v int64) time.Time { return time.Unix(v, 0).UTC() }

// NullUnix is t as a nullable time column holds it: NULL for nil or zero.
func NullUnix(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.Unix()
}

// NullTime is a nullable time column's value: nil for NULL.
func NullTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := FromUnix(v.Int64)
	return &t
}

// ZeroUnix is t as a nullable time column holds it: NULL for the zero time.
func ZeroUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// NullID is id as a nullable reference holds it: NULL for 0.
func NullID(id shop.ID) any {
	if id == 0 {
		return nil
	}
	return id
}

// Flag is b as an integer flag column holds it.
func Flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// PromiseDue is what the followups.promise_due column holds for a follow-up of
// priority due at due: its due time if it carries a promise, 0 otherwise. It is
// Today's second key (store's rankSQL), kept apart from due so that the index in
// Today's order (migration 0024) does not change when a follow-up that is not a
// promise moves.
func PromiseDue(priority int, due int64) int64 {
	if priority == shop.PriorityPromise {
		return due
	}
	return 0
}

// DayOf is the calendar date of t in loc, as the followups.day column holds it.
func DayOf(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// JSONIDs writes ids as a JSON array: one argument that json_each reads back.
func JSONIDs(ids []shop.ID) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}
