package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Audience returns the customers in group a, never one marked do not contact,
// split into those with a postal address and those without.
func (s *Store) Audience(ctx context.Context, a shop.Audience) (shop.AudienceResult, error) {
	var res shop.AudienceResult
	switch a.By {
	case shop.AudienceAll:
	case shop.AudienceTag:
		if strings.TrimSpace(a.Tag) == "" {
			return res, shop.FieldErrorf("tag", "choose the tag of the customers to write to")
		}
	case shop.AudienceBoughtSince, shop.AudienceBoughtBefore:
		if a.Date.IsZero() {
			return res, shop.FieldErrorf("date", "choose the day of the last purchase")
		}
	case shop.AudienceKind:
		if a.Kind != shop.KindBusiness && a.Kind != shop.KindConsumer {
			return res, shop.FieldErrorf("kind", "%q is not business or consumer", a.Kind)
		}
	default:
		return res, fmt.Errorf("audience: unknown group %d", int(a.By))
	}
	biz, err := s.Business(ctx)
	if err != nil {
		return res, err
	}
	loc := biz.Location()
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
		case shop.AudienceTag:
			if !c.HasTag(a.Tag) {
				continue
			}
		case shop.AudienceBoughtSince:
			if last == 0 || last < day.Unix() {
				continue
			}
		case shop.AudienceBoughtBefore:
			if last == 0 || last >= day.Unix() {
				continue
			}
		case shop.AudienceKind:
			if c.IsBusiness(biz) != (a.Kind == shop.KindBusiness) {
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
	tags := shop.NormaliseTags(strings.Join(all, ","))
	slices.SortStableFunc(tags, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return tags, rows.Err()
}
