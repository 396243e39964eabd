package shop

import (
	"fmt"
	"strings"
)

// FieldError is one unacceptable value, with the field it belongs to. Field is
// the field's key, the name the command line and the import files use
// ("email", "time_zone"); the screens map it to their own entry, and Error
// names it the way a form labels it ("Time zone: …").
type FieldError struct {
	Field string
	Msg   string
}

// Error is the message for people: the field's label, then what is wrong.
func (e *FieldError) Error() string {
	if l := FieldLabel(e.Field); l != "" {
		return l + ": " + e.Msg
	}
	return e.Msg
}

// fieldErr makes a *FieldError with a formatted message.
func FieldErrorf(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// FieldErrors is every unacceptable field of one value, in the order a form shows
// them, so that a form can mark them all at once.
type FieldErrors []*FieldError

// Error lists the fields' messages.
func (es FieldErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap lets errors.As find each *FieldError (the first one first).
func (es FieldErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// orNil is es as an error, nil when it is empty (a nil FieldErrors in an error
// interface is not a nil error).
func (es FieldErrors) orNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// fieldLabels names the fields as the forms label them.
var fieldLabels = map[string]string{
	"name":                  "Name",
	"salutation":            "Salutation",
	"kind":                  "Kind",
	"company":               "Company",
	"address":               "Address",
	"city":                  "City",
	"region":                "Region",
	"postal_code":           "Postal code",
	"country":               "Country",
	"phone":                 "Phone",
	"email":                 "Email",
	"website":               "Website",
	"time_zone":             "Time zone",
	"preferred_channel":     "Preferred channel",
	"preferred_call_minute": "Preferred call time",
	"notes":                 "Notes",
	"tags":                  "Tags",
	"referred_by":           "Referred by",
	"customer":              "Customer",
	"when":                  "When",
	"amount":                "Amount",
	"items":                 "Items",
	"channel":               "Channel",
	"sold_by":               "Sold by",
	"type":                  "Type",
	"opened":                "Opened",
	"replied":               "Replied",
	"resolved":              "Resolved",
	"billing_date":          "Billing date",
	"handled_by":            "Handled by",
	"reference":             "Reference",
	"summary":               "Summary",
	"shop_name":             "Shop name",
	"big_ticket":            "Big-ticket amount",
	"staff_name":            "Staff name",
	"title":                 "Title",
	"paper":                 "Paper",
	"due":                   "Due",
	"note":                  "Note",
	"direction":             "Direction",
	"outcome":               "Outcome",
	"score":                 "Score",
	"reschedule_to":         "Reschedule to",
	"new_time":              "New time",
	"accepted_in":           "Follow-up accepted in",
	"tag":                   "Tag",
	"date":                  "Date",
	"order_ref":             "Order",
	"customer_since":        "Customer since",
	"logo":                  "Logo",
	"template":              "Template",
	"opening_hours":         "Opening hours",
}

// FieldLabel is how a form labels the field with the given key: a rule's label
// for a rule's key, "" for a key it does not know.
func FieldLabel(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	if f, ok := RuleFieldByKey(field); ok {
		return f.Label
	}
	return ""
}
