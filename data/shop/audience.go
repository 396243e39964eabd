package shop

import (
	"strings"
	"time"
)

// AudienceBy is how a batch of letters or cards picks its customers.
type AudienceBy int

// Ways to pick a group. Customers marked do not contact are never in any.
const (
	AudienceAll          AudienceBy = iota // every customer
	AudienceTag                            // customers carrying Audience.Tag
	AudienceBoughtSince                    // last purchase on or after Audience.Date
	AudienceBoughtBefore                   // last purchase before Audience.Date (and at least one)
	AudienceKind                           // customers of Audience.Kind (unknown counts as the shop's kind)
)

// Audience is a group of customers for a batch of letters, cards or labels.
type Audience struct {
	By   AudienceBy
	Tag  string
	Date time.Time // a day: compared from its midnight in the shop's zone
	Kind CustomerKind
}

// Describe names the group as a person reads it: "customers tagged wholesale".
func (a Audience) Describe(shopLoc *time.Location) string {
	switch a.By {
	case AudienceTag:
		return "customers tagged " + strings.TrimSpace(a.Tag)
	case AudienceBoughtSince:
		return "customers who bought since " + a.Date.Format("2 Jan 2006")
	case AudienceBoughtBefore:
		return "customers whose last purchase was before " + a.Date.Format("2 Jan 2006")
	case AudienceKind:
		if a.Kind == KindBusiness {
			return "business customers"
		}
		return "consumers"
	}
	return "all customers"
}

// AudienceResult is who a batch goes to, and who it leaves out for want of a
// postal address (named in the UI after the batch). Both are by name.
type AudienceResult struct {
	Recipients []Customer
	NoAddress  []Customer
}

// HasPostalAddress reports whether a letter can be posted to the customer: a
// street line and a town or postal code.
func (c Customer) HasPostalAddress() bool {
	return strings.TrimSpace(c.Address) != "" &&
		(strings.TrimSpace(c.City) != "" || strings.TrimSpace(c.PostalCode) != "")
}
