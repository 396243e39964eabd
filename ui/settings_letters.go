package ui

import (
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
	u       *UI
	country *widget.Entry
	paper   *widget.Select
	*templateEditor
	settings shop.LetterSettings
}

var paperLabels = []string{"From the country (US Letter in the US and Canada, A4 elsewhere)", "US Letter", "A4"}

// buildLetters is the Settings sub-tab for letters.
func (s *settingsScreen) buildLetters() fyne.CanvasObject {
	t := &lettersTab{u: s.u, country: widget.NewEntry(), paper: widget.NewSelect(paperLabels, nil)}
	s.letters = t
	t.country.SetPlaceHolder("US")
	t.paper.SetSelected(paperLabels[0])
	t.templateEditor = newTemplateEditor(s.u, letters.LetterTemplates(),
		"Each kind of letter prints this text between the salutation and the closing lines. Put a placeholder "+
			"in braces where a value goes, e.g. {first_name}; write {{ or }} for a brace itself. An unknown placeholder is refused "+
			"with its name. The subject, the reference, an apology after a complaint, the ways to get in touch, the phone "+
			"number and the signature are always added.")

	biz := widget.NewForm(
		widget.NewFormItem("Country", t.country),
		widget.NewFormItem("Paper", t.paper),
	)
	biz.Items[0].HintText = "Two letters, e.g. US, GB, DE: the currency sign, the date style and which addresses are abroad"
	saveShop := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), t.onSaveSettings)

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
		card("Letter templates", t.templateEditor.root),
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
		t.settings = set
		t.country.SetText(set.Country)
		switch set.Paper {
		case shop.PaperLetter:
			t.paper.SetSelected(paperLabels[1])
		case shop.PaperA4:
			t.paper.SetSelected(paperLabels[2])
		default:
			t.paper.SetSelected(paperLabels[0])
		}
		t.show(tpl)
	})
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
