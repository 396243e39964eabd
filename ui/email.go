package ui

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/export"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox"
)

// Email follow-ups in the window: the drafted email of a follow-up, editable,
// with Send (through the shop's mail server, exactly once: package outbox), Open
// in mail app (a mailto: link, or an .eml file for a long text), Copy, Mark as
// sent (after sending it elsewhere) and the one click for "unsubscribe me";
// and "Send today's emails (N)" on Today.

// emailDialog is one follow-up's drafted email.
type emailDialog struct {
	u     *UI
	draft outbox.EmailDraft
	// mailer is the shop's mail server as set now; Check says why it cannot send.
	mailer outbox.Mailer
	done   func() // reloads the screen it was opened from

	subject *entry
	body    *entry
	note    *widget.Label // what happened, what to do next
	send    *widget.Button
	d       dialog.Dialog
}

// showEmail writes the email of follow-up id off the UI goroutine and shows it;
// done runs after it was sent or recorded.
// An email about a sale rung up without items asks what was bought first.
func (u *UI) showEmail(id shop.ID, done func()) {
	var d outbox.EmailDraft
	var m outbox.Mailer
	var name string // the customer's, to ask what they bought
	u.async(func() (err error) {
		if d, err = outbox.DraftFor(u.ctx, u.st, id, u.now()); err != nil {
			if it, ferr := u.st.FollowUp(u.ctx, id); ferr == nil {
				name = it.Customer.Name
			}
			return err
		}
		m, err = outbox.NewMailer(u.ctx, u.st)
		return err
	}, func(err error) {
		var missing *letters.NoItemsError
		switch {
		case errors.As(err, &missing):
			u.askItems(missing.Purchase, name, sentence(missing.What), func(shop.Purchase) { u.showEmail(id, done) })
		case err != nil:
			u.showError(err)
		default:
			e := u.newEmailDialog(d, m, done)
			u.present(e.d, nil, e.body)
		}
	})
}

func (u *UI) newEmailDialog(d outbox.EmailDraft, m outbox.Mailer, done func()) *emailDialog {
	e := &emailDialog{u: u, draft: d, mailer: m, done: done}
	c := d.FollowUp.Customer
	e.subject = newEntry()
	e.subject.SetText(d.Subject)
	e.body = newMultiLineEntry()
	e.body.Wrapping = fyne.TextWrapWord
	e.body.SetText(strings.TrimRight(d.Body, "\n"))
	e.body.SetMinRowsVisible(16)
	e.note = wrapped("")

	copySubject := widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() { u.app.Clipboard().SetContent(e.subject.Text) })
	copySubject.Importance = widget.LowImportance
	head := widget.NewForm(
		widget.NewFormItem("To", selectable(c.Name+" <"+d.To+">")),
		widget.NewFormItem("Subject", container.NewBorder(nil, nil, nil, copySubject, e.subject)),
	)
	e.send = widget.NewButtonWithIcon("Send", theme.MailSendIcon(), e.onSend)
	e.send.Importance = widget.HighImportance
	openApp := widget.NewButtonWithIcon("Open in mail app", theme.MailComposeIcon(), e.onOpenInApp)
	cp := widget.NewButtonWithIcon("Copy text", theme.ContentCopyIcon(), e.onCopy)
	marked := widget.NewButtonWithIcon("Mark as sent", theme.ConfirmIcon(), e.onMarkSent)
	unsub := widget.NewButtonWithIcon("They asked to unsubscribe", theme.ContentRemoveIcon(), e.onUnsubscribe)
	unsub.Importance = widget.LowImportance
	closeB := widget.NewButton("Close", func() { e.d.Hide() })

	top := container.NewVBox(head)
	if box := e.earlier(); box != nil {
		top.Add(box)
	}
	e.showSending()
	buttons := container.NewVBox(e.note,
		container.NewHBox(e.send, openApp, cp, layout.NewSpacer(), marked, closeB),
		container.NewHBox(layout.NewSpacer(), unsub))
	content := container.NewBorder(top, buttons, nil, nil, e.body)
	e.d = dialog.NewCustomWithoutButtons("Email to "+c.Name, content, u.win)
	e.d.Resize(fyne.NewSize(800, 700))
	return e
}

// showSending says how Send sends, or why it cannot.
func (e *emailDialog) showSending() {
	if err := e.mailer.Check(); err != nil {
		e.send.Disable()
		why := sentence(err.Error()) + "."
		if !e.mailer.Settings.Configured() {
			why = "Email is not set up yet: give your mail server under Settings → Email to send from here."
		}
		e.note.SetText(why + " Meanwhile, open it in your mail app or copy it, send it from there, then press Mark as sent.")
		return
	}
	e.note.SetText(fmt.Sprintf("Send sends it from %s through %s, logs it in %s's contacts and marks the follow-up done; it is never sent twice.",
		e.mailer.Settings.From, e.mailer.Settings.Host, e.draft.FollowUp.Customer.Name))
}

// earlier tells of an earlier try: failed (sending again keeps its Message-ID),
// or of unknown outcome (Send waits for the owner's word, with the two answers).
func (e *emailDialog) earlier() fyne.CanvasObject {
	for _, m := range e.draft.Earlier {
		unknown := m.Status == shop.EmailUnknown || m.Status == shop.EmailSending && e.u.st.Now().Sub(m.StartedAt) > store.EmailStaleAfter
		switch {
		case unknown:
			e.send.Disable()
			msg := wrapped(fmt.Sprintf("An email about this went out on %s, but it is not known whether the mail server took it "+
				"(Message-ID <%s>). Look in the server's sent mail, or ask %s, before sending it again.",
				m.StartedAt.In(e.u.shopZone()).Format("Mon Jan 2 15:04"), m.MessageID, e.draft.FollowUp.Customer.Name))
			msg.Importance = widget.WarningImportance
			arrived := widget.NewButton("It arrived: mark as sent", func() { e.settle(m, true) })
			again := widget.NewButton("It did not: send again", func() { e.settle(m, false) })
			return card("", container.NewVBox(msg, container.NewHBox(arrived, again)))
		case m.Status == shop.EmailFailed:
			msg := wrapped("The last try failed: " + m.Error + " Sending again keeps its Message-ID.")
			msg.Importance = widget.WarningImportance
			return msg
		}
	}
	return nil
}

// edited is the draft as the owner left it.
func (e *emailDialog) edited() outbox.EmailDraft {
	d := e.draft
	d.Subject = letters.CleanSubject(e.subject.Text)
	d.Body = letters.CleanBody(e.body.Text)
	return d
}

func (e *emailDialog) onSend() {
	u := e.u
	d := e.edited()
	if err := letters.CheckDraft(d.Draft, u.business); err != nil {
		u.showError(err)
		return
	}
	var r outbox.Result
	u.runBusy("Sending the email to "+d.FollowUp.Customer.Name+"…", func() error {
		r = e.mailer.Send(u.ctx, u.st, []outbox.EmailDraft{d}, nil)[0]
		return nil
	}, func() {
		e.afterSend([]outbox.Result{r})
	})
}

// afterSend closes the dialog when the email went out and says so; otherwise it
// stays open, with the cause shown, so that nothing typed is lost.
func (e *emailDialog) afterSend(rs []outbox.Result) {
	r := rs[0]
	if !r.Sent() {
		if r.Status == shop.EmailUnknown {
			e.d.Hide()
			e.done()
		}
		e.u.showError(r.Err)
		return
	}
	e.d.Hide()
	e.done()
	msg := "The email to " + r.Customer + " was sent and logged; the follow-up is done."
	if r.Err != nil {
		msg = sentence(r.Err.Error())
	}
	e.u.info("Email sent", msg)
}

// onOpenInApp hands the email to the mail program: as a mailto: link, or, too
// long for one, as an .eml file it opens as a new message.
func (e *emailDialog) onOpenInApp() {
	u := e.u
	d := e.edited()
	link, fits := outbox.Mailto(d.Draft)
	if !fits {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("rapport-email-%d.eml", d.FollowUp.ID))
		err := export.WriteFilePrivate(path, func(w io.Writer) error { return e.mailer.WriteEML(w, d.Draft, u.st.Now()) })
		if err != nil {
			u.showError(err)
			return
		}
		link = (&url.URL{Scheme: "file", Path: path}).String()
	}
	target, err := url.Parse(link)
	if err == nil {
		err = u.app.OpenURL(target)
	}
	if err != nil {
		u.showError(fmt.Errorf("open the email in your mail app: %w; copy it instead", err))
		return
	}
	e.note.SetText("Opened in your mail app. Once you have sent it from there, press Mark as sent to log it and mark the follow-up done.")
}

func (e *emailDialog) onCopy() {
	e.u.app.Clipboard().SetContent(letters.CleanBody(e.body.Text))
	e.note.SetText("The text is copied (the subject has its own copy button). Once you have sent it, press Mark as sent.")
}

// onMarkSent records an email sent from the mail program: the follow-up done,
// the contact logged with the text.
func (e *emailDialog) onMarkSent() {
	u := e.u
	d := e.edited()
	o := shop.Outcome{Status: shop.StatusDone, Notes: "Email sent from the mail app: " + d.Subject + "\n\n" + strings.TrimSpace(d.Body)}
	u.run(func() error { return u.st.Complete(u.ctx, d.FollowUp.ID, o) }, func() {
		e.d.Hide()
		e.done()
	})
}

// onUnsubscribe is the one click for an "unsubscribe me" reply: the customer is
// marked do not contact and nothing more is planned for them.
func (e *emailDialog) onUnsubscribe() {
	u := e.u
	c := e.draft.FollowUp.Customer
	u.run(func() error {
		return u.st.SetDoNotContact(u.ctx, c.ID, "Asked not to be emailed any more (unsubscribe)")
	}, func() {
		e.d.Hide()
		e.done()
		u.info("Unsubscribed", c.Name+" is now marked do not contact: nothing more is planned for them, on any channel. "+
			"The Customers tab can undo it.")
	})
}

// settle answers an unknown outcome: it arrived (sent, done, logged), or it did
// not (the next Send sends it again, same Message-ID).
func (e *emailDialog) settle(m shop.Email, arrived bool) {
	u := e.u
	id := e.draft.FollowUp.ID
	u.run(func() error {
		if arrived {
			return u.st.MarkEmailSent(u.ctx, m.ID)
		}
		return u.st.SendEmailAgain(u.ctx, m.ID)
	}, func() {
		e.d.Hide()
		e.done()
		if !arrived {
			u.showEmail(id, e.done)
		}
	})
}

// todayEmail is Today's part in email: the Email… button of the follow-up
// picked and "Send today's emails (N)".
type todayEmail struct {
	s       *todayScreen
	draft   *widget.Button
	sendAll *widget.Button
	items   []shop.AgendaItem // today's email follow-ups
	picked  shop.ID
}

func newTodayEmail(s *todayScreen) *todayEmail {
	t := &todayEmail{s: s}
	t.draft = widget.NewButtonWithIcon("Email…", theme.MailComposeIcon(), func() {
		if t.picked != 0 {
			s.u.showEmail(t.picked, s.reload)
		}
	})
	t.draft.Importance = widget.HighImportance // shown only for an email: what to do with it
	t.sendAll = widget.NewButtonWithIcon("", theme.MailSendIcon(), t.onSendAll)
	t.draft.Hide()
	t.sendAll.Hide()
	return t
}

// showItems counts today's email follow-ups for "Send today's emails (N)".
func (t *todayEmail) showItems(items []shop.AgendaItem) {
	t.items = t.items[:0]
	for _, it := range items {
		if it.Channel == shop.ChannelEmail {
			t.items = append(t.items, it)
		}
	}
	t.sendAll.SetText(fmt.Sprintf("Send today's emails (%d)", len(t.items)))
	showIf(t.sendAll, len(t.items) > 0)
}

// selectItem shows Email… for an email follow-up.
func (t *todayEmail) selectItem(v *agendaView) {
	t.picked = 0
	if v != nil && v.item.Channel == shop.ChannelEmail {
		t.picked = v.item.ID
	}
	showIf(t.draft, t.picked != 0)
}

// onSendAll asks, then sends today's email follow-ups with a progress bar and
// says what became of each.
func (t *todayEmail) onSendAll() {
	u := t.s.u
	items := append([]shop.AgendaItem(nil), t.items...)
	if len(items) == 0 {
		return
	}
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Customer.Name
	}
	msg := fmt.Sprintf("Rapport sends %s now, to %s. Each is logged in the customer's contacts and its follow-up marked done.",
		plural(len(items), "email", "emails"), strings.Join(names, ", "))
	d := dialog.NewCustomConfirm("Send today's emails?", "Send", "Cancel", withWidth(440, wrapped(msg)), func(ok bool) {
		if ok {
			sendEmails(u, items, t.s.reload)
		}
	}, u.win)
	u.present(d, nil, nil) // sending is not taken back: it takes a click
}

// sendEmails writes and sends the emails of items behind a progress bar, then
// reports, and runs done.
func sendEmails(u *UI, items []shop.AgendaItem, done func()) {
	var results []outbox.Result
	u.runProgress("Sending emails", fmt.Sprintf("Sending %s…", plural(len(items), "email", "emails")), func(progress func(int, int)) error {
		m, err := outbox.NewMailer(u.ctx, u.st)
		if err != nil {
			return err
		}
		drafts, refused := outbox.Drafts(u.ctx, u.st, items, u.now())
		results = append(m.Send(u.ctx, u.st, drafts, progress), refused...)
		return nil
	}, func(err error) {
		done()
		if err != nil {
			u.showError(err)
			return
		}
		showSendReport(u, results)
	})
}

// showSendReport says how many emails went out and, for each that did not, why.
func showSendReport(u *UI, results []outbox.Result) {
	sent := 0
	var lines []string
	for _, r := range results {
		if r.Sent() {
			sent++
			continue
		}
		lines = append(lines, "• "+sentence(r.Err.Error()))
	}
	text := fmt.Sprintf("Sent %d of %s.", sent, plural(len(results), "email", "emails"))
	if len(lines) > 0 {
		text += " Those not sent stay on the list:\n\n" + strings.Join(lines, "\n")
	}
	msg := wrapped(text)
	d := dialog.NewCustom("Today's emails", "OK", container.NewVScroll(msg), u.win)
	d.Resize(fyne.NewSize(560, min(float32(200+90*len(lines)), 520)))
	u.present(d, d.Hide, nil)
}

// emailButton is the calendar's Email… for the follow-up picked, shown only for
// an email follow-up.
func emailButton(u *UI, picked func() shop.AgendaItem, done func()) *widget.Button {
	b := widget.NewButtonWithIcon("Email…", theme.MailComposeIcon(), func() {
		if it := picked(); it.ID != 0 && it.Channel == shop.ChannelEmail {
			u.showEmail(it.ID, done)
		}
	})
	b.Hide()
	return b
}
