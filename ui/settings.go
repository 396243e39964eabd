package ui

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"  // or PNG
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// settingsScreen edits the shop's letterhead and facts, the planner's rules and the
// staff, imports customers and sales (importer.go) and exports (export.go).
type settingsScreen struct {
	u *UI

	// Shop profile.
	shopName, address, phone, email, website, bigTicket *widget.Entry
	zone                                                *widget.SelectEntry
	hours                                               *widget.Entry
	b2b                                                 *widget.Check
	logo                                                []byte
	logoImage                                           *canvas.Image
	logoNote                                            *widget.Label
	noLogo                                              *widget.Icon
	removeLogo                                          *widget.Button
	shopStatus                                          *widget.Label
	previewName, previewAddress, previewContact         *widget.Label
	previewLogo                                         *canvas.Image

	// Rules: an entry per numeric or clock rule, a check per yes/no rule.
	ruleEntries map[string]*widget.Entry
	ruleChecks  map[string]*widget.Check
	rulesStatus *widget.Label
	saveRules   *widget.Button

	// Staff.
	staffList   *widget.List
	editing     shop.Staff
	staffName   *widget.Entry
	staffTitle  *widget.Entry
	senior      *widget.Check
	active      *widget.Check
	staffTitleL *widget.Label
	staffStatus *widget.Label

	importer *importScreen
	exporter *exportScreen

	backups *backupsPanel

	tabs     *container.AppTabs
	root     fyne.CanvasObject
	letters  *lettersTab  // Settings → Letters (ui/letters.go)
	computer *computerTab // Settings → This computer (ui/settings_computer.go)

	emailTab *emailTab // Settings → Email (ui/settings_email.go)
}

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{u: u, ruleEntries: map[string]*widget.Entry{}, ruleChecks: map[string]*widget.Check{}}
	s.importer, s.exporter = newImportScreen(u), newExportScreen(u)
	s.computer = newComputerTab(u)
	s.buildUI()
	return s
}

func (s *settingsScreen) buildUI() {
	s.backups = newBackupsPanel(s.u)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Shop", theme.HomeIcon(), s.buildShop()),
		container.NewTabItemWithIcon("Follow-up rules", theme.ListIcon(), s.buildRules()),
		container.NewTabItemWithIcon("Staff", theme.AccountIcon(), s.buildStaff()),
		container.NewTabItemWithIcon("Import", theme.DownloadIcon(), s.importer.content()),
		container.NewTabItemWithIcon("Export", theme.UploadIcon(), s.exporter.content()),
		container.NewTabItemWithIcon("Letters", theme.MailComposeIcon(), s.buildLetters()),
		container.NewTabItemWithIcon("Email", theme.MailSendIcon(), s.buildEmail()),
		container.NewTabItemWithIcon("Backups", theme.HistoryIcon(), s.backups.content()),
		container.NewTabItemWithIcon("This computer", theme.ComputerIcon(), s.computer.content()),
	)
	s.root = s.tabs
}

func (s *settingsScreen) content() fyne.CanvasObject { return s.root }

// reload shows what is stored, dropping edits not saved.
func (s *settingsScreen) reload() {
	u := s.u
	var b shop.Business
	var r shop.Rules
	var staff []shop.Staff
	s.importer.reload()
	s.backups.reload()
	s.emailTab.reload()
	u.run(func() (err error) {
		if b, err = u.st.Business(u.ctx); err != nil {
			return err
		}
		if r, err = u.st.Rules(u.ctx); err != nil {
			return err
		}
		staff, err = u.st.Staff(u.ctx)
		return err
	}, func() {
		u.business, u.rules, u.staff = b, r, staff
		s.computer.reload()
		s.fillShop(b)
		s.fillRules(r)
		s.staffList.Refresh()
		s.fillStaff(s.findStaff(s.editing.ID))
	})
}

// --- Shop profile ---

func (s *settingsScreen) buildShop() fyne.CanvasObject {
	s.shopName = widget.NewEntry()
	s.address = widget.NewMultiLineEntry()
	s.address.SetMinRowsVisible(3)
	s.phone = widget.NewEntry()
	s.email = widget.NewEntry()
	s.website = widget.NewEntry()
	s.zone = widget.NewSelectEntry(commonZones)
	s.b2b = widget.NewCheck("We sell mostly to companies (B2B)", nil)
	s.bigTicket = widget.NewEntry()
	s.bigTicket.SetPlaceHolder("500.00")
	s.hours = widget.NewEntry()
	s.hours.SetPlaceHolder("Mon-Sat 09:00-18:00")

	s.logoImage = canvas.NewImageFromResource(nil)
	s.logoImage.FillMode = canvas.ImageFillContain
	s.logoImage.SetMinSize(fyne.NewSize(200, 80))
	s.logoNote = widget.NewLabel("")
	choose := widget.NewButtonWithIcon("Choose logo…", theme.FileImageIcon(), s.onChooseLogo)
	s.removeLogo = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), s.onRemoveLogo)
	s.noLogo = widget.NewIcon(theme.FileImageIcon())
	logoBox := container.NewBorder(nil, nil, paper(container.NewStack(container.NewPadded(s.logoImage), container.NewCenter(s.noLogo))), nil,
		container.NewVBox(s.logoNote, container.NewHBox(choose, s.removeLogo)))

	letterhead := widget.NewForm(
		widget.NewFormItem("Shop name", s.shopName),
		widget.NewFormItem("Address", s.address),
		widget.NewFormItem("Phone", s.phone),
		widget.NewFormItem("Email", s.email),
		widget.NewFormItem("Web site", s.website),
	)
	facts := widget.NewForm(
		&widget.FormItem{Text: "Time zone", Widget: s.zone, HintText: "The shop's \"today\" and its daily call block"},
		&widget.FormItem{Text: "Opening hours", Widget: s.hours, HintText: "In the shop's time zone; reminders are quiet outside them"},
		widget.NewFormItem("", s.b2b),
		&widget.FormItem{Text: "Big-ticket amount", Widget: s.bigTicket, HintText: "Sales at or above it get the big-ticket calls (see Follow-up rules)"},
	)
	save := widget.NewButtonWithIcon("Save shop profile", theme.DocumentSaveIcon(), s.onSaveShop)
	save.Importance = widget.HighImportance
	s.shopStatus = wrapped("")
	s.shopStatus.Importance = widget.SuccessImportance
	grid := container.NewGridWithColumns(2,
		container.NewVBox(card("Letterhead", letterhead), card("Preview", s.buildPreview())),
		container.NewVBox(card("Logo", logoBox), card("Planning", facts)))
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, save, s.shopStatus)), nil, nil, container.NewVScroll(grid))
}

// buildPreview shows the letterhead as the letters print it: name, address, and
// the ways to get in touch (FOLLOWUP_RULES.md §2). It follows the form as it is typed.
func (s *settingsScreen) buildPreview() fyne.CanvasObject {
	s.previewName = heading("")
	s.previewName.Alignment = fyne.TextAlignCenter
	s.previewAddress = widget.NewLabel("")
	s.previewAddress.Alignment = fyne.TextAlignCenter
	s.previewContact = widget.NewLabel("")
	s.previewContact.Alignment = fyne.TextAlignCenter
	s.previewContact.Truncation = fyne.TextTruncateEllipsis
	s.previewContact.SizeName = theme.SizeNameCaptionText
	for _, e := range []*widget.Entry{s.shopName, s.address, s.phone, s.email, s.website} {
		e.OnChanged = s.onLetterheadChanged
	}
	s.previewLogo = canvas.NewImageFromResource(nil)
	s.previewLogo.FillMode = canvas.ImageFillContain
	s.previewLogo.SetMinSize(fyne.NewSize(150, 60))
	return paper(container.NewVBox(s.previewLogo,
		container.New(&tightVBox{}, s.previewName, s.previewAddress, s.previewContact)))
}

// paper shows content as printed: dark on white whatever the theme, since a logo
// meant for paper may not read on a dark background.
func paper(content fyne.CanvasObject) fyne.CanvasObject {
	sheet := canvas.NewRectangle(color.White)
	sheet.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	return container.NewThemeOverride(container.NewStack(sheet, container.NewPadded(content)), paperTheme{newTheme()})
}

// paperTheme is the app's theme always in its light variant.
type paperTheme struct{ fyne.Theme }

// Color gives the light variant's colour whatever variant is asked for.
func (p paperTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return p.Theme.Color(n, theme.VariantLight)
}

func (s *settingsScreen) onLetterheadChanged(string) {
	s.previewName.SetText(orText(strings.TrimSpace(s.shopName.Text), "Shop name"))
	s.previewAddress.SetText(strings.TrimSpace(s.address.Text))
	s.previewContact.SetText(strings.Join(nonEmpty(strings.TrimSpace(s.phone.Text), strings.TrimSpace(s.email.Text), strings.TrimSpace(s.website.Text)), "  ·  "))
}

func (s *settingsScreen) fillShop(b shop.Business) {
	s.shopName.SetText(b.Name)
	s.address.SetText(b.Address)
	s.phone.SetText(b.Phone)
	s.email.SetText(b.Email)
	s.website.SetText(b.Website)
	s.zone.SetText(b.TimeZone)
	s.hours.SetText(b.Hours.String())
	s.b2b.SetChecked(b.BusinessToBusiness)
	s.bigTicket.SetText(money(b.BigTicketCents))
	s.setLogo(b.Logo)
}

func (s *settingsScreen) setLogo(b []byte) {
	s.logo = b
	if len(b) == 0 {
		s.logoImage.Resource = nil
		s.logoImage.Image = nil
		s.previewLogo.Resource = nil
		s.previewLogo.Hide()
		s.logoNote.SetText("No logo: letters carry the shop's name instead.")
		s.removeLogo.Disable()
		s.noLogo.Show()
	} else {
		s.logoImage.Resource = fyne.NewStaticResource("logo", b)
		s.previewLogo.Resource = s.logoImage.Resource
		s.previewLogo.Show()
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err == nil {
			s.logoNote.SetText(fmt.Sprintf("%d × %d pixels", cfg.Width, cfg.Height))
		} else {
			s.logoNote.SetText("")
		}
		s.removeLogo.Enable()
		s.noLogo.Hide()
	}
	s.logoImage.Refresh()
	s.previewLogo.Refresh()
}

func (s *settingsScreen) onChooseLogo() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.u.showError(fieldError("Logo", "%v", err))
			return
		}
		if r == nil {
			return // cancelled
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, shop.MaxLogoBytes+1))
		if err != nil {
			s.u.showError(fieldError("Logo", "read %s: %v", r.URI().Name(), err))
			return
		}
		if err := shop.CheckLogo(b); err != nil {
			s.u.showError(fieldError("Logo", "%s: %v", r.URI().Name(), err))
			return
		}
		s.setLogo(b)
		s.shopStatus.SetText("New logo chosen; Save to keep it.")
	}, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

func (s *settingsScreen) onRemoveLogo() {
	s.setLogo(nil)
	s.shopStatus.SetText("Logo removed; Save to keep it that way.")
}

func (s *settingsScreen) readShop() (shop.Business, error) {
	b := s.u.business
	b.Name = strings.TrimSpace(s.shopName.Text)
	b.Address = strings.TrimSpace(s.address.Text)
	b.Phone = strings.TrimSpace(s.phone.Text)
	b.Email = strings.TrimSpace(s.email.Text)
	b.Website = strings.TrimSpace(s.website.Text)
	b.TimeZone = strings.TrimSpace(s.zone.Text)
	h, err := shop.ParseOpeningHours(s.hours.Text)
	if err != nil {
		return b, err
	}
	b.Hours = h
	b.BusinessToBusiness = s.b2b.Checked
	b.Logo = s.logo
	c, err := parseMoney("Big-ticket amount", s.bigTicket.Text)
	if err != nil {
		return b, err
	}
	b.BigTicketCents = c
	return b, b.Validate()
}

func (s *settingsScreen) onSaveShop() {
	b, err := s.readShop()
	if err != nil {
		s.u.showError(err)
		return
	}
	u := s.u
	u.runBusy("Saving the shop profile and re-planning the follow-ups…",
		func() error { return u.st.SaveBusiness(u.ctx, b) },
		func() {
			u.business = b
			u.updateTitle()
			s.shopStatus.SetText("Saved. Follow-ups re-planned.")
		})
}

// --- Rules ---

func (s *settingsScreen) buildRules() fyne.CanvasObject {
	fields := shop.RuleFields()
	half := (len(fields) + 1) / 2
	forms := [2]*widget.Form{widget.NewForm(), widget.NewForm()}
	for i, f := range fields {
		var w fyne.CanvasObject
		if f.Bool {
			c := widget.NewCheck("", nil)
			s.ruleChecks[f.Key] = c
			w = c
		} else {
			e := widget.NewEntry()
			if f.Clock {
				e.SetPlaceHolder("HH:MM")
			}
			s.ruleEntries[f.Key] = e
			w = withWidth(90, e)
		}
		forms[i/half].Append(f.Label, container.NewHBox(w))
	}
	s.saveRules = widget.NewButtonWithIcon("Save rules", theme.DocumentSaveIcon(), s.onSaveRules)
	s.saveRules.Importance = widget.HighImportance
	restore := widget.NewButtonWithIcon("Restore defaults…", theme.HistoryIcon(), s.onRestoreRules)
	s.rulesStatus = wrapped("")
	s.rulesStatus.Importance = widget.SuccessImportance
	intro := wrapped("Every number is a default from customer-service practice; change it to suit the shop. Times are the customer's own local time. Saving re-plans every follow-up.")
	return container.NewBorder(intro,
		container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, restore, s.saveRules, s.rulesStatus)), nil, nil,
		container.NewVScroll(container.NewGridWithColumns(2, forms[0], forms[1])))
}

func (s *settingsScreen) fillRules(r shop.Rules) {
	for _, f := range shop.RuleFields() {
		if f.Bool {
			s.ruleChecks[f.Key].SetChecked(f.Get(r) != 0)
		} else {
			s.ruleEntries[f.Key].SetText(f.Format(r))
		}
	}
}

// readRules parses every rule with its own parser, so an error names the rule.
func (s *settingsScreen) readRules() (shop.Rules, error) {
	r := s.u.rules
	for _, f := range shop.RuleFields() {
		if f.Bool {
			v := 0
			if s.ruleChecks[f.Key].Checked {
				v = 1
			}
			f.Set(&r, v)
			continue
		}
		v, err := f.Parse(s.ruleEntries[f.Key].Text)
		if err != nil {
			return r, err
		}
		f.Set(&r, v)
	}
	return r, r.Validate()
}

func (s *settingsScreen) onSaveRules() {
	r, err := s.readRules()
	if err != nil {
		s.u.showError(err)
		return
	}
	s.storeRules(r, "Saved. Follow-ups re-planned with the new rules.")
}

func (s *settingsScreen) storeRules(r shop.Rules, msg string) {
	u := s.u
	u.runBusy("Saving the rules and re-planning the follow-ups…",
		func() error { return u.st.SaveRules(u.ctx, r) },
		func() {
			u.rules = r
			s.fillRules(r)
			s.rulesStatus.SetText(msg)
		})
}

func (s *settingsScreen) onRestoreRules() {
	d := dialog.NewConfirm("Restore the default rules?",
		"Every rule goes back to its default and the follow-ups are re-planned.", func(ok bool) {
			if ok {
				s.storeRules(shop.DefaultRules(), "Defaults restored. Follow-ups re-planned.")
			}
		}, s.u.win)
	d.SetConfirmText("Restore")
	d.Show()
}

// --- Staff ---

func (s *settingsScreen) buildStaff() fyne.CanvasObject {
	s.staffList = widget.NewList(func() int { return len(s.u.staff) },
		func() fyne.CanvasObject { return newLineRow(true) }, s.updateStaff)
	s.staffList.OnSelected = s.onStaffSelected
	add := widget.NewButtonWithIcon("Add a person", theme.ContentAddIcon(), s.onNewStaff)
	left := container.NewBorder(nil, container.NewHBox(add), nil, nil, s.staffList)

	s.staffTitleL = heading("New staff member")
	s.staffName = widget.NewEntry()
	s.staffTitle = widget.NewEntry()
	s.staffTitle.SetPlaceHolder("Sales associate")
	s.senior = widget.NewCheck("Senior: takes escalations and relationship calls", nil)
	s.active = widget.NewCheck("Active: gets follow-ups assigned", nil)
	form := widget.NewForm(
		widget.NewFormItem("Name", s.staffName),
		widget.NewFormItem("Title", s.staffTitle),
		widget.NewFormItem("", s.senior),
		widget.NewFormItem("", s.active),
	)
	save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.onSaveStaff)
	save.Importance = widget.HighImportance
	s.staffStatus = wrapped("")
	s.staffStatus.Importance = widget.SuccessImportance
	right := container.NewVBox(s.staffTitleL, form, container.NewBorder(nil, nil, nil, save), s.staffStatus)

	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(container.NewVBox(card("", right))))
	split.Offset = 0.4
	s.fillStaff(shop.Staff{Active: true})
	return split
}

func (s *settingsScreen) updateStaff(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.u.staff) {
		return
	}
	st := s.u.staff[id]
	var tags []string
	if st.Senior {
		tags = append(tags, "Senior")
	}
	if !st.Active {
		tags = append(tags, "Inactive")
	}
	o.(*lineRow).set(theme.AccountIcon(), st.Name, orText(st.Title, "—"), strings.Join(tags, ", "))
}

func (s *settingsScreen) findStaff(id shop.ID) shop.Staff {
	for _, st := range s.u.staff {
		if st.ID == id && id != 0 {
			return st
		}
	}
	return shop.Staff{Active: true}
}

func (s *settingsScreen) onStaffSelected(id widget.ListItemID) {
	if id < len(s.u.staff) {
		s.fillStaff(s.u.staff[id])
	}
}

func (s *settingsScreen) onNewStaff() {
	s.staffList.UnselectAll()
	s.fillStaff(shop.Staff{Active: true})
	s.u.win.Canvas().Focus(s.staffName)
}

func (s *settingsScreen) fillStaff(st shop.Staff) {
	s.editing = st
	s.staffStatus.SetText("")
	if st.ID == 0 {
		s.staffTitleL.SetText("New staff member")
	} else {
		s.staffTitleL.SetText(st.Name)
	}
	s.staffName.SetText(st.Name)
	s.staffTitle.SetText(st.Title)
	s.senior.SetChecked(st.Senior)
	s.active.SetChecked(st.Active)
}

func (s *settingsScreen) onSaveStaff() {
	st := s.editing
	st.Name = strings.TrimSpace(s.staffName.Text)
	st.Title = strings.TrimSpace(s.staffTitle.Text)
	st.Senior = s.senior.Checked
	st.Active = s.active.Checked
	u := s.u
	var staff []shop.Staff
	u.runBusy("Saving and re-assigning follow-ups…", func() error {
		if err := u.st.SaveStaff(u.ctx, &st); err != nil {
			return err
		}
		var err error
		staff, err = u.st.Staff(u.ctx)
		return err
	}, func() {
		u.staff = staff
		s.staffList.UnselectAll()
		s.staffList.Refresh()
		s.fillStaff(st)
		s.staffStatus.SetText("Saved " + st.Name + ".")
	})
}
