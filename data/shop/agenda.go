package shop

import (
	"slices"
	"strings"
	"time"
)

// AgendaItem is a follow-up with what a list or calendar shows beside it.
type AgendaItem struct {
	FollowUp
	Customer      Customer
	Assignee      string // staff name; "" for nobody
	LifetimeCents int64
}

// Line is a follow-up as a printed list shows it: with its customer's name
// rather than the whole customer, which a list of a big shop's week (12,000
// follow-ups) would read from every customer's row for nothing.
type Line struct {
	FollowUp
	CustomerName  string
	Assignee      string // staff name; "" for nobody
	LifetimeCents int64  // the customer's lifetime spend, by which Today ranks
}

// Line is the item as a printed list shows it.
func (a AgendaItem) Line() Line {
	return Line{FollowUp: a.FollowUp, CustomerName: a.Customer.Name, Assignee: a.Assignee, LifetimeCents: a.LifetimeCents}
}

// Local is the due time in the customer's own zone.
func (f FollowUp) Local() time.Time { return f.Due.In(f.Location()) }

// Location is the zone the follow-up is planned in: the customer's, else the
// shop's (the planner writes the one it used).
func (f FollowUp) Location() *time.Location { return ZoneOr(f.TimeZone, time.UTC) }

// Summary joins the reasons into one line.
func (f FollowUp) Summary() string {
	if len(f.Reasons) == 1 {
		return f.Reasons[0].Text // most follow-ups have one reason: nothing to join
	}
	parts := make([]string, len(f.Reasons))
	for i, r := range f.Reasons {
		parts[i] = r.Text
	}
	return strings.Join(parts, "; ")
}

// References lists the distinct references of the reasons, in their order.
func (f FollowUp) References() []string {
	var refs []string
	for _, r := range f.Reasons {
		// A follow-up has a few reasons: a look along those found so far is all
		// it takes to tell a repeat, where a set would be made for each one.
		if r.Reference != "" && !slices.Contains(refs, r.Reference) {
			refs = append(refs, r.Reference)
		}
	}
	return refs
}

// Outcome is what happened in a follow-up (FOLLOWUP_RULES.md §5).
type Outcome struct {
	Status Status // done, no_answer, rescheduled or skipped
	Notes  string
	Score  int // 1–5 survey score, 0 for none; only with done
	// RescheduleTo is the new time, with rescheduled.
	RescheduleTo time.Time
	// ResolveIssues marks the issues the follow-up was about as resolved (done only).
	ResolveIssues bool
	// StaffID is who made the contact; 0 means the assignee.
	StaffID ID
}

// Validate lists what is wrong with an outcome recorded at now (FieldErrors).
func (o Outcome) Validate(now time.Time) error {
	var es FieldErrors
	switch o.Status {
	case StatusDone, StatusSkipped, StatusNoAnswer, StatusRescheduled:
	default:
		es = append(es, FieldErrorf("outcome", "%q is not done, no answer, rescheduled or skipped", o.Status))
	}
	if o.Score < 0 || o.Score > 5 {
		es = append(es, FieldErrorf("score", "%d is not between 1 and 5", o.Score))
	} else if o.Score != 0 && o.Status != StatusDone {
		es = append(es, FieldErrorf("score", "only a follow-up that was done has a survey score"))
	}
	if o.Status == StatusRescheduled && !o.RescheduleTo.After(now) {
		es = append(es, FieldErrorf("reschedule_to", "choose a time in the future"))
	}
	if o.Status == StatusRescheduled {
		checkYear(&es, "reschedule_to", o.RescheduleTo)
	}
	checkText(&es, "notes", o.Notes, MaxSummary)
	return es.orNil()
}

func statusLabel(s Status) string {
	switch s {
	case StatusDone:
		return "Done"
	case StatusNoAnswer:
		return "No answer"
	case StatusRescheduled:
		return "Rescheduled"
	case StatusSkipped:
		return "Skipped"
	}
	return "Pending"
}

// Label is the status as a person reads it.
func (s Status) Label() string { return statusLabel(s) }
