package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/letters"
)

// templateEditor edits the owner's wording of a list of templates, the letters'
// (Settings → Letters) or the emails' (Settings → Email): pick a kind, see its
// placeholders, edit, save (checked by package letters, refused naming the bad
// placeholder), or go back to the default.
type templateEditor struct {
	u      *UI
	list   []letters.Template
	kind   *widget.Select
	body   *widget.Entry
	help   *widget.Label
	status *widget.Label
	saved  map[string]string
	root   fyne.CanvasObject
}

// newTemplateEditor is an editor of list, under intro.
func newTemplateEditor(u *UI, list []letters.Template, intro string) *templateEditor {
	t := &templateEditor{u: u, list: list, body: widget.NewMultiLineEntry(), help: wrapped(""), status: widget.NewLabel("")}
	var names []string
	for _, k := range list {
		names = append(names, sentence(k.Name))
	}
	t.kind = widget.NewSelect(names, t.onKind)
	t.body.SetMinRowsVisible(9)
	t.body.Wrapping = fyne.TextWrapWord
	save := widget.NewButtonWithIcon("Save template", theme.DocumentSaveIcon(), t.onSaveTemplate)
	save.Importance = widget.HighImportance
	reset := widget.NewButtonWithIcon("Back to the default", theme.ContentUndoIcon(), t.onResetTemplate)
	t.root = container.NewVBox(wrapped(intro), t.kind, t.body, t.help, container.NewHBox(save, reset, t.status))
	return t
}

// show puts the stored templates in place, keeping the kind chosen.
func (t *templateEditor) show(saved map[string]string) {
	t.saved = saved
	if t.kind.SelectedIndex() < 0 {
		t.kind.SetSelectedIndex(0)
		return
	}
	t.onKind(t.kind.Selected)
}

// reload reads the stored templates off the UI goroutine.
func (t *templateEditor) reload() {
	var tpl map[string]string
	t.u.run(func() (err error) {
		tpl, err = t.u.st.LetterTemplates(t.u.ctx)
		return err
	}, func() { t.show(tpl) })
}

func (t *templateEditor) selected() letters.Template {
	return t.list[max(t.kind.SelectedIndex(), 0)]
}

// onKind shows the chosen kind's template and its placeholders.
func (t *templateEditor) onKind(string) {
	k := t.selected()
	body, own := t.saved[k.Key]
	if !own {
		body = k.Default
	}
	t.body.SetText(body)
	var ps []string
	for _, p := range k.Placeholders {
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
func (t *templateEditor) onSaveTemplate() {
	k := t.selected()
	body := t.body.Text
	if strings.TrimSpace(body) == k.Default {
		body = "" // the default itself: nothing to store
	}
	t.u.run(func() error {
		return t.u.st.SaveLetterTemplate(t.u.ctx, k.Key, body, k.Check)
	}, func() {
		t.reload()
		t.status.SetText("Saved.")
	})
}

// onResetTemplate puts the default text back.
func (t *templateEditor) onResetTemplate() {
	k := t.selected()
	t.u.run(func() error { return t.u.st.SaveLetterTemplate(t.u.ctx, k.Key, "", nil) }, t.reload)
}
