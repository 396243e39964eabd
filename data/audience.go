package data

import (
	"context"
	"fmt"
	"slices"
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
func (a Audience) Describe(shop *time.Location) string {
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

// Audience returns the customers in group a, never one marked do not contact,
// split into those with a postal address and those without.
func (s *Store) Audience(ctx context.Context, a Audience) (AudienceResult, error) {
	var res AudienceResult
	switch a.By {
	case AudienceAll:
	case AudienceTag:
		if strings.TrimSpace(a.Tag) == "" {
			return res, fieldErr("tag", "choose the tag of the customers to write to")
		}
	case AudienceBoughtSince, AudienceBoughtBefore:
		if a.Date.IsZero() {
			return res, fieldErr("date", "choose the day of the last purchase")
		}
	case AudienceKind:
		if a.Kind != KindBusiness && a.Kind != KindConsumer {
			return res, fieldErr("kind", "%q is not business or consumer", a.Kind)
		}
	default:
		return res, fmt.Errorf("audience: unknown group %d", int(a.By))
	}
	shop, err := s.Business(ctx)
	if err != nil {
		return res, err
	}
	loc := shop.Location()
	day := time.Date(a.Date.Year(), a.Date.Month(), a.Date.Day(), 0, 0, 0, 0, loc)

	rows, err := s.db.QueryContext(ctx, `SELECT `+customerCols+`, coalesce(lp.last, 0) FROM customers
		LEFT JOIN (SELECT customer_id, max(at) AS last FROM purchases GROUP BY customer_id) lp ON lp.customer_id = customers.id
		WHERE do_not_contact = 0 ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return res, fmt.Errorf("audience: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var last int64
		c, err := scanCustomer(scanWith{rows, &last})
		if err != nil {
			return res, fmt.Errorf("audience: %w", err)
		}
		switch a.By {
		case AudienceTag:
			if !c.HasTag(a.Tag) {
				continue
			}
		case AudienceBoughtSince:
			if last == 0 || last < day.Unix() {
				continue
			}
		case AudienceBoughtBefore:
			if last == 0 || last >= day.Unix() {
				continue
			}
		case AudienceKind:
			if c.IsBusiness(shop) != (a.Kind == KindBusiness) {
				continue
			}
		}
		if c.HasPostalAddress() {
			res.Recipients = append(res.Recipients, c)
		} else {
			res.NoAddress = append(res.NoAddress, c)
		}
	}
	return res, rows.Err()
}

// scanWith scans a row's customer columns and then extra columns.
type scanWith struct {
	sc    interface{ Scan(...any) error }
	extra *int64
}

func (s scanWith) Scan(dest ...any) error { return s.sc.Scan(append(dest, s.extra)...) }

// Tags lists every tag in use, each once (first spelling), by name: the
// choices of a batch's "by tag" group.
func (s *Store) Tags(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT tags FROM customers WHERE tags <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		all = append(all, t)
	}
	tags := NormaliseTags(strings.Join(all, ","))
	slices.SortStableFunc(tags, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return tags, rows.Err()
}
