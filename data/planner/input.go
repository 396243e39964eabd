package planner

import (
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// CustomerPlan is one customer's part of the planner's input: everything about the
// customer that can make, move or cancel a follow-up.
type CustomerPlan struct {
	// Customer is the customer. The planner reads their ID, kind, zone, how and
	// when they may be reached (address, phone, email, preferred channel and call
	// time, evening only) and do-not-contact, and nothing else: the store loads no
	// more for a re-plan.
	Customer shop.Customer
	// Purchases and Issues whose follow-ups may still be due. The store passes the
	// recent ones (and every open issue); the planner copes with older ones by letting
	// them lapse.
	Purchases []shop.Purchase
	Issues    []shop.Issue
	// Promises not yet kept.
	Promises []shop.Promise
	// Contacts are the customer's recent contacts from the log, newest first; the
	// inbound ones tell the time of day the customer reaches the shop and when they
	// usually reply to email.
	Contacts []shop.Contact
	// Done holds reason keys already done or skipped: they are never planned again.
	Done map[string]bool
	// Overrides holds what recorded outcomes left per reason key (retry no earlier
	// than, or a pinned time).
	Overrides map[string]shop.Override
	// LifetimeCents is what the customer has spent in all; it orders the day's list.
	LifetimeCents int64
	// Sampled holds this customer's small-ticket purchases picked for a next-day call
	// (see SampleSmallTicket).
	Sampled map[shop.ID]bool
	// Relationship is set when the customer was picked for a relationship call today
	// (see PickRelationship).
	Relationship bool
}

// PlanInput is the planner's whole input. Plan is a pure function of it.
type PlanInput struct {
	Now       time.Time
	Business  shop.Business
	Rules     shop.Rules
	Staff     []shop.Staff
	Customers []CustomerPlan
	// Booked counts calls already planned, per shop-local day ("2006-01-02"), for
	// customers that are not in Customers. A re-plan of one customer fits around them.
	Booked map[string]int
}
