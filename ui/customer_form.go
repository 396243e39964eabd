package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

// Labels of the customer kinds and of "no preferred channel".
const (
	kindConsumer = "Consumer"
	kindBusiness = "Business"
	sameChannel  = "The one they use"
)

// customerForm is the Details tab of the Customers screen: one customer's fields,
// filled from a shop.Customer and read back into one.
type customerForm struct {
	u *UI

	name, salutation, company, address, city, region, postal, country *widget.Entry
	phone, email, callTime, notes, tags                               *widget.Entry
	referrer                                                          *customerPicker
	kind                                                              *widget.RadioGroup
	zone                                                              *widget.SelectEntry
	channel                                                           *widget.Select
	evening, dnc                                                      *widget.Check

	root fyne.CanvasObject
}

func newCustomerForm(u *UI) *customerForm {
	f := &customerForm{u: u}
	f.name = widget.NewEntry()
	f.salutation = widget.NewEntry()
	f.salutation.SetPlaceHolder("Blank: from the name")
	f.kind = widget.NewRadioGroup([]string{kindConsumer, kindBusiness}, nil)
	f.kind.Horizontal = true
	f.kind.Required = true
	f.company = widget.NewEntry()
	f.address = widget.NewMultiLineEntry()
	f.address.SetMinRowsVisible(2)
	f.city = widget.NewEntry()
	f.region = widget.NewEntry()
	f.postal = widget.NewEntry()
	f.country = widget.NewEntry()
	f.country.SetPlaceHolder("US, GB, DE…")
	f.phone = widget.NewEntry()
	f.phone.SetPlaceHolder("+1 212 555 0142")
	f.email = widget.NewEntry()
	f.zone = widget.NewSelectEntry(commonZones)
	f.zone.SetPlaceHolder("Blank: from the phone number")
	f.phone.OnChanged = func(string) { f.suggestZone() }
	f.country.OnChanged = func(string) { f.suggestZone() }
	f.channel = widget.NewSelect([]string{sameChannel, "Phone", "Email", "Letter"}, nil)
	f.callTime = widget.NewEntry()
	f.callTime.SetPlaceHolder("HH:MM, their time")
	f.evening = widget.NewCheck("Evening only", nil)
	f.dnc = widget.NewCheck("Do not contact", nil)
	f.notes = widget.NewMultiLineEntry()
	f.notes.SetMinRowsVisible(3)
	f.notes.Wrapping = fyne.TextWrapWord
	f.referrer = newCustomerPicker(u.findCustomers)
	f.referrer.async = u.async
	f.referrer.entry.SetPlaceHolder("Who sent them to you (blank: nobody)")
	f.tags = widget.NewEntry()
	f.tags.SetPlaceHolder("wholesale, newsletter")

	who := widget.NewForm(
		widget.NewFormItem("Name", f.name),
		widget.NewFormItem("Salutation", f.salutation),
		widget.NewFormItem("Kind", f.kind),
		widget.NewFormItem("Company", f.company),
		widget.NewFormItem("Phone", f.phone),
		widget.NewFormItem("Email", f.email),
		widget.NewFormItem("Referred by", f.referrer.entry),
	)
	where := widget.NewForm(
		widget.NewFormItem("Address", f.address),
		widget.NewFormItem("City", f.city),
		widget.NewFormItem("Region", f.region),
		widget.NewFormItem("Postal code", f.postal),
		widget.NewFormItem("Country", f.country),
		widget.NewFormItem("Time zone", f.zone),
	)
	how := widget.NewForm(
		widget.NewFormItem("Preferred channel", f.channel),
		widget.NewFormItem("Preferred call time", f.callTime),
		widget.NewFormItem("", f.evening),
		widget.NewFormItem("", f.dnc),
		widget.NewFormItem("Tags", f.tags),
	)
	f.root = container.NewVScroll(padRight(container.NewGridWithColumns(2,
		container.NewVBox(card("Who", who), card("How to reach them", how)),
		container.NewVBox(card("Where", where), card("Notes", f.notes)))))
	return f
}

// suggestZone shows, in the blank time zone field, the zone the phone number and
// country point to: what saving with the field blank will store.
func (f *customerForm) suggestZone() {
	if z := shop.GuessTimeZone(f.phone.Text, f.country.Text); z != "" {
		f.zone.SetPlaceHolder("From the phone: " + z)
		return
	}
	f.zone.SetPlaceHolder("Blank: from the phone number")
}

// fill puts c in the fields.
func (f *customerForm) fill(c shop.Customer) {
	f.name.SetText(c.Name)
	f.salutation.SetText(c.Salutation)
	if c.Kind == shop.KindBusiness {
		f.kind.SetSelected(kindBusiness)
	} else {
		f.kind.SetSelected(kindConsumer)
	}
	f.company.SetText(c.Company)
	f.address.SetText(c.Address)
	f.city.SetText(c.City)
	f.region.SetText(c.Region)
	f.postal.SetText(c.PostalCode)
	f.country.SetText(c.Country)
	f.phone.SetText(c.Phone)
	f.email.SetText(c.Email)
	f.zone.SetText(c.TimeZone)
	if c.PreferredChannel == "" {
		f.channel.SetSelected(sameChannel)
	} else {
		f.channel.SetSelected(channelLabel(c.PreferredChannel))
	}
	if c.PreferredCallMinute >= 0 {
		f.callTime.SetText(shop.FormatClock(c.PreferredCallMinute))
	} else {
		f.callTime.SetText("")
	}
	f.evening.SetChecked(c.EveningOnly)
	f.dnc.SetChecked(c.DoNotContact)
	f.notes.SetText(c.Notes)
	f.tags.SetText(strings.Join(c.Tags, ", "))
	f.referrer.set(shop.Customer{})
	if c.ReferredBy != 0 {
		// One row by its key: as quick as reading the form's own fields.
		if ref, err := f.u.st.Customer(f.u.ctx, c.ReferredBy); err == nil {
			f.referrer.set(ref)
		}
	}
}

// read builds a customer from the fields over base (which keeps the ID and the
// "customer since" date), or an error naming the field.
func (f *customerForm) read(base shop.Customer) (shop.Customer, error) {
	c := base
	c.Name = strings.TrimSpace(f.name.Text)
	c.Salutation = strings.TrimSpace(f.salutation.Text)
	c.Kind = shop.KindConsumer
	if f.kind.Selected == kindBusiness {
		c.Kind = shop.KindBusiness
	}
	c.Company = strings.TrimSpace(f.company.Text)
	c.Address = strings.TrimSpace(f.address.Text)
	c.City = strings.TrimSpace(f.city.Text)
	c.Region = strings.TrimSpace(f.region.Text)
	c.PostalCode = strings.TrimSpace(f.postal.Text)
	c.Country = strings.ToUpper(strings.TrimSpace(f.country.Text))
	c.Phone = strings.TrimSpace(f.phone.Text)
	c.Email = strings.TrimSpace(f.email.Text)
	c.TimeZone = strings.TrimSpace(f.zone.Text)
	c.PreferredChannel = ""
	if f.channel.Selected != sameChannel && f.channel.Selected != "" {
		ch, err := channelFromLabel("Preferred channel", f.channel.Selected)
		if err != nil {
			return c, err
		}
		c.PreferredChannel = ch
	}
	m, err := parseClockField("Preferred call time", f.callTime.Text, true)
	if err != nil {
		return c, err
	}
	c.PreferredCallMinute = m
	c.EveningOnly = f.evening.Checked
	c.DoNotContact = f.dnc.Checked
	c.Notes = strings.TrimSpace(f.notes.Text)
	c.Tags = shop.NormaliseTags(f.tags.Text)
	c.ReferredBy = 0
	if strings.TrimSpace(f.referrer.entry.Text) != "" {
		ref, err := f.referrer.selected("Referred by")
		if err != nil {
			return c, err
		}
		c.ReferredBy = ref.ID
	}
	return c, nil
}
