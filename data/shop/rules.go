package shop

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Rules are the planner's numbers (FOLLOWUP_RULES.md). Every field has a default
// taken from the seed articles, and the owner can change each in Settings; the store
// keeps the changed ones in the settings table under the field's key.
type Rules struct {
	// §1 Purchases.
	ThankYouDays        int `key:"thank_you_days" label:"Thank-you after a purchase (days)"`
	BigTicketWeekDays   int `key:"big_ticket_first_days" label:"Big-ticket first call (days)"`
	BigTicketSecondDays int `key:"big_ticket_second_days" label:"Big-ticket second call (days)"`
	SmallSamplePercent  int `key:"small_sample_percent" label:"Small-ticket buyers called next day (%)"`
	SmallSampleMaxDay   int `key:"small_sample_max_per_day" label:"Small-ticket calls at most per day"`

	// §1 Issues: days after the anchor (resolved, else replied, else opened).
	SalesFirstDays         int `key:"sales_first_days" label:"Sales inquiry: first follow-up (days)"`
	SalesSecondDays        int `key:"sales_second_days" label:"Sales inquiry: second follow-up (days)"`
	SupportFirstDays       int `key:"support_first_days" label:"Support: first follow-up (days)"`
	SupportSecondDays      int `key:"support_second_days" label:"Support: second follow-up if complicated (days)"`
	BillingFirstDays       int `key:"billing_first_days" label:"Billing: first follow-up (days)"`
	BillingBeforePeriod    int `key:"billing_before_period_days" label:"Billing: days before the billing period"`
	ComplaintUpdateDays    int `key:"complaint_update_days" label:"Complaint: update after the reply (days)"`
	ComplaintProgressDays  int `key:"complaint_progress_days" label:"Complaint: progress report after it was made (days)"`
	SuggestionFirstDays    int `key:"suggestion_first_days" label:"Suggestion: after the reply (days)"`
	SuggestionProgressDays int `key:"suggestion_progress_days" label:"Suggestion: progress report after that (days)"`
	MiscFirstDays          int `key:"misc_first_days" label:"Miscellaneous: follow-up (days)"`

	// §1 Relationship calls.
	RelationshipPerDay int `key:"relationship_per_day" label:"Relationship calls per day"`

	// §3 Phone windows, in minutes after local midnight.
	CallEarliest      int  `key:"call_earliest" label:"Calls not before" kind:"clock"`
	CallLatest        int  `key:"call_latest" label:"Calls not after" kind:"clock"`
	LunchStart        int  `key:"lunch_start" label:"Lunch from" kind:"clock"`
	LunchEnd          int  `key:"lunch_end" label:"Lunch until" kind:"clock"`
	DinnerStart       int  `key:"dinner_start" label:"Dinner from" kind:"clock"`
	DinnerEnd         int  `key:"dinner_end" label:"Dinner until" kind:"clock"`
	EveningStart      int  `key:"evening_start" label:"Evening calls from" kind:"clock"`
	CallSundays       bool `key:"call_sundays" label:"Call on Sundays"`
	DefaultCallMinute int  `key:"default_call_time" label:"Call time when unknown" kind:"clock"`

	// §3 Email and letters.
	BeforeReplyMinutes int `key:"before_reply_minutes" label:"Send before the usual reply time (minutes)"`
	DefaultSendMinute  int `key:"default_send_time" label:"Send time when unknown" kind:"clock"`

	// §3 The owner's daily follow-up block.
	BlockMinutes   int `key:"block_minutes" label:"Daily follow-up block (minutes)"`
	MinutesPerCall int `key:"minutes_per_call" label:"Minutes per call"`

	// Items whose due date passed more than this many days ago without being done are
	// dropped; promises and open problems never are.
	LapseDays int `key:"lapse_days" label:"Drop missed routine follow-ups after (days)"`

	// §5 No answer: a call nobody answers is tried again on a later day, up to this
	// many calls in all; then the follow-up goes by email, else by letter.
	NoAnswerTries int `key:"no_answer_tries" label:"Unanswered calls before an email or letter instead"`

	// Seed makes the random picks (small-ticket sample, relationship calls)
	// reproducible.
	Seed int `key:"random_seed" label:"Random seed"`
}

// DefaultRules returns the defaults of FOLLOWUP_RULES.md.
func DefaultRules() Rules {
	return Rules{
		ThankYouDays:           0,
		BigTicketWeekDays:      7,
		BigTicketSecondDays:    91,
		SmallSamplePercent:     10,
		SmallSampleMaxDay:      5,
		SalesFirstDays:         7,
		SalesSecondDays:        30,
		SupportFirstDays:       7,
		SupportSecondDays:      30,
		BillingFirstDays:       5,
		BillingBeforePeriod:    3,
		ComplaintUpdateDays:    10,
		ComplaintProgressDays:  21,
		SuggestionFirstDays:    10,
		SuggestionProgressDays: 30,
		MiscFirstDays:          7,
		RelationshipPerDay:     3,
		CallEarliest:           10 * 60,
		CallLatest:             20 * 60,
		LunchStart:             12 * 60,
		LunchEnd:               13*60 + 30,
		DinnerStart:            18 * 60,
		DinnerEnd:              19*60 + 30,
		EveningStart:           17 * 60,
		CallSundays:            false,
		DefaultCallMinute:      10*60 + 30,
		BeforeReplyMinutes:     30,
		DefaultSendMinute:      9 * 60,
		BlockMinutes:           30,
		MinutesPerCall:         5,
		LapseDays:              14,
		NoAnswerTries:          3,
		Seed:                   1,
	}
}

// CallsPerDay is how many calls fit in the owner's daily block.
func (r Rules) CallsPerDay() int {
	if r.MinutesPerCall <= 0 {
		return 0
	}
	return r.BlockMinutes / r.MinutesPerCall
}

// Validate lists every setting that makes no sense (FieldErrors, keyed by the
// rules' settings keys).
func (r Rules) Validate() error {
	var es FieldErrors
	for _, f := range RuleFields() {
		v := f.Get(r)
		if f.Clock {
			if v < 0 || v > 24*60 {
				es = append(es, FieldErrorf(f.Key, "%s is not a time of day", FormatClock(v)))
			}
		} else if !f.Bool && v < 0 {
			es = append(es, FieldErrorf(f.Key, "%d must not be negative", v))
		}
	}
	if len(es) > 0 {
		return es
	}
	if r.CallEarliest >= r.CallLatest {
		es = append(es, FieldErrorf("call_earliest", "%s must be earlier than Calls not after (%s)", FormatClock(r.CallEarliest), FormatClock(r.CallLatest)))
	}
	if r.LunchStart > r.LunchEnd {
		es = append(es, FieldErrorf("lunch_start", "%s must not be later than Lunch until (%s)", FormatClock(r.LunchStart), FormatClock(r.LunchEnd)))
	}
	if r.DinnerStart > r.DinnerEnd {
		es = append(es, FieldErrorf("dinner_start", "%s must not be later than Dinner until (%s)", FormatClock(r.DinnerStart), FormatClock(r.DinnerEnd)))
	}
	if r.SmallSamplePercent > 100 {
		es = append(es, FieldErrorf("small_sample_percent", "%d is more than 100", r.SmallSamplePercent))
	}
	if r.MinutesPerCall == 0 {
		es = append(es, FieldErrorf("minutes_per_call", "must be at least 1"))
	}
	if r.NoAnswerTries == 0 {
		es = append(es, FieldErrorf("no_answer_tries", "must be at least 1"))
	}
	return es.orNil()
}

// FormatClock prints a minute of the day as "HH:MM".
func FormatClock(m int) string {
	if m < 0 {
		return fmt.Sprintf("-%02d:%02d", -m/60, -m%60)
	}
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// ParseClock reads "HH:MM" (or "H:MM", "HHMM") as a minute of the day.
func ParseClock(s string) (int, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse("15:04", s)
	if err != nil {
		t, err = time.Parse("1504", s)
	}
	if err != nil {
		if s == "24:00" {
			return 24 * 60, nil
		}
		return 0, fmt.Errorf("%q is not a time of day (HH:MM)", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

func Normalise(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// RuleField describes one editable rule, for the settings table and screen.
type RuleField struct {
	Key   string
	Label string
	Clock bool // a minute of the day, shown as HH:MM
	Bool  bool // a yes/no setting stored as 0 or 1
	index int
}

// Get returns the field's value in r (booleans as 0 or 1).
func (f RuleField) Get(r Rules) int {
	v := reflect.ValueOf(r).Field(f.index)
	if f.Bool {
		if v.Bool() {
			return 1
		}
		return 0
	}
	return int(v.Int())
}

// Set stores v into the field of r (booleans: non-zero is true).
func (f RuleField) Set(r *Rules, v int) {
	fv := reflect.ValueOf(r).Elem().Field(f.index)
	if f.Bool {
		fv.SetBool(v != 0)
		return
	}
	fv.SetInt(int64(v))
}

// Format prints the field's value in r the way the settings screen shows it.
func (f RuleField) Format(r Rules) string {
	v := f.Get(r)
	switch {
	case f.Clock:
		return FormatClock(v)
	case f.Bool:
		if v != 0 {
			return "yes"
		}
		return "no"
	}
	return strconv.Itoa(v)
}

// Parse reads a value as typed in the settings screen or a CLI flag.
func (f RuleField) Parse(s string) (int, error) {
	s = strings.TrimSpace(s)
	switch {
	case f.Clock:
		m, err := ParseClock(s)
		if err != nil {
			return 0, FieldErrorf(f.Key, "%v", err)
		}
		return m, nil
	case f.Bool:
		switch Normalise(s) {
		case "yes", "y", "true", "1", "on":
			return 1, nil
		case "no", "n", "false", "0", "off":
			return 0, nil
		}
		return 0, FieldErrorf(f.Key, "%q is not yes or no", s)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, FieldErrorf(f.Key, "%q is not a whole number", s)
	}
	return n, nil
}

var ruleFields = func() []RuleField {
	t := reflect.TypeOf(Rules{})
	fields := make([]RuleField, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		fields = append(fields, RuleField{
			Key:   sf.Tag.Get("key"),
			Label: sf.Tag.Get("label"),
			Clock: sf.Tag.Get("kind") == "clock",
			Bool:  sf.Type.Kind() == reflect.Bool,
			index: i,
		})
	}
	return fields
}()

// RuleFields lists every editable rule in display order.
func RuleFields() []RuleField { return ruleFields }

// RuleFieldByKey finds a rule by its settings key.
func RuleFieldByKey(key string) (RuleField, bool) {
	for _, f := range ruleFields {
		if f.Key == key {
			return f, true
		}
	}
	return RuleField{}, false
}
