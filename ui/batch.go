package ui

import (
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox"
)

// Letters to a group: holiday cards, invitations, address labels and envelopes for
// a chosen group of customers, in one PDF (letters/outbox prints them).

// groupLabels are the groups the batch dialog offers.
var groupLabels = []string{"All customers", "Customers with a tag", "Bought since a date", "Last bought before a date", "Business customers", "Consumers"}

const defaultGreeting = "Season's Greetings"

// noCardsForDNC is what the batch dialog says about do-not-contact customers.
const noCardsForDNC = "Customers marked do not contact never get a card, whoever you send to; customers without a postal address are listed after printing."

// cardDialog is the batch dialog's fields.
type cardDialog struct {
	doc, group               *widget.Select
	tag                      *widget.SelectEntry
	date                     *widget.DateEntry
	greeting, message, promo *widget.Entry
	event, place             *widget.Entry
	eventAt                  *dateTimeField
}

// newCardDialog makes the batch dialog's fields, set to holiday cards for everyone.
func newCardDialog() *cardDialog {
	docs := make([]string, len(outbox.Docs))
	for i, d := range outbox.Docs {
		docs[i] = d.String()
	}
	c := &cardDialog{
		doc: widget.NewSelect(docs, nil), group: widget.NewSelect(groupLabels, nil),
		tag: widget.NewSelectEntry(nil), date: widget.NewDateEntry(),
		greeting: widget.NewEntry(), message: widget.NewMultiLineEntry(), promo: widget.NewEntry(),
		event: widget.NewEntry(), place: widget.NewEntry(), eventAt: newDateTimeField(),
	}
	c.event.SetPlaceHolder("Winter tasting evening")
	c.place.SetPlaceHolder("Optional: blank for the shop")
	c.doc.SetSelected(docs[0])
	c.group.SetSelected(groupLabels[0])
	c.greeting.SetText(defaultGreeting)
	c.message.SetPlaceHolder("Optional: your own words, with placeholders like {first_name} (blank: the card's template)")
	c.message.SetMinRowsVisible(3)
	c.message.Wrapping = fyne.TextWrapWord
	c.promo.SetPlaceHolder("Optional, e.g. 10% off gift boxes until January 6")
	c.tag.SetPlaceHolder("wholesale")
	return c
}

// request reads the dialog as a batch; an invitation without its event's name or
// date is an error naming the field. loc is the shop's zone.
func (c *cardDialog) request(loc *time.Location) (outbox.Batch, error) {
	r := outbox.Batch{Doc: outbox.Docs[max(c.doc.SelectedIndex(), 0)], Cards: letters.CardOptions{
		Greeting:  strings.TrimSpace(c.greeting.Text),
		Message:   strings.TrimSpace(c.message.Text),
		Promotion: strings.TrimSpace(c.promo.Text),
	}}
	a := &r.Audience
	switch c.group.Selected {
	case groupLabels[1]:
		a.By, a.Tag = shop.AudienceTag, c.tag.Text
	case groupLabels[2], groupLabels[3]:
		a.By = shop.AudienceBoughtSince
		if c.group.Selected == groupLabels[3] {
			a.By = shop.AudienceBoughtBefore
		}
		if c.date.Date != nil {
			a.Date = *c.date.Date
		}
	case groupLabels[4]:
		a.By, a.Kind = shop.AudienceKind, shop.KindBusiness
	case groupLabels[5]:
		a.By, a.Kind = shop.AudienceKind, shop.KindConsumer
	}
	if r.Doc == outbox.Invitations {
		r.Event = letters.Event{Name: strings.TrimSpace(c.event.Text), Place: strings.TrimSpace(c.place.Text)}
		if r.Event.Name == "" {
			return r, fieldError("Event", "name the event the invitations are for")
		}
		if strings.TrimSpace(c.eventAt.clock.Text) == "" {
			// No time: the day alone, which the invitation prints without a clock time.
			day, ok, err := c.eventAt.day("Event date")
			if err != nil {
				return r, err
			}
			if !ok {
				return r, fieldError("Event date", "the date is missing")
			}
			r.Event.At = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
			return r, nil
		}
		at, err := c.eventAt.value("Event date", loc, false)
		if err != nil {
			return r, err
		}
		r.Event.At = *at
	}
	return r, nil
}

// onHolidayCards opens the batch dialog: holiday cards, invitations, address labels
// or envelopes for a chosen group, in one PDF.
func (u *UI) onHolidayCards() {
	c := newCardDialog()
	u.async(func() error {
		tags, err := u.st.Tags(u.ctx)
		if err == nil {
			u.do(func() { c.tag.SetOptions(tags) })
		}
		return err
	}, func(error) {})
	items := []*widget.FormItem{
		{Text: "Print", Widget: c.doc},
		{Text: "For", Widget: c.group},
		{Text: "Tag", Widget: c.tag, HintText: "For customers with a tag"},
		// Wrapped, so that the form does not refuse to save while the date is blank.
		{Text: "Date", Widget: container.NewStack(c.date), HintText: "For the last-purchase groups"},
		{Text: "Greeting", Widget: c.greeting, HintText: "Cards: inclusive by default (Season's Greetings, Happy Holidays)"},
		{Text: "Message", Widget: c.message},
		{Text: "Promotion", Widget: c.promo, HintText: "Cards: printed small on the back"},
		{Text: "Event", Widget: c.event, HintText: "Invitations: what to, when (time optional) and where"},
		{Text: "When", Widget: c.eventAt.box},
		{Text: "Where", Widget: c.place},
		{Text: "", Widget: wrapped(noCardsForDNC)},
	}
	d := dialog.NewForm("Letters to a group", "Save PDF…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		r, err := c.request(u.shopZone())
		if err != nil {
			u.showError(err)
			return
		}
		u.startBatch(r)
	}, u.win)
	d.Resize(fyne.NewSize(600, 0))
	d.Show()
}

// startBatch finds the group, asks where to save, then prints with a progress bar.
func (u *UI) startBatch(r outbox.Batch) {
	var group shop.AudienceResult
	u.run(func() error {
		var err error
		group, err = outbox.Group(u.ctx, u.st, r)
		return err
	}, func() {
		name := letterFileName(r.Doc.String(), "", u.now())
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			if w != nil {
				u.printBatch(w, r, group)
			}
		}, u.win)
		d.SetFileName(name)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
		d.Resize(fyne.NewSize(760, 520))
		d.Show()
	})
}

// printBatch writes the batch to w off the UI goroutine with a progress bar,
// then records "letter sent" for every card's customer and says who was left out.
func (u *UI) printBatch(w fyne.URIWriteCloser, r outbox.Batch, group shop.AudienceResult) {
	doc := strings.ToLower(r.Doc.String())
	u.runProgress("Printing "+doc+"…", plural(len(group.Recipients), "customer", "customers"), func(progress func(int, int)) error {
		return u.batchWork(w, r, group, progress)
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		msg := fmt.Sprintf("%s saved to %s.", plural(len(group.Recipients), strings.TrimSuffix(doc, "s"), doc), w.URI().Name())
		if r.Doc.CountsAsContact() {
			msg += " Each customer's contact log now records the letter as sent."
		}
		u.offerOpen(w.URI(), msg+outbox.MissingNote(group.NoAddress))
	})
}

// batchWork renders the batch into w and closes it (removing the file on
// failure), then records the cards or invitations as sent.
func (u *UI) batchWork(w fyne.URIWriteCloser, r outbox.Batch, group shop.AudienceResult, progress func(int, int)) error {
	var sent []letters.Letter
	err := writeChosen(w, func(out io.Writer) error {
		var err error
		sent, err = outbox.Print(u.ctx, u.st, r, group, u.now(), out, progress)
		return err
	})
	if err != nil {
		return err
	}
	return outbox.LogSent(u.ctx, u.st, sent)
}
