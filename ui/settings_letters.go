package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
)

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
		if set, err = t.u.st.LetterSettings(t.u.ctx); err != nil {
			return err
		}
		tpl, err = t.u.st.LetterTemplates(t.u.ctx)
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
