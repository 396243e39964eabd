package planner

import (
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// CustomerPlan is one customer's part of the planner's input: everything about the
// customer that can make, move or cancel a follow-up.
type CustomerPlan struct {
	// Customer is what the planner reads of the customer (CustomerOf).
	Customer Customer
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

// Customer is what the planner reads of a customer, and all of it: who they are,
// whether they are a business, their zone, how and when they may be reached, and
// whether at all. A re-plan loads a shop's customers as these (tens of thousands,
// a million in a big shop) rather than whole. CustomerOf derives them from a
// shop.Customer; the re-plan's query works out the same fields in SQL
// (replan.planCustomerCols), and a test holds the two together: a change to what
// a field means (shop.Customer.HasPostalAddress) is made in both.
type Customer struct {
	ID               shop.ID
	Kind             shop.CustomerKind
	TimeZone         string       // IANA zone; the planner plans in it
	PreferredChannel shop.Channel // empty for none
	// PreferredCallMinute is the local minute of day they like to be called; -1
	// for no preference.
	PreferredCallMinute int
	HasEmail            bool
	HasPhone            bool
	// HasStreet is an address that is not empty (white space counts);
	// HasPostalAddress is a street and a town or postal code, white space not
	// counting, which a letter needs to be posted (shop.Customer.HasPostalAddress).
	HasStreet        bool
	HasPostalAddress bool
	EveningOnly      bool
	DoNotContact     bool
}

// CustomerOf is what the planner reads of c.
func CustomerOf(c shop.Customer) Customer {
	return Customer{ID: c.ID, Kind: c.Kind, TimeZone: c.TimeZone, PreferredChannel: c.PreferredChannel,
		PreferredCallMinute: c.PreferredCallMinute, HasEmail: c.Email != "", HasPhone: c.Phone != "",
		HasStreet: c.Address != "", HasPostalAddress: c.HasPostalAddress(), EveningOnly: c.EveningOnly, DoNotContact: c.DoNotContact}
}

// isBusiness is shop.Customer.IsBusiness: the customer's kind, else the shop's.
func (c *Customer) isBusiness(biz shop.Business) bool {
	return shop.Customer{Kind: c.Kind}.IsBusiness(biz)
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
