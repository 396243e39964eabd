package shop

import (
	"fmt"
	"strings"
	"time"
)

// ID is a row identifier. Zero means "not stored yet" or "none".
type ID = int64

// Channel is a medium a customer used or a follow-up goes out on.
type Channel string

// Channels. Visit (in person, in the shop) and Web (an online order) are how a
// customer can reach the shop; follow-ups go out by phone, email or letter only.
const (
	ChannelPhone  Channel = "phone"
	ChannelEmail  Channel = "email"
	ChannelLetter Channel = "letter"
	ChannelVisit  Channel = "visit"
	ChannelWeb    Channel = "web"
)

// Channels lists every channel in display order.
var Channels = []Channel{ChannelPhone, ChannelEmail, ChannelLetter, ChannelVisit, ChannelWeb}

// OutboundChannels lists the channels a follow-up can be sent on.
var OutboundChannels = []Channel{ChannelPhone, ChannelEmail, ChannelLetter}

// ParseChannel reads a channel name as typed by a person ("Phone", "e-mail", "mail").
func ParseChannel(s string) (Channel, error) {
	switch Normalise(s) {
	case "phone", "call", "telephone", "tel":
		return ChannelPhone, nil
	case "email", "e-mail", "mail-electronic":
		return ChannelEmail, nil
	case "letter", "mail", "post", "postal":
		return ChannelLetter, nil
	case "visit", "in-person", "in person", "store", "shop", "in-store", "walk-in":
		return ChannelVisit, nil
	case "web", "online", "website", "internet":
		return ChannelWeb, nil
	}
	return "", fmt.Errorf("%q is not a channel (phone, email, letter, visit or web)", s)
}

// CustomerKind tells a company customer from a private one; it decides, among other
// things, which days of the week emails and letters go out.
type CustomerKind string

// Customer kinds.
const (
	KindConsumer CustomerKind = "consumer"
	KindBusiness CustomerKind = "business"
)

// ParseCustomerKind reads "business"/"company"/"b2b" or "consumer"/"private"/"b2c".
func ParseCustomerKind(s string) (CustomerKind, error) {
	switch Normalise(s) {
	case "consumer", "private", "person", "individual", "b2c":
		return KindConsumer, nil
	case "business", "company", "b2b", "corporate":
		return KindBusiness, nil
	}
	return "", fmt.Errorf("%q is not a customer kind (business or consumer)", s)
}

// IssueType is the kind of contact a customer started (FOLLOWUP_RULES.md §1).
type IssueType string

// Issue types.
const (
	IssueSalesInquiry IssueType = "sales_inquiry"
	IssueSupport      IssueType = "support"
	IssueBilling      IssueType = "billing"
	IssueComplaint    IssueType = "complaint"
	IssueSuggestion   IssueType = "suggestion"
	IssueMisc         IssueType = "misc"
)

// IssueTypes lists every issue type in display order.
var IssueTypes = []IssueType{IssueSalesInquiry, IssueSupport, IssueBilling, IssueComplaint, IssueSuggestion, IssueMisc}

// Label is the issue type as a person reads it.
func (t IssueType) Label() string {
	switch t {
	case IssueSalesInquiry:
		return "Sales inquiry"
	case IssueSupport:
		return "Support"
	case IssueBilling:
		return "Billing"
	case IssueComplaint:
		return "Complaint"
	case IssueSuggestion:
		return "Suggestion"
	case IssueMisc:
		return "Miscellaneous"
	}
	return string(t)
}

// ParseIssueType reads an issue type as typed by a person ("Sales inquiry", "support").
func ParseIssueType(s string) (IssueType, error) {
	switch Normalise(s) {
	case "sales_inquiry", "sales inquiry", "sales-inquiry", "sales", "inquiry", "enquiry", "sales enquiry":
		return IssueSalesInquiry, nil
	case "support", "customer service", "service", "customer service & support":
		return IssueSupport, nil
	case "billing", "invoice":
		return IssueBilling, nil
	case "complaint":
		return IssueComplaint, nil
	case "suggestion", "idea":
		return IssueSuggestion, nil
	case "misc", "miscellaneous", "other":
		return IssueMisc, nil
	}
	return "", fmt.Errorf("%q is not an issue type (sales inquiry, support, billing, complaint, suggestion or misc)", s)
}

// Business is the shop itself: its letterhead and the few facts the planner needs.
type Business struct {
	Name    string
	Address string // may span several lines
	Phone   string
	Email   string
	Website string
	Logo    []byte // PNG or JPEG; empty for none
	// TimeZone is the shop's IANA zone: the owner's "today" and daily capacity.
	TimeZone string
	// BusinessToBusiness marks a shop that sells to companies; customers whose kind is
	// unknown are treated as its kind.
	BusinessToBusiness bool
	// BigTicketCents is the amount at or above which a purchase is big-ticket.
	BigTicketCents int64
	// Hours are when the shop is open, in TimeZone: reminders are quiet outside
	// them. Zero hours are stored as DefaultOpeningHours.
	Hours OpeningHours
}

// Location returns the shop's time zone, UTC if it is unset or unknown.
func (b Business) Location() *time.Location { return ZoneOr(b.TimeZone, time.UTC) }

// Staff is a person in the shop who follows up with customers.
type Staff struct {
	ID     ID
	Name   string
	Title  string
	Senior bool // a senior representative: escalations, relationship calls
	Active bool
}

// Customer is a person or company the shop sells to.
type Customer struct {
	ID         ID
	Name       string
	Salutation string // "Dear Ms. Rivera"; empty means derive from the name
	Kind       CustomerKind
	Company    string
	Address    string // street lines
	City       string
	Region     string
	PostalCode string
	Country    string // ISO 3166 alpha-2 where known
	Phone      string
	Email      string
	TimeZone   string // IANA zone; the planner plans in it
	// PreferredChannel overrides "the same medium the customer used"; empty for none.
	PreferredChannel Channel
	// PreferredCallMinute is the local minute of day the customer likes to be called
	// (e.g. 14*60+30); -1 for no preference.
	PreferredCallMinute int
	// EveningOnly customers are not available during the day (FOLLOWUP_RULES.md §3).
	EveningOnly bool
	// DoNotContact is absolute: the planner never plans anything for this customer.
	DoNotContact  bool
	Notes         string
	CustomerSince time.Time // UTC; zero if unknown
	// Tags group customers for letters, cards and exports; see NormaliseTags.
	Tags []string
	// ReferredBy is the customer who sent them to the shop; 0 for nobody known.
	ReferredBy ID
}

// NormaliseTags splits a comma-separated list of tags, trims each, and drops empty
// ones and repeats (compared without case), keeping the first spelling and order.
func NormaliseTags(s string) []string {
	if s == "" {
		return nil // most customers have no tags, and every list of customers reads them
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.Split(s, ",") {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out
}

// HasTag reports whether the customer carries tag, compared without case.
func (c Customer) HasTag(tag string) bool {
	for _, t := range c.Tags {
		if strings.EqualFold(t, strings.TrimSpace(tag)) {
			return true
		}
	}
	return false
}

// Location returns the customer's time zone, falling back to fallback when the
// customer has none or an unknown one.
func (c Customer) Location(fallback *time.Location) *time.Location {
	return ZoneOr(c.TimeZone, fallback)
}

// IsBusiness tells a company customer from a consumer; a customer of unknown kind
// counts as the shop's own kind (FOLLOWUP_RULES.md §3 send days, holiday cards).
func (c Customer) IsBusiness(biz Business) bool {
	switch c.Kind {
	case KindBusiness:
		return true
	case KindConsumer:
		return false
	}
	return biz.BusinessToBusiness
}

// Purchase is one sale.
type Purchase struct {
	ID          ID
	CustomerID  ID
	At          time.Time // UTC
	Items       string
	AmountCents int64
	Channel     Channel
	SoldBy      ID // staff; 0 for unknown
	// OrderRef is the till's order, transaction or receipt ID of an imported sale
	// ("" for none): a file imported again skips the sales it already brought.
	OrderRef string
}

// Issue is a contact the customer started: a question, a problem, a complaint.
type Issue struct {
	ID          ID
	CustomerID  ID
	Type        IssueType
	Channel     Channel
	OpenedAt    time.Time  // UTC
	RepliedAt   *time.Time // first reply from the shop
	ResolvedAt  *time.Time // nil while open
	Complicated bool
	Escalated   bool
	// Trivial issues (a standard question answered on the spot) need no follow-up.
	Trivial   bool
	HandledBy ID // staff who handled it most recently; 0 for none
	// BillingDate is the start of the related billing period (billing issues).
	BillingDate *time.Time
	Reference   string // ticket or reference ID shown to the customer
	Summary     string
}

// Open reports whether the issue is not resolved.
func (i Issue) Open() bool { return i.ResolvedAt == nil }

// Promise is a follow-up the shop offered and the customer accepted ("I can get back
// to you in a week"). It outranks every rule and must never be missed silently.
type Promise struct {
	ID         ID
	CustomerID ID
	IssueID    ID        // 0 if not about an issue
	Due        time.Time // UTC
	Channel    Channel
	AssigneeID ID // who gave their word and keeps it
	Note       string
	CreatedAt  time.Time
	// EscalatedAt is when the promise, broken for more than an hour, was handed
	// from EscalatedFrom to the senior EscalatedTo (FOLLOWUP_RULES.md §4); zero if
	// it never was. It happens once.
	EscalatedAt   time.Time
	EscalatedFrom ID
	EscalatedTo   ID
}

// Direction says who started a contact.
type Direction string

// Directions.
const (
	Inbound  Direction = "in"  // the customer contacted the shop
	Outbound Direction = "out" // the shop contacted the customer
)

// Contact is one entry of the contact log (FOLLOWUP_RULES.md §8).
type Contact struct {
	ID         ID
	CustomerID ID
	At         time.Time // UTC
	Channel    Channel
	Direction  Direction
	StaffID    ID
	FollowUpID ID
	Summary    string
}

// Status is where a follow-up stands.
type Status string

// Follow-up statuses. Pending follow-ups are the planner's output and are re-planned
// freely; the others are history and never change.
const (
	StatusPending     Status = "pending"
	StatusDone        Status = "done"
	StatusNoAnswer    Status = "no_answer"
	StatusRescheduled Status = "rescheduled"
	StatusSkipped     Status = "skipped"
)

// Priority classes of FOLLOWUP_RULES.md §6, most urgent first. A promise outranks
// every routine rule and every other overdue item (§1 "Do what you say"); only a
// customer with an open case comes before it.
const (
	PriorityOpenProblem = 0 // the customer has an open case
	PriorityPromise     = 1 // carries a promise, kept on time or already broken
	PriorityOverdue     = 2 // planned later than its rule wanted
	PriorityRoutine     = 3
)

// PriorityLabel names a priority class as lists, exports and scripts show it.
func PriorityLabel(p int) string {
	switch p {
	case PriorityOpenProblem:
		return "open problem"
	case PriorityPromise:
		return "promise"
	case PriorityOverdue:
		return "overdue"
	}
	return "routine"
}

// Rule names, as stored in Reason.Rule.
const (
	RuleThankYou            = "thank_you"
	RuleBigTicketWeek       = "big_ticket_week"
	RuleBigTicketQuarter    = "big_ticket_quarter"
	RuleSmallSample         = "small_sample"
	RuleSalesFirst          = "sales_first"
	RuleSalesSecond         = "sales_second"
	RuleSupportFirst        = "support_first"
	RuleSupportSecond       = "support_second"
	RuleBillingFirst        = "billing_first"
	RuleBillingBeforePeriod = "billing_before_period"
	RuleComplaintUpdate     = "complaint_update"
	RuleComplaintProgress   = "complaint_progress"
	RuleSuggestionFirst     = "suggestion_first"
	RuleSuggestionProgress  = "suggestion_progress"
	RuleMiscFirst           = "misc_first"
	RulePromise             = "promise"
	RuleRelationship        = "relationship"
)

// Reason is one thing a follow-up is for. A follow-up carries several when the
// planner merged two follow-ups for one customer on one day.
type Reason struct {
	// Key identifies the trigger and rule, e.g. "purchase:42:thanks"; it is how a
	// completed follow-up keeps its trigger from being planned again.
	Key        string
	Rule       string // rule name from Rules, e.g. "big_ticket_week"
	Text       string // what to talk about, naming the specific sale or issue
	PurchaseID ID
	IssueID    ID
	PromiseID  ID
	Reference  string
	// NaturalDue is when the rule wanted it, before windows, weekdays and capacity.
	NaturalDue time.Time
}

// FollowUp is one planned or completed contact with one customer.
type FollowUp struct {
	ID         ID
	CustomerID ID
	Due        time.Time // UTC instant
	TimeZone   string    // the customer's zone, in which Due is shown
	Channel    Channel
	AssigneeID ID
	Reasons    []Reason
	Priority   int  // one of the Priority* classes
	Promised   bool // carries a promise
	Overdue    bool // planned later than a reason's natural due date
	Status     Status
	Notes      string
	Score      int // 1–5 survey score; 0 for none
	// CompletedAt is when the outcome was recorded; zero while pending.
	CompletedAt time.Time
}

// Override is what a recorded outcome left for the planner on one reason key:
// a retry no earlier than NotBefore, or a time the owner pinned.
type Override struct {
	Key       string
	NotBefore time.Time // zero for none
	Pinned    time.Time // zero for none: the owner rescheduled to this instant
	Attempts  int
}
