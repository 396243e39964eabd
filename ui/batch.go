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
	tag                      *selectEntry
	date                     *dateEntry
	greeting, message, promo *entry
	event, place             *entry
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
		tag: newSelectEntry(nil), date: newDateEntry(),
		greeting: newEntry(), message: newMultiLineEntry(), promo: newEntry(),
		event: newEntry(), place: newEntry(), eventAt: newDateTimeField(),
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
		var probs problems
		r.Event = letters.Event{Name: strings.TrimSpace(c.event.Text), Place: strings.TrimSpace(c.place.Text)}
		if r.Event.Name == "" {
			probs.add(fieldError("Event", "name the event the invitations are for"))
		}
		if strings.TrimSpace(c.eventAt.clock.Text) == "" {
			// No time: the day alone, which the invitation prints without a clock time.
			day, ok, err := c.eventAt.day("Event date")
			switch {
			case err != nil:
				probs.add(err)
			case !ok:
				probs.add(fieldError("Event date", "the date is missing"))
			default:
				r.Event.At = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
			}
		} else if at, err := c.eventAt.value("Event date", loc, false); err != nil {
			probs.add(err)
		} else {
			r.Event.At = *at
		}
		return r, probs.err()
	}
	return r, nil
}

// onHolidayCards opens the batch dialog: holiday cards, invitations, address labels
// or envelopes for a chosen group, in one PDF. It shows only the fields the
// chosen document and group use.
func (u *UI) onHolidayCards() {
	c := newCardDialog()
	u.async(func() error {
		tags, err := u.st.Tags(u.ctx)
		if err == nil {
			u.do(func() { c.tag.SetOptions(tags) })
		}
		return err
	}, func(error) {})
	body := container.NewStack()
	var d *dialog.ConfirmDialog
	rebuild := func() {
		body.Objects = []fyne.CanvasObject{widget.NewForm(c.items()...)}
		body.Refresh()
		if d != nil {
			d.Resize(fyne.NewSize(600, 0))
		}
	}
	c.doc.OnChanged = func(string) { rebuild() }
	c.group.OnChanged = func(string) { rebuild() }
	rebuild()
	d = dialog.NewCustomConfirm("Letters to a group", "Save PDF…", "Cancel", body, func(ok bool) {
		if !ok {
			return
		}
		r, err := c.request(u.shopZone())
		if err != nil {
			field := markForm(c.items(), err)
			u.present(d, d.Confirm, field)
			u.showErrorThen(err, field)
			return
		}
		u.startBatch(r)
	}, u.win)
	d.Resize(fyne.NewSize(600, 0))
	u.letGoAfterChoice(c.doc, c.group)
	u.present(d, d.Confirm, c.greeting)
}

// items are the fields the chosen document and group use: the tag or the date
// of the group; the greeting, message and promotion of a card; the message and
// the event of an invitation; nothing more for labels and envelopes.
func (c *cardDialog) items() []*widget.FormItem {
	items := []*widget.FormItem{
		{Text: "Print", Widget: c.doc},
		{Text: "For", Widget: c.group},
	}
	switch c.group.Selected {
	case groupLabels[1]:
		items = append(items, &widget.FormItem{Text: "Tag", Widget: c.tag})
	case groupLabels[2], groupLabels[3]:
		// Wrapped, so that the form does not refuse to save while the date is blank.
		items = append(items, &widget.FormItem{Text: "Date", Widget: container.NewStack(c.date), HintText: "Their last purchase"})
	}
	switch outbox.Docs[max(c.doc.SelectedIndex(), 0)] {
	case outbox.Cards:
		c.message.SetPlaceHolder("Optional: your own words, with placeholders like {first_name} (blank: the card's template)")
		items = append(items,
			&widget.FormItem{Text: "Greeting", Widget: c.greeting, HintText: "Inclusive by default (Season's Greetings, Happy Holidays)"},
			&widget.FormItem{Text: "Message", Widget: c.message},
			&widget.FormItem{Text: "Promotion", Widget: c.promo, HintText: "Printed small on the back"},
			&widget.FormItem{Text: "", Widget: wrapped(noCardsForDNC)})
	case outbox.Invitations:
		c.message.SetPlaceHolder("Optional: your own words, with placeholders like {first_name} (blank: the invitation's template)")
		items = append(items,
			&widget.FormItem{Text: "Event", Widget: c.event, HintText: "What the invitation is to"},
			&widget.FormItem{Text: "Event date", Widget: c.eventAt.box, HintText: "The time is optional"},
			&widget.FormItem{Text: "Where", Widget: c.place},
			&widget.FormItem{Text: "Message", Widget: c.message},
			&widget.FormItem{Text: "", Widget: wrapped(strings.Replace(noCardsForDNC, "a card", "an invitation", 1))})
	default:
		items = append(items, &widget.FormItem{Text: "", Widget: wrapped("Customers without a postal address are listed after printing.")})
	}
	return items
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
		one := strings.TrimSuffix(doc, "s")
		msg := fmt.Sprintf("%s saved to %s.", plural(len(group.Recipients), one, doc), w.URI().Name())
		if r.Doc.CountsAsContact() {
			msg += " Each customer's contact log now records the " + strings.TrimPrefix(one, "holiday ") + " as sent."
		}
		if note := outbox.MissingNote(group.NoAddress); note != "" {
			msg = strings.TrimSuffix(msg, ".") + note // the note starts with its own full stop
		}
		u.offerOpen(w.URI(), msg)
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
