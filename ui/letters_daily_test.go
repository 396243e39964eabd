package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// labelsOf are the field labels of the form in the dialog on top.
func labelsOf(t *testing.T, u testUI) []string {
	t.Helper()
	var out []string
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text != "" {
					out = append(out, it.Text)
				}
			}
		}
	}
	return out
}

func TestTheBatchDialogShowsOnlyWhatTheDocumentUses(t *testing.T) {
	u, _ := newTestUI(t)
	u.onHolidayCards()
	doc := formItem(t, u.win, "Print").(*widget.Select)
	group := formItem(t, u.win, "For").(*widget.Select)
	for _, c := range []struct {
		doc, group string
		want       []string
	}{
		{"Holiday cards", groupLabels[0], []string{"Print", "For", "Greeting", "Message", "Promotion"}},
		{"Invitations", groupLabels[0], []string{"Print", "For", "Event", "Event date", "Where", "Message"}},
		{"Address labels", groupLabels[0], []string{"Print", "For"}},
		{"Envelopes", groupLabels[1], []string{"Print", "For", "Tag"}},
		{"Holiday cards", groupLabels[2], []string{"Print", "For", "Date", "Greeting", "Message", "Promotion"}},
	} {
		doc.SetSelected(c.doc)
		group.SetSelected(c.group)
		if got := labelsOf(t, u); !slices.Equal(got, c.want) {
			t.Errorf("%s for %s: the dialog asks for %q, want %q", c.doc, c.group, got, c.want)
		}
	}
}
