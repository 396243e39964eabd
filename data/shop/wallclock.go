package shop

import (
	"fmt"
	"strings"
	"time"
)

// SkippedTimeError says that a local time does not exist: the clocks jumped over
// it (02:30 on the day they go from 02:00 to 03:00).
type SkippedTimeError struct {
	Wall     time.Time // the time asked for, as a wall clock (read in UTC)
	Zone     string    // the IANA zone
	From, To string    // the jump, "02:00" to "03:00"
}

func (e *SkippedTimeError) Error() string {
	return fmt.Sprintf("%s does not exist on %s in %s: the clocks go from %s to %s there that night; choose another time",
		e.Wall.Format("15:04"), e.Wall.Format("2 January"), PlaceOf(e.Zone), e.From, e.To)
}

// PlaceOf names a zone's place for people: "New York" for America/New_York.
func PlaceOf(zone string) string {
	if i := strings.LastIndexByte(zone, '/'); i >= 0 {
		zone = zone[i+1:]
	}
	return strings.ReplaceAll(zone, "_", " ")
}

// AtWallClock is the instant at which the clocks of loc show wall (its year,
// month, day, hour, minute and second, whatever its zone). A wall-clock time the
// clocks skip (a daylight-saving jump) is a *SkippedTimeError, rather than
// silently moved by the jump; a time the clocks show twice (the hour they go back)
// is its first occurrence, in the earlier offset.
func AtWallClock(wall time.Time, loc *time.Location) (time.Time, error) {
	y, mo, d := wall.Date()
	h, mi, s := wall.Clock()
	t := time.Date(y, mo, d, h, mi, s, wall.Nanosecond(), loc)
	ly, lmo, ld := t.Date()
	lh, lmi, _ := t.Clock()
	if ly == y && lmo == mo && ld == d && lh == h && lmi == mi {
		return t, nil
	}
	e := &SkippedTimeError{Wall: time.Date(y, mo, d, h, mi, s, 0, time.UTC), Zone: loc.String()}
	// The jump is the change of offset next to t, which time.Date put on either
	// side of it.
	start, end := t.ZoneBounds()
	jump := start
	if !end.IsZero() && end.Sub(t) < 12*time.Hour {
		jump = end
	}
	if jump.IsZero() {
		jump = t
	}
	_, before := jump.Add(-time.Second).Zone()
	e.From = jump.UTC().Add(time.Duration(before) * time.Second).Format("15:04")
	e.To = jump.In(loc).Format("15:04")
	return time.Time{}, e
}

// AmbiguousWallClock reports whether the clocks of loc show t's local time twice
// (the hour they go back): written without its offset, it could be read as the
// other instant.
func AmbiguousWallClock(t time.Time, loc *time.Location) bool {
	l := t.In(loc)
	start, end := l.ZoneBounds()
	_, off := l.Zone()
	if !start.IsZero() {
		if _, prev := start.Add(-time.Second).In(loc).Zone(); prev > off && l.Sub(start) < time.Duration(prev-off)*time.Second {
			return true
		}
	}
	if !end.IsZero() {
		if _, next := end.In(loc).Zone(); next < off && end.Sub(l) <= time.Duration(off-next)*time.Second {
			return true
		}
	}
	return false
}
