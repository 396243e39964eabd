package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/export"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox"
)

// letterKinds are the letters print prints for one follow-up.
var letterKinds = map[string]letters.Kind{"thank-you": letters.ThankYou, "follow-up": letters.FollowUp, "apology": letters.Apology}

func runPrint(e *env, args []string) error {
	fs := newFlags("print")
	followup := fs.String("followup", "", "the follow-up (ID as in agenda --json)")
	out := fs.String("out", "", "the PDF file to write")
	tag := fs.String("tag", "", "customers with this tag")
	kind := fs.String("kind", "", "business or consumer customers")
	since := fs.String("since", "", "customers who bought since this day")
	before := fs.String("before", "", "customers whose last purchase was before this day")
	greeting := fs.String("greeting", "Season's Greetings", "a card's headline")
	message := fs.String("message", "", "the card's or invitation's words (blank: the template)")
	promo := fs.String("promo", "", "an offer printed small on a card")
	event := fs.String("event", "", "what the invitations are for")
	when := fs.String("when", "", "when the event is, in the shop's zone")
	where := fs.String("where", "", "where the event is (blank: the shop)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("print takes what to print (thank-you, follow-up, apology, cards, labels, envelopes or invitations): %w", errUsage)
	}
	if *out == "" {
		return fmt.Errorf("print: --out FILE.pdf is missing: %w", errUsage)
	}
	now := e.st.Now()
	if k, ok := letterKinds[pos[0]]; ok {
		if *followup == "" {
			return fmt.Errorf("print %s: --followup ID is missing: %w", pos[0], errUsage)
		}
		id, err := parseID("print", "a follow-up", *followup)
		if err != nil {
			return err
		}
		l, err := outbox.ForFollowUp(e.ctx, e.st, id, k, now)
		if err != nil {
			return err
		}
		if err := export.WriteFilePrivate(*out, func(w io.Writer) error { return letters.Write(w, l) }); err != nil {
			return err
		}
		if err := outbox.LogSent(e.ctx, e.st, []letters.Letter{l}); err != nil {
			return fmt.Errorf("print: %s is saved, but it could not be logged as sent: %w", *out, err)
		}
		fmt.Fprintf(e.out, "Wrote the %s to %s in %s; it is logged as sent.\n", l.Kind, l.Customer.Name, *out)
		return nil
	}
	doc, err := outbox.ParseDoc(pos[0])
	if err != nil {
		return fmt.Errorf("print: %v: %w", err, errUsage)
	}
	b := outbox.Batch{Doc: doc, Cards: letters.CardOptions{Greeting: *greeting, Message: *message, Promotion: *promo}}
	biz, err := e.st.Business(e.ctx)
	if err != nil {
		return err
	}
	loc := biz.Location()
	picked := 0
	if *tag != "" {
		b.Audience.By, b.Audience.Tag = shop.AudienceTag, *tag
		picked++
	}
	if *kind != "" {
		k, err := shop.ParseCustomerKind(*kind)
		if err != nil {
			return fmt.Errorf("print: --kind: %v: %w", err, errUsage)
		}
		b.Audience.By, b.Audience.Kind = shop.AudienceKind, k
		picked++
	}
	for _, d := range []struct {
		flag, v string
		by      shop.AudienceBy
	}{{"--since", *since, shop.AudienceBoughtSince}, {"--before", *before, shop.AudienceBoughtBefore}} {
		if d.v == "" {
			continue
		}
		day, err := time.ParseInLocation(time.DateOnly, d.v, loc)
		if err != nil {
			return fmt.Errorf("print: %s %q is not a date (YYYY-MM-DD): %w", d.flag, d.v, errUsage)
		}
		b.Audience.By, b.Audience.Date = d.by, day
		picked++
	}
	if picked > 1 {
		return fmt.Errorf("print: choose one group: --tag, --kind, --since or --before: %w", errUsage)
	}
	if doc == outbox.Invitations {
		b.Event = letters.Event{Name: strings.TrimSpace(*event), Place: strings.TrimSpace(*where)}
		if b.Event.Name == "" || *when == "" {
			return fmt.Errorf("print invitations: --event NAME and --when \"YYYY-MM-DD HH:MM\" are needed: %w", errUsage)
		}
		if b.Event.At, err = parseLocal("print: --when", *when, loc, true); err != nil {
			return err
		}
	}
	group, err := outbox.Group(e.ctx, e.st, b)
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	var sent []letters.Letter
	err = export.WriteFilePrivate(*out, func(w io.Writer) error {
		var err error
		sent, err = outbox.Print(e.ctx, e.st, b, group, now, w, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	if err := outbox.LogSent(e.ctx, e.st, sent); err != nil {
		return fmt.Errorf("print: %s is saved, but the letters could not be logged as sent: %w", *out, err)
	}
	fmt.Fprintf(e.out, "Wrote %s for %d customers (%s) to %s.", strings.ToLower(doc.String()), len(group.Recipients), b.Audience.Describe(loc), *out)
	if len(sent) > 0 {
		fmt.Fprint(e.out, " Each is logged as sent.")
	}
	fmt.Fprintln(e.out, outbox.MissingNote(group.NoAddress))
	return nil
}
