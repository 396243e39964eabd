package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters"
	"github.com/rapport-app/rapport/letters/outbox"
)

// emailTab is Settings → Email: the shop's mail server, the password (kept in
// the system keyring, never in the database), a test email, and the email
// templates.
type emailTab struct {
	u                               *UI
	host, port, user, from, replyTo *widget.Entry
	password                        *widget.Entry
	tls                             *widget.Select
	passwordNote, status            *widget.Label
	testTo                          *widget.Entry
	save, test                      *widget.Button
	templates                       *templateEditor
	root                            fyne.CanvasObject
}

var tlsLabels = []string{"STARTTLS (usually port 587)", "TLS (usually port 465)", "None (only for a mail server on this computer)"}
var tlsModes = []shop.TLSMode{shop.TLSStartTLS, shop.TLSImplicit, shop.TLSNone}

// buildEmail is the Settings sub-tab for email.
func (s *settingsScreen) buildEmail() fyne.CanvasObject {
	t := &emailTab{u: s.u, host: widget.NewEntry(), port: widget.NewEntry(), user: widget.NewEntry(), from: widget.NewEntry(),
		replyTo: widget.NewEntry(), password: widget.NewPasswordEntry(), tls: widget.NewSelect(tlsLabels, nil),
		passwordNote: wrapped(""), status: wrapped(""), testTo: widget.NewEntry()}
	s.emailTab = t
	t.host.SetPlaceHolder("smtp.example.com")
	t.port.SetPlaceHolder("the usual one")
	t.user.SetPlaceHolder("the login, often your email address")
	t.from.SetPlaceHolder("Harbor & Pine <hello@shop.example>")
	t.replyTo.SetPlaceHolder("where replies go, when not to From")
	t.password.SetPlaceHolder("type it to change it")
	t.tls.SetSelectedIndex(0)
	t.testTo.SetPlaceHolder("you@shop.example")
	form := widget.NewForm(
		widget.NewFormItem("Mail server", t.host),
		widget.NewFormItem("Port", t.port),
		widget.NewFormItem("Encryption", t.tls),
		widget.NewFormItem("Login", t.user),
		widget.NewFormItem("Password", t.password),
		widget.NewFormItem("From", t.from),
		widget.NewFormItem("Reply-to", t.replyTo),
	)
	form.Items[0].HintText = "Your email provider's outgoing (SMTP) server"
	form.Items[4].HintText = "Kept in this computer's keyring, never in Rapport's file or its backups"
	t.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), t.onSave)
	t.save.Importance = widget.HighImportance
	t.test = widget.NewButtonWithIcon("Send test email", theme.MailSendIcon(), t.onTest)
	server := container.NewVBox(form, t.passwordNote, container.NewHBox(t.save), t.status)
	test := container.NewBorder(nil, nil, widget.NewLabel("To"), t.test, t.testTo)
	t.templates = newTemplateEditor(s.u, letters.EmailTemplates(),
		"Each kind of follow-up says this text in its email; a follow-up with several reasons is one email with each "+
			"reason's text in turn. Placeholders work as in the letters. Whatever the text says, the subject and the reference, "+
			"an apology after a complaint, the ways to get in touch, \"If you need any further assistance, please feel free to "+
			"call us at …\" and the signature are always added.")
	intro := wrapped("Rapport sends follow-up emails through your own mail server, from Today (one at a time or all of the day's) " +
		"or with rapport send for a timer. Each is sent once, logged in the customer's contacts, and marks its follow-up done.")
	t.root = container.NewVScroll(container.NewVBox(
		card("Mail server", container.NewVBox(intro, server)),
		card("Send a test email", test),
		card("Email templates", t.templates.root)))
	t.reload()
	return t.root
}

// reload reads the settings and templates off the UI goroutine.
func (t *emailTab) reload() {
	u := t.u
	var set shop.EmailSettings
	var tpl map[string]string
	var src outbox.PasswordSource
	u.run(func() (err error) {
		if set, err = u.st.EmailSettings(u.ctx); err != nil {
			return err
		}
		_, src = outbox.Password(set)
		tpl, err = u.st.LetterTemplates(u.ctx)
		return err
	}, func() {
		t.fill(set, src)
		t.templates.show(tpl)
	})
}

func (t *emailTab) fill(set shop.EmailSettings, src outbox.PasswordSource) {
	t.host.SetText(set.Host)
	t.port.SetText("")
	if set.Port > 0 {
		t.port.SetText(strconv.Itoa(set.Port))
	}
	t.user.SetText(set.User)
	t.from.SetText(set.From)
	t.replyTo.SetText(set.ReplyTo)
	t.password.SetText("")
	for i, m := range tlsModes {
		if m == set.TLS {
			t.tls.SetSelectedIndex(i)
		}
	}
	if t.testTo.Text == "" {
		t.testTo.SetText(t.u.business.Email)
	}
	switch {
	case strings.TrimSpace(set.User) == "":
		t.passwordNote.SetText("No login: the server takes mail without a password.")
	case src == outbox.FromNowhere:
		t.passwordNote.SetText("No password yet: type it above and save, or set " + outbox.PasswordEnv + " in the environment Rapport runs in.")
	default:
		t.passwordNote.SetText("The password comes from " + string(src) + ".")
	}
}

// settings are the form's values; a port that is not a number is a FieldError.
func (t *emailTab) settings() (shop.EmailSettings, error) {
	set := shop.EmailSettings{Host: strings.TrimSpace(t.host.Text), User: strings.TrimSpace(t.user.Text), From: strings.TrimSpace(t.from.Text),
		ReplyTo: strings.TrimSpace(t.replyTo.Text), TLS: tlsModes[max(t.tls.SelectedIndex(), 0)]}
	if p := strings.TrimSpace(t.port.Text); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return set, shop.FieldErrorf("smtp_port", "%q is not a port number", p)
		}
		set.Port = n
	}
	return set, set.Validate()
}

// onSave stores the settings, and the password typed in the keyring; without a
// keyring the settings are saved and the message says to use the environment.
func (t *emailTab) onSave() {
	u := t.u
	set, err := t.settings()
	if err != nil {
		u.showError(err)
		return
	}
	pw := t.password.Text
	var keyErr error
	u.run(func() error {
		if err := u.st.SaveEmailSettings(u.ctx, set); err != nil {
			return err
		}
		if pw != "" {
			keyErr = outbox.SavePassword(set, pw)
		}
		return nil
	}, func() {
		t.reload()
		t.status.SetText("Saved.")
		if keyErr != nil {
			if errors.Is(keyErr, outbox.ErrNoKeyring) {
				t.status.SetText("Saved. " + sentence(keyErr.Error()) + ".")
				return
			}
			u.showError(keyErr)
		}
	})
}

// onTest sends a test email with the settings as typed (saved or not), so that
// a mistake shows before the first follow-up goes out.
func (t *emailTab) onTest() {
	u := t.u
	set, err := t.settings()
	if err != nil {
		u.showError(err)
		return
	}
	to := strings.TrimSpace(t.testTo.Text)
	if to == "" {
		u.showError(errors.New("give an address to send the test email to"))
		return
	}
	m := outbox.Mailer{Settings: set, Business: u.business, Password: t.password.Text}
	if m.Password == "" {
		m.Password, _ = outbox.Password(set)
	}
	u.runBusy("Sending a test email to "+to+"…", func() error { return m.SendTest(u.ctx, to, u.st.Now()) }, func() {
		t.status.SetText("Test email sent to " + to + ": if it arrives, the settings work.")
		dialog.ShowInformation("Test email sent", "The mail server took the test email to "+to+". If it arrives, follow-up emails will too.", u.win)
	})
}
