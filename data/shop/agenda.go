package shop

import (
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

// Local is the due time in the customer's own zone.
func (a AgendaItem) Local() time.Time { return a.Due.In(a.Location()) }

// Location is the zone the follow-up is planned in: the customer's, else the
// shop's (the planner writes the one it used).
func (a AgendaItem) Location() *time.Location { return ZoneOr(a.TimeZone, time.UTC) }

// Summary joins the reasons into one line.
func (a AgendaItem) Summary() string {
	parts := make([]string, len(a.Reasons))
	for i, r := range a.Reasons {
		parts[i] = r.Text
	}
	return strings.Join(parts, "; ")
}

// References lists the distinct references of the reasons.
func (a AgendaItem) References() []string {
	var refs []string
	seen := map[string]bool{}
	for _, r := range a.Reasons {
		if r.Reference != "" && !seen[r.Reference] {
			seen[r.Reference] = true
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
