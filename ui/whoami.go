package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// Who uses this computer is the computer's, not the shop's: each copy of Rapport
// on a shared database says whose reminders it shows. It lives in the app's
// preferences, never in the database.
const (
	prefMe      = "who.staffID" // the staff member's ID; 0 for a computer the whole shop shares
	prefMeAsked = "who.asked"   // set once the question was answered
)

// everyoneLabel is the choice of a computer the whole shop shares.
const everyoneLabel = "Everyone (a computer the shop shares)"

// me is the staff member who uses this computer; 0 for everyone.
func (u *UI) me() shop.ID { return shop.ID(u.app.Preferences().IntWithFallback(prefMe, 0)) }

// setMe says who uses this computer, and shows their calls.
func (u *UI) setMe(id shop.ID) {
	prefs := u.app.Preferences()
	prefs.SetInt(prefMe, int(id))
	prefs.SetBool(prefMeAsked, true)
	if s, ok := u.built[tabToday].(*todayScreen); ok {
		s.showMine()
		s.reload()
	}
	if u.reminders != nil && u.reminders.running() {
		u.reminders.round() // the tray's count is the new person's
	}
}

// whoChoices are the active staff's names, then everyone, with their IDs.
func (u *UI) whoChoices() ([]string, []shop.ID) {
	var names []string
	var ids []shop.ID
	for _, st := range u.staff {
		if st.Active {
			names = append(names, st.Name)
			ids = append(ids, st.ID)
		}
	}
	return append(names, everyoneLabel), append(ids, 0)
}

// askWho asks, the first time Rapport opens on this computer, who uses it, then
// calls then. A shop without staff yet is not asked: everyone's calls show.
func (u *UI) askWho(then func()) {
	names, ids := u.whoChoices()
	if u.app.Preferences().Bool(prefMeAsked) || len(names) == 1 {
		then()
		return
	}
	pick := widget.NewSelect(names, nil)
	pick.SetSelected(names[0])
	intro := wrapped("Rapport reminds each person of their own calls and promises, on their own computer. " +
		"Choose everyone for a computer the whole shop uses. Settings → This computer changes it.")
	d := dialog.NewCustomConfirm("Who uses this computer?", "OK", "Later", widget.NewForm(
		widget.NewFormItem("", intro), widget.NewFormItem("This is", pick)), func(ok bool) {
		if ok {
			for i, n := range names {
				if n == pick.Selected {
					u.setMe(ids[i])
				}
			}
		}
		then()
	}, u.win)
	d.Resize(fyne.NewSize(480, 0))
	u.letGoAfterChoice(pick)
	u.present(d, d.Confirm, nil)
}
