package shop

import "time"

// PromiseState is what became of a promise: the promise ledger's verdict.
type PromiseState string

// Promise states.
const (
	PromiseOpen     PromiseState = "open"      // its time has not come yet
	PromiseKept     PromiseState = "kept"      // kept on time
	PromiseKeptLate PromiseState = "kept_late" // kept, but after its time
	PromiseBroken   PromiseState = "broken"    // its time passed and it was not kept
)

// Label is the state as a person reads it.
func (s PromiseState) Label() string {
	switch s {
	case PromiseOpen:
		return "Open"
	case PromiseKept:
		return "Kept on time"
	case PromiseKeptLate:
		return "Kept late"
	case PromiseBroken:
		return "Broken"
	}
	return string(s)
}

// PromiseOutcome is what the follow-ups that carried a promise made of it.
type PromiseOutcome struct {
	State PromiseState
	// Due is the time agreed: the promise's own, or the later one the customer was
	// given when a follow-up carrying it was rescheduled or went unanswered.
	Due time.Time
	// KeptAt is when the follow-up that kept the promise was recorded done, and
	// KeptBy that follow-up and KeptByStaff its assignee; zero while not kept.
	KeptAt      time.Time
	KeptBy      ID
	KeptByStaff ID
	// Skipped is set when a follow-up carrying the promise was skipped: broken by
	// a decision, which nobody is reminded of again.
	Skipped bool
	// Pending is the pending follow-up carrying the promise (0 for none) and
	// Assignee who has the promise now: that follow-up's assignee, else the
	// senior it was escalated to, else whoever made it.
	Pending  ID
	Assignee ID
}

// PromiseRecord is one row of the promise ledger: a promise with its customer,
// the names of the people involved, and what became of it.
type PromiseRecord struct {
	Promise
	Customer Customer
	// MadeByName is who gave their word, AssigneeName who has the promise now,
	// and EscalatedToName the senior it was handed to; "" for nobody.
	MadeByName, AssigneeName, EscalatedToName string
	Outcome                                   PromiseOutcome
}
