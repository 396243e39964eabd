package ui

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/export"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
)

// Letters and holiday cards (FOLLOWUP_RULES.md §7): the glue between the screens,
// the data package and package letters. Which letter to write, who signs it and
// who gets a card are decided in package letters (choose.go); here are only the
// dialogs, the labels, the file names and the saving.

// letterFileName suggests a file name: "thank-you-emily-tran-2026-11-23.pdf".
// who is empty for a batch.
func letterFileName(what, who string, date time.Time) string {
	parts := nonEmpty(slug(what), slug(who), date.Format("2006-01-02"))
	return strings.Join(parts, "-") + ".pdf"
}

// kindSlug names a kind in a file name: "thank-you", "follow-up", "apology".
func kindSlug(k letters.Kind) string {
	return strings.TrimSuffix(k.String(), " letter")
}

// slug lowercases s and joins its words with hyphens, keeping letters and digits
// of any script (file systems take them) and dropping the rest.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// saveLetters asks where to save ls as one PDF, suggesting name, and writes it
// off the UI goroutine with the shop's country, paper and templates; message,
// when not empty, is shown with a busy indicator while it is written. done,
// which may be nil, runs after a save. (Screens that save without a preview
// use it, e.g. the Sales screen's thank-you letter.)
func (u *UI) saveLetters(name, message string, ls []letters.Letter, done func(fyne.URI)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(fmt.Errorf("save %s: %w", name, err))
			return
		}
		if w == nil {
			return // cancelled
		}
		work := func() error {
			set, tpl, err := u.letterPrefs()
			if err != nil {
				_ = w.Close()
				_ = storage.Delete(w.URI())
				return err
			}
			ls := slices.Clone(ls)
			fillIn(ls, set, tpl)
			return writeLetters(w, ls)
		}
		after := func() {
			if done != nil {
				done(w.URI())
			}
		}
		if message == "" {
			u.run(work, after)
		} else {
			u.runBusy(message, work, after)
		}
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// writeLetters writes ls as one PDF to w and closes it. On failure it removes
// the file the save dialog created, so no empty PDF is left to print.
func writeLetters(w fyne.URIWriteCloser, ls []letters.Letter) error {
	return writeChosen(w, func(out io.Writer) error {
		if len(ls) == 1 {
			return letters.Write(out, ls[0])
		}
		return letters.WriteBatch(out, ls)
	})
}

// writeChosen writes to the file the save dialog chose, and closes w. A plain
// file is written again through export.WriteFilePrivate: owner-only (0600, the
// dialog makes it readable by all) and put in place whole. On failure the file
// the dialog created is removed, so no empty PDF is left to print.
func writeChosen(w fyne.URIWriteCloser, write func(io.Writer) error) error {
	var err error
	if uri := w.URI(); uri.Scheme() == "file" {
		w.Close() //nolint:errcheck // nothing was written through it
		err = export.WriteFilePrivate(uri.Path(), write)
	} else {
		err = write(w)
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("saving %s: %w", w.URI().Name(), cerr)
		}
	}
	if err != nil {
		_ = storage.Delete(w.URI())
		return fmt.Errorf("%s: %w", w.URI().Name(), err)
	}
	return nil
}

// --- Shop settings for letters: country, paper, templates ---

// letterPrefs reads what every printed letter needs besides its own values:
// the shop's country and paper and the owner's templates.
func (u *UI) letterPrefs() (shop.LetterSettings, map[string]string, error) {
	ls, err := u.st.LetterSettings(u.ctx)
	if err != nil {
		return ls, nil, err
	}
	tpl, err := u.st.LetterTemplates(u.ctx)
	return ls, tpl, err
}

// fillIn gives letters the shop's country, paper and templates.
func fillIn(ls []letters.Letter, set shop.LetterSettings, tpl map[string]string) {
	for i := range ls {
		ls[i].Country = set.Country
		ls[i].Paper = letters.PaperFor(set.Country, set.Paper)
	}
	letters.ApplyTemplates(ls, tpl)
}

// --- One letter: preview, Save PDF…, Open ---

// preview is a letter rendered for the preview dialog.
type preview struct {
	pdf  []byte
	png  []byte // page 1 when pdftoppm is at hand
	text string // otherwise the letter's text
}

// renderPreview renders l and, when pdftoppm is on PATH, its first page as a
// picture; without it the preview is the letter's text, which is always there.
func renderPreview(l letters.Letter) (preview, error) {
	var p preview
	var buf bytes.Buffer
	if err := letters.Write(&buf, l); err != nil {
		return p, err
	}
	p.pdf = buf.Bytes()
	if png := firstPage(p.pdf); png != nil {
		p.png = png
		return p, nil
	}
	text, err := letters.Text(l)
	p.text = text
	return p, err
}

// firstPage is page 1 of pdf as a PNG at 60 dpi through pdftoppm, or nil
// when pdftoppm is not on PATH or fails (it cannot write PNG to stdout, so it
// works in a temporary folder).
func firstPage(pdf []byte) []byte {
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil
	}
	dir, err := os.MkdirTemp("", "rapport-preview-")
	if err != nil {
		return nil
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "letter.pdf")
	if os.WriteFile(in, pdf, 0o600) != nil {
		return nil
	}
	if exec.Command(tool, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).Run() != nil {
		return nil
	}
	out, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil || len(out) == 0 {
		return nil
	}
	return out
}

// previewLetter shows l as it prints, with Save PDF… and, once saved, Open.
func (u *UI) previewLetter(l letters.Letter) {
	var p preview
	u.run(func() error {
		var err error
		p, err = renderPreview(l)
		return err
	}, func() {
		var body fyne.CanvasObject
		if p.png != nil {
			img := canvas.NewImageFromResource(fyne.NewStaticResource("letter.png", p.png))
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSize(420, 540))
			body = img
		} else {
			txt := widget.NewLabel(p.text)
			txt.Wrapping = fyne.TextWrapWord
			body = container.NewVScroll(txt)
		}
		var d dialog.Dialog
		name := letterFileName(kindSlug(l.Kind), l.Customer.Name, l.Date)
		save := widget.NewButtonWithIcon("Save PDF…", theme.DocumentSaveIcon(), func() {
			d.Hide()
			u.savePDF(name, p.pdf)
		})
		save.Importance = widget.HighImportance
		d = dialog.NewCustom(sentence(l.Kind.String())+" to "+l.Customer.Name, "Close",
			container.NewBorder(nil, container.NewCenter(save), nil, nil, body), u.win)
		d.Resize(fyne.NewSize(560, 680))
		d.Show()
	})
}

// savePDF asks where to save pdf, suggesting name, then offers to open it.
func (u *UI) savePDF(name string, pdf []byte) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(fmt.Errorf("save %s: %w", name, err))
			return
		}
		if w == nil {
			return
		}
		u.run(func() error {
			return writeChosen(w, func(out io.Writer) error {
				_, err := out.Write(pdf)
				return err
			})
		}, func() { u.offerOpen(w.URI(), "Saved "+w.URI().Name()+".") })
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// offerOpen says what was saved and offers to open it in the PDF viewer.
func (u *UI) offerOpen(uri fyne.URI, message string) {
	dialog.ShowCustomConfirm("Saved", "Open", "Close", wrapped(message), func(open bool) {
		if !open {
			return
		}
		link, err := url.Parse(uri.String())
		if err == nil {
			err = u.app.OpenURL(link)
		}
		if err != nil {
			u.showError(fmt.Errorf("open %s: %w", uri.Name(), err))
		}
	}, u.win)
}

// --- Batches: cards, labels and envelopes for a group ---

// Batch documents and groups, as the batch dialog offers them.
var (
	batchDocs   = []string{"Holiday cards", "Invitations", "Address labels", "Envelopes"}
	groupLabels = []string{"All customers", "Customers with a tag", "Bought since a date", "Last bought before a date", "Business customers", "Consumers"}
)

const defaultGreeting = "Season's Greetings"

// noCardsForDNC is what the batch dialog says about do-not-contact customers.
const noCardsForDNC = "Customers marked do not contact never get a card, whoever you send to; customers without a postal address are listed after printing."

// cardDialog holds the open batch dialog's fields; tests fill them in.
type cardDialog struct {
	doc, group               *widget.Select
	tag                      *widget.SelectEntry
	date                     *widget.DateEntry
	greeting, message, promo *widget.Entry
	event, place             *widget.Entry
	eventAt                  *dateTimeField
}

// batchRequest is what the batch dialog asks for.
type batchRequest struct {
	doc      string
	audience shop.Audience
	cards    letters.CardOptions
	event    letters.Event // invitations
}

// request reads the dialog; an invitation without its event's name or date
// is an error naming the field.
func (c *cardDialog) request(loc *time.Location) (batchRequest, error) {
	r := batchRequest{doc: c.doc.Selected, cards: letters.CardOptions{
		Greeting:  strings.TrimSpace(c.greeting.Text),
		Message:   strings.TrimSpace(c.message.Text),
		Promotion: strings.TrimSpace(c.promo.Text),
	}}
	a := &r.audience
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
	if r.doc == batchDocs[1] {
		r.event = letters.Event{Name: strings.TrimSpace(c.event.Text), Place: strings.TrimSpace(c.place.Text)}
		if r.event.Name == "" {
			return r, fmt.Errorf("Event: name the event the invitations are for")
		}
		if strings.TrimSpace(c.eventAt.clock.Text) == "" {
			// No time: the day alone, which the invitation prints without a clock time.
			day, ok, err := c.eventAt.day("Event date")
			if err != nil {
				return r, err
			}
			if !ok {
				return r, fmt.Errorf("Event date: the date is missing")
			}
			r.event.At = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
			return r, nil
		}
		at, err := c.eventAt.value("Event date", loc, false)
		if err != nil {
			return r, err
		}
		r.event.At = *at
	}
	return r, nil
}

// onHolidayCards opens the batch dialog: holiday cards, address labels or
// envelopes for a chosen group, in one PDF.
func (u *UI) onHolidayCards() {
	c := &cardDialog{
		doc: widget.NewSelect(batchDocs, nil), group: widget.NewSelect(groupLabels, nil),
		tag: widget.NewSelectEntry(nil), date: widget.NewDateEntry(),
		greeting: widget.NewEntry(), message: widget.NewMultiLineEntry(), promo: widget.NewEntry(),
		event: widget.NewEntry(), place: widget.NewEntry(), eventAt: newDateTimeField(),
	}
	c.event.SetPlaceHolder("Winter tasting evening")
	c.place.SetPlaceHolder("Optional: blank for the shop")
	c.doc.SetSelected(batchDocs[0])
	c.group.SetSelected(groupLabels[0])
	c.greeting.SetText(defaultGreeting)
	c.message.SetPlaceHolder("Optional: your own words, with placeholders like {first_name} (blank: the card's template)")
	c.message.SetMinRowsVisible(3)
	c.message.Wrapping = fyne.TextWrapWord
	c.promo.SetPlaceHolder("Optional, e.g. 10% off gift boxes until January 6")
	c.tag.SetPlaceHolder("wholesale")
	u.async(func() error {
		tags, err := u.st.Tags(u.ctx)
		if err == nil {
			u.do(func() { c.tag.SetOptions(tags) })
		}
		return err
	}, func(error) {})
	u.cardDialog = c
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

// batchResult is what a finished batch reports.
type batchResult struct {
	printed   []shop.Customer
	noAddress []shop.Customer
}

// startBatch finds the group, asks where to save, then prints with a progress bar.
func (u *UI) startBatch(r batchRequest) {
	var group shop.AudienceResult
	u.run(func() error {
		var err error
		group, err = u.st.Audience(u.ctx, r.audience)
		if err == nil && len(group.Recipients) == 0 {
			err = fmt.Errorf("%s: nobody to print for among %s%s", strings.ToLower(r.doc), r.audience.Describe(u.shopZone()),
				missingNote(group.NoAddress))
		}
		return err
	}, func() {
		name := letterFileName(r.doc, "", u.now())
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

// missingNote names the customers left out for want of an address.
func missingNote(cs []shop.Customer) string {
	if len(cs) == 0 {
		return ""
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return fmt.Sprintf(". Left out for want of a postal address (%d): %s.", len(cs), strings.Join(names, ", "))
}

// printBatch writes the batch to w off the UI goroutine with a progress bar,
// then records "letter sent" for every card's customer and says who was left out.
func (u *UI) printBatch(w fyne.URIWriteCloser, r batchRequest, group shop.AudienceResult) {
	u.runProgress("Printing "+strings.ToLower(r.doc)+"…", plural(len(group.Recipients), "customer", "customers"), func(progress func(int, int)) error {
		return u.batchWork(w, r, group, progress)
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		msg := fmt.Sprintf("%s saved to %s.", plural(len(group.Recipients), strings.ToLower(strings.TrimSuffix(r.doc, "s")),
			strings.ToLower(r.doc)), w.URI().Name())
		if r.doc == batchDocs[0] || r.doc == batchDocs[1] {
			msg += " Each customer's contact log now records the letter as sent."
		}
		u.offerOpen(w.URI(), msg+missingNote(group.NoAddress))
	})
}

// batchWork renders the batch into w and closes it (removing the file on
// failure); after holiday cards it logs one contact per customer in one
// transaction.
func (u *UI) batchWork(w fyne.URIWriteCloser, r batchRequest, group shop.AudienceResult, progress func(int, int)) error {
	set, tpl, err := u.letterPrefs()
	if err != nil {
		_ = w.Close()
		_ = storage.Delete(w.URI())
		return err
	}
	b := u.business
	now := u.now()
	paper := letters.PaperFor(set.Country, set.Paper)
	m := letters.Mailing{Business: b, Country: set.Country, Paper: paper, Date: now, Customers: group.Recipients}
	var what string
	err = writeChosen(w, func(out io.Writer) error {
		switch r.doc {
		case batchDocs[2]:
			return letters.WriteLabels(out, m)
		case batchDocs[3]:
			return letters.WriteEnvelopes(out, m)
		case batchDocs[1]:
			what = "invitation to " + r.event.Name
			ls := make([]letters.Letter, len(group.Recipients))
			rep := letters.Signer(0, u.staff)
			for i, c := range group.Recipients {
				ev := r.event
				ls[i] = letters.Letter{Kind: letters.Invitation, Business: b, Customer: c, Rep: rep, Date: now, Event: &ev, Body: r.cards.Message}
			}
			fillIn(ls, set, tpl)
			return letters.WriteBatchProgress(out, ls, progress)
		default:
			what = "holiday card"
			ls := letters.HolidayCards(group.Recipients, b, r.cards, now)
			fillIn(ls, set, tpl)
			return letters.WriteBatchProgress(out, ls, progress)
		}
	})
	if err != nil {
		return err
	}
	if what == "" {
		return nil // labels and envelopes are not letters sent
	}
	ids := make([]shop.ID, len(group.Recipients))
	for i, c := range group.Recipients {
		ids[i] = c.ID
	}
	return u.st.LogLettersSent(u.ctx, ids, what, u.st.Now(), 0)
}

// --- Settings → Letters ---

// lettersTab is the Settings sub-tab for the shop's country and paper, the
// letter templates and the batches.
type lettersTab struct {
	u        *UI
	country  *widget.Entry
	paper    *widget.Select
	kind     *widget.Select
	body     *widget.Entry
	help     *widget.Label
	saved    map[string]string
	status   *widget.Label
	settings shop.LetterSettings
}

var paperLabels = []string{"From the country (US Letter in the US and Canada, A4 elsewhere)", "US Letter", "A4"}

// buildLetters is the Settings sub-tab for letters.
func (s *settingsScreen) buildLetters() fyne.CanvasObject {
	t := &lettersTab{u: s.u, country: widget.NewEntry(), paper: widget.NewSelect(paperLabels, nil),
		body: widget.NewMultiLineEntry(), help: wrapped(""), status: widget.NewLabel("")}
	s.letters = t
	t.country.SetPlaceHolder("US")
	t.paper.SetSelected(paperLabels[0])
	var kinds []string
	for _, k := range letters.Kinds {
		kinds = append(kinds, sentence(k.String()))
	}
	t.kind = widget.NewSelect(kinds, t.onKind)
	t.body.SetMinRowsVisible(9)
	t.body.Wrapping = fyne.TextWrapWord

	biz := widget.NewForm(
		widget.NewFormItem("Country", t.country),
		widget.NewFormItem("Paper", t.paper),
	)
	biz.Items[0].HintText = "Two letters, e.g. US, GB, DE: the currency sign, the date style and which addresses are abroad"
	saveShop := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), t.onSaveSettings)

	saveTpl := widget.NewButtonWithIcon("Save template", theme.DocumentSaveIcon(), t.onSaveTemplate)
	saveTpl.Importance = widget.HighImportance
	reset := widget.NewButtonWithIcon("Back to the default", theme.ContentUndoIcon(), t.onResetTemplate)
	tplIntro := wrapped("Each kind of letter prints this text between the salutation and the closing lines. Put a placeholder " +
		"in braces where a value goes, e.g. {first_name}; write {{ or }} for a brace itself. An unknown placeholder is refused " +
		"with its name. The subject, the reference, an apology after a complaint, the ways to get in touch, the phone " +
		"number and the signature are always added.")
	templates := container.NewVBox(tplIntro, t.kind, t.body, t.help, container.NewHBox(saveTpl, reset, t.status))

	batch := widget.NewButtonWithIcon("Letters to a group…", theme.MailComposeIcon(), s.u.onHolidayCards)
	batchIntro := wrapped("Holiday cards (one sheet per card, folded twice), address labels (Avery 5160 on Letter, L7160 on A4) " +
		"or envelopes (#10 or DL) for all customers, a tag, the last purchase date or a kind of customer, in one PDF. " +
		"Customers marked do not contact never get one.")
	single := wrapped("Thank-you, follow-up and apology letters to one customer are printed from the Today tab, " +
		"for the follow-up selected, or from the Customers tab.")
	t.reload()
	return container.NewVScroll(container.NewVBox(
		card("Paper and country", container.NewVBox(biz, container.NewHBox(saveShop))),
		card("Letters to a group", container.NewBorder(nil, nil, nil, container.NewCenter(batch), batchIntro)),
		card("Letter templates", templates),
		card("Letters to one customer", single)))
}

// reload reads the settings and templates off the UI goroutine.
func (t *lettersTab) reload() {
	var set shop.LetterSettings
	var tpl map[string]string
	t.u.run(func() error {
		var err error
		set, tpl, err = t.u.letterPrefs()
		return err
	}, func() {
		t.settings, t.saved = set, tpl
		t.country.SetText(set.Country)
		switch set.Paper {
		case shop.PaperLetter:
			t.paper.SetSelected(paperLabels[1])
		case shop.PaperA4:
			t.paper.SetSelected(paperLabels[2])
		default:
			t.paper.SetSelected(paperLabels[0])
		}
		if t.kind.SelectedIndex() < 0 {
			t.kind.SetSelectedIndex(0)
		} else {
			t.onKind(t.kind.Selected)
		}
	})
}

func (t *lettersTab) selectedKind() letters.Kind {
	return letters.Kinds[max(t.kind.SelectedIndex(), 0)]
}

// onKind shows the chosen kind's template and its placeholders.
func (t *lettersTab) onKind(string) {
	k := t.selectedKind()
	body, own := t.saved[k.Key()]
	if !own {
		body = letters.DefaultTemplate(k)
	}
	t.body.SetText(body)
	var ps []string
	for _, p := range letters.Placeholders(k) {
		ps = append(ps, "{"+p.Name+"}: "+p.Help)
	}
	t.help.SetText("Placeholders: " + strings.Join(ps, "; ") + ".")
	t.status.SetText("")
	if !own {
		t.status.SetText("(the default text)")
	}
}

// onSaveTemplate checks the template and stores it; a bad one shows the
// error naming the placeholder and stores nothing.
func (t *lettersTab) onSaveTemplate() {
	k := t.selectedKind()
	body := t.body.Text
	if strings.TrimSpace(body) == letters.DefaultTemplate(k) {
		body = "" // the default itself: nothing to store
	}
	t.u.run(func() error {
		return t.u.st.SaveLetterTemplate(t.u.ctx, k.Key(), body, func(b string) error { return letters.CheckTemplate(k, b) })
	}, func() {
		t.reload()
		t.status.SetText("Saved.")
	})
}

// onResetTemplate puts the default text back.
func (t *lettersTab) onResetTemplate() {
	k := t.selectedKind()
	t.u.run(func() error { return t.u.st.SaveLetterTemplate(t.u.ctx, k.Key(), "", nil) }, t.reload)
}

// onSaveSettings stores the country and paper.
func (t *lettersTab) onSaveSettings() {
	set := shop.LetterSettings{Country: t.country.Text}
	switch t.paper.SelectedIndex() {
	case 1:
		set.Paper = shop.PaperLetter
	case 2:
		set.Paper = shop.PaperA4
	}
	t.u.run(func() error { return t.u.st.SaveLetterSettings(t.u.ctx, set) }, t.reload)
}

// --- Today and Customers ---

// onPrintLetter prints the letter for the selected follow-up.
func (s *todayScreen) onPrintLetter() {
	v, ok := s.current()
	if !ok {
		return
	}
	u := s.u
	it := v.item
	var l letters.Letter
	u.run(func() error {
		purchases, err := u.st.Purchases(u.ctx, it.CustomerID)
		if err != nil {
			return err
		}
		issues, err := u.st.Issues(u.ctx, it.CustomerID)
		if err != nil {
			return err
		}
		l, err = letters.ForFollowUp(it, u.business, u.staff, purchases, issues, u.now())
		if err != nil {
			return err
		}
		return u.prepareOne(&l)
	}, func() { u.previewLetter(l) })
}

// prepareOne gives l the shop's country, paper and template.
func (u *UI) prepareOne(l *letters.Letter) error {
	set, tpl, err := u.letterPrefs()
	if err != nil {
		return err
	}
	ls := []letters.Letter{*l}
	fillIn(ls, set, tpl)
	*l = ls[0]
	return nil
}

// letterChoices are the letters the Customers tab offers for a customer, as
// letters.ChoicesFor picks them, each with its label for the dialog.
func letterChoices(c shop.Customer, sales []shop.Purchase, issues []shop.Issue, b shop.Business, staff []shop.Staff, date time.Time, shopLoc *time.Location) (labels []string, ls []letters.Letter) {
	ls = letters.ChoicesFor(c, sales, issues, b, staff, date)
	for _, l := range ls {
		labels = append(labels, letterChoiceLabel(l, shopLoc))
	}
	return labels, ls
}

// letterChoiceLabel is how the Customers tab offers l: what it is and the sale
// or issue it is about.
func letterChoiceLabel(l letters.Letter, shopLoc *time.Location) string {
	switch {
	case l.Kind == letters.PurchaseFollowUp:
		return fmt.Sprintf("Follow-up letter: how is the latest sale going? %s", clip(l.Purchase.Items, 40))
	case l.Purchase != nil:
		return fmt.Sprintf("Thank-you letter for the latest sale: %s (%s)", clip(l.Purchase.Items, 40), l.Purchase.At.In(shopLoc).Format(layoutDate))
	case l.Kind == letters.HolidayCard:
		return "Holiday card from the whole team (one sheet, folded twice)"
	case l.Issue != nil:
		return fmt.Sprintf("%s about the latest issue: %s", sentence(l.Kind.String()), clip(l.Issue.Summary, 40))
	}
	return sentence(l.Kind.String())
}

// onPrintLetter asks which letter to print for the customer in the form.
func (s *customersScreen) onPrintLetter() {
	u := s.u
	c := s.current
	if c.ID == 0 {
		return
	}
	if err := letters.MayWrite(c); err != nil {
		u.showError(err)
		return
	}
	labels, ls := letterChoices(c, s.sales, s.issues, u.business, u.staff, u.now(), u.shopZone())
	if len(ls) == 0 {
		dialog.ShowInformation("Nothing to write about yet",
			c.Name+" has no sales or issues yet. Letters thank for a sale or follow up an issue: log one first.", u.win)
		return
	}
	s.letterKind = widget.NewRadioGroup(labels, nil)
	s.letterKind.Required = true
	s.letterKind.SetSelected(labels[0])
	items := []*widget.FormItem{{Text: "Letter", Widget: s.letterKind,
		HintText: "Signed by who sold or handled it, else a senior representative"}}
	d := dialog.NewForm("Print a letter to "+c.Name, "Save PDF…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		for i, lb := range labels {
			if lb == s.letterKind.Selected {
				l := ls[i]
				u.run(func() error { return u.prepareOne(&l) }, func() { u.previewLetter(l) })
			}
		}
	}, u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// clip shortens s to at most n runes, with an ellipsis when cut, so that a long
// item list or summary does not widen a dialog.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
