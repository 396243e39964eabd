package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/letters/outbox"
)

// shopKeys are the keys of rapport shop set, in the order shop prints them.
var shopKeys = []string{"name", "address", "phone", "email", "website", "time_zone", "opening_hours", "b2b", "big_ticket", "country", "paper", "logo",
	"smtp_host", "smtp_port", "smtp_user", "smtp_from", "smtp_reply_to", "smtp_tls"}

// shopView is the shop as rapport shop prints it.
type shopView struct {
	Name     string `json:"name"`
	Address  string `json:"address"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
	Website  string `json:"website"`
	TimeZone string `json:"time_zone"`
	// OpeningHours are written as shop set takes them: "Mon-Sat 09:00-18:00".
	OpeningHours string `json:"opening_hours"`
	B2B          bool   `json:"b2b"`
	BigTicket    string `json:"big_ticket"`
	Country      string `json:"country"`
	Paper        string `json:"paper"`
	Logo         bool   `json:"logo"`
	SMTPHost     string `json:"smtp_host"`
	SMTPPort     int    `json:"smtp_port"`
	SMTPUser     string `json:"smtp_user"`
	SMTPFrom     string `json:"smtp_from"`
	SMTPReply    string `json:"smtp_reply_to"`
	SMTPTLS      string `json:"smtp_tls"`
	// SMTPPassword says where the mail server's password comes from (never the password).
	SMTPPassword string `json:"smtp_password"`
}

func runShop(e *env, args []string) error {
	if len(args) > 0 && args[0] == "set" {
		return runShopSet(e, args[1:])
	}
	fs := newFlags("shop")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("shop: %q is not set or --json: %w", pos[0], errUsage)
	}
	b, err := e.st.Business(e.ctx)
	if err != nil {
		return err
	}
	ls, err := e.st.LetterSettings(e.ctx)
	if err != nil {
		return err
	}
	es, err := e.st.EmailSettings(e.ctx)
	if err != nil {
		return err
	}
	v := shopView{Name: b.Name, Address: b.Address, Phone: b.Phone, Email: b.Email, Website: b.Website, TimeZone: b.TimeZone,
		OpeningHours: b.Hours.String(), B2B: b.BusinessToBusiness, BigTicket: shop.FormatCents(b.BigTicketCents), Country: ls.Country, Paper: ls.Paper, Logo: len(b.Logo) > 0,
		SMTPHost: es.Host, SMTPPort: es.PortOrDefault(), SMTPUser: es.User, SMTPFrom: es.From, SMTPReply: es.ReplyTo, SMTPTLS: string(es.TLS),
		SMTPPassword: passwordNote(es)}
	if *asJSON {
		return printJSON(e.out, v)
	}
	paper := ls.Paper
	if paper == "" {
		paper = "from the country"
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	for _, row := range [][2]string{
		{"name", v.Name}, {"address", strings.ReplaceAll(v.Address, "\n", ", ")}, {"phone", v.Phone}, {"email", v.Email}, {"website", v.Website},
		{"time_zone", v.TimeZone}, {"opening_hours", v.OpeningHours}, {"b2b", yesNoText(v.B2B)}, {"big_ticket", v.BigTicket}, {"country", v.Country}, {"paper", paper},
		{"logo", yesNoText(v.Logo)},
		{"smtp_host", v.SMTPHost}, {"smtp_port", fmt.Sprint(v.SMTPPort)}, {"smtp_user", v.SMTPUser}, {"smtp_from", v.SMTPFrom},
		{"smtp_reply_to", v.SMTPReply}, {"smtp_tls", v.SMTPTLS}, {"smtp_password", v.SMTPPassword},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], dash(row[1]))
	}
	return tw.Flush()
}

func yesNoText(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func runShopSet(e *env, args []string) error {
	const cmd = "shop set"
	kvs, err := keyValues(cmd, args)
	if err != nil {
		return err
	}
	b, err := e.st.Business(e.ctx)
	if err != nil {
		return err
	}
	ls, err := e.st.LetterSettings(e.ctx)
	if err != nil {
		return err
	}
	es, err := e.st.EmailSettings(e.ctx)
	if err != nil {
		return err
	}
	profile, email := false, false
	for _, kv := range kvs {
		v := kv.value
		if strings.HasPrefix(kv.key, "smtp_") {
			email = true
		} else {
			profile = true
		}
		switch kv.key {
		case "name":
			b.Name = v
		case "address":
			b.Address = v
		case "phone":
			b.Phone = v
		case "email":
			b.Email = strings.TrimSpace(v)
		case "website":
			b.Website = v
		case "time_zone":
			b.TimeZone = strings.TrimSpace(v)
		case "opening_hours":
			if b.Hours, err = shop.ParseOpeningHours(v); err != nil {
				return valueError(cmd, kvs, err)
			}
		case "b2b":
			if b.BusinessToBusiness, err = yesNo(kv.key, v); err != nil {
				return valueError(cmd, kvs, err)
			}
		case "big_ticket":
			if b.BigTicketCents, err = shop.ParseCents(v); err != nil {
				return valueError(cmd, kvs, &shop.FieldError{Field: "big_ticket", Msg: err.Error()})
			}
		case "country":
			ls.Country = v
		case "paper":
			ls.Paper = strings.ToLower(strings.TrimSpace(v))
		case "logo":
			b.Logo = nil
			if v = strings.TrimSpace(v); v != "" {
				if b.Logo, err = readLogo(v); err != nil {
					return valueError(cmd, kvs, &shop.FieldError{Field: "logo", Msg: err.Error()})
				}
			}
		case "smtp_host":
			es.Host = strings.TrimSpace(v)
		case "smtp_port":
			if es.Port, err = strconv.Atoi(strings.TrimSpace(v)); err != nil && strings.TrimSpace(v) != "" {
				return valueError(cmd, kvs, &shop.FieldError{Field: "smtp_port", Msg: fmt.Sprintf("%q is not a port number", v)})
			}
		case "smtp_user":
			es.User = strings.TrimSpace(v)
		case "smtp_from":
			es.From = strings.TrimSpace(v)
		case "smtp_reply_to":
			es.ReplyTo = strings.TrimSpace(v)
		case "smtp_tls":
			if es.TLS, err = shop.ParseTLSMode(v); err != nil {
				return valueError(cmd, kvs, &shop.FieldError{Field: "smtp_tls", Msg: err.Error()})
			}
		default:
			return unknownKey(cmd, kv.key, shopKeys)
		}
	}
	// The email settings are checked before anything is saved, so that a
	// refused one leaves the profile as it was too.
	if err := es.Validate(); err != nil {
		return valueError(cmd, kvs, err)
	}
	if profile {
		if err := e.st.SaveShop(e.ctx, b, ls); err != nil {
			return valueError(cmd, kvs, renameField(err, "shop_name", "name"))
		}
	}
	if email {
		if err := e.st.SaveEmailSettings(e.ctx, es); err != nil {
			return valueError(cmd, kvs, err)
		}
	}
	switch {
	case profile && email:
		fmt.Fprintf(e.out, "Saved the shop's profile and email settings; every follow-up was planned again.\n")
	case email:
		fmt.Fprintf(e.out, "Saved the email settings. %s\n", sentence(passwordNote(es)))
	default:
		fmt.Fprintf(e.out, "Saved the shop's profile; every follow-up was planned again.\n")
	}
	return nil
}

// passwordNote says where the mail server's password comes from, never what it is.
func passwordNote(es shop.EmailSettings) string {
	if strings.TrimSpace(es.User) == "" {
		return "none needed (no login)"
	}
	switch _, src := outbox.Password(es); src {
	case outbox.FromNowhere:
		return "not set: save it under Settings → Email or set " + outbox.PasswordEnv
	default:
		return "from " + string(src)
	}
}

// renameField gives the FieldErrors of err the key the command line uses where
// the form's differs (the shop's "shop_name" is name here).
func renameField(err error, from, to string) error {
	var es shop.FieldErrors
	if errors.As(err, &es) {
		for _, e := range es {
			if e.Field == from {
				e.Field = to
			}
		}
	}
	return err
}

// staffView is a staff member as rapport staff prints them.
type staffView struct {
	ID     shop.ID `json:"id"`
	Name   string  `json:"name"`
	Title  string  `json:"title"`
	Senior bool    `json:"senior"`
	Active bool    `json:"active"`
}

func runStaff(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return runStaffAdd(e, args[1:])
		case "set":
			return runStaffSet(e, args[1:])
		}
	}
	fs := newFlags("staff")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("staff: %q is not add, set or --json: %w", pos[0], errUsage)
	}
	staff, err := e.st.Staff(e.ctx)
	if err != nil {
		return err
	}
	out := make([]staffView, len(staff))
	for i, s := range staff {
		out[i] = staffView{s.ID, s.Name, s.Title, s.Senior, s.Active}
	}
	if *asJSON {
		return printJSON(e.out, out)
	}
	if len(out) == 0 {
		_, err := fmt.Fprintln(e.out, "No staff yet. Add someone: rapport staff add NAME [--title T] [--senior]")
		return err
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tTITLE\tSENIOR\tACTIVE")
	for _, s := range out {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", s.ID, s.Name, dash(s.Title), yesNoText(s.Senior), yesNoText(s.Active))
	}
	return tw.Flush()
}

func runStaffAdd(e *env, args []string) error {
	fs := newFlags("staff add")
	title := fs.String("title", "", "job title")
	senior := fs.Bool("senior", false, "a senior representative")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("staff add takes the staff member's name (in quotes when it has spaces): %w", errUsage)
	}
	st := shop.Staff{Name: pos[0], Title: *title, Senior: *senior, Active: true}
	if err := e.st.SaveStaff(e.ctx, &st); err != nil {
		return fmt.Errorf("staff add: %w", err)
	}
	fmt.Fprintf(e.out, "Added %s (staff %d).\n", st.Name, st.ID)
	return nil
}

// findStaff finds a staff member by name, without case.
func findStaff(e *env, cmd, name string) (shop.Staff, error) {
	staff, err := e.st.Staff(e.ctx)
	if err != nil {
		return shop.Staff{}, err
	}
	var names []string
	for _, s := range staff {
		if strings.EqualFold(s.Name, strings.TrimSpace(name)) {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return shop.Staff{}, fmt.Errorf("%s: no staff member is named %q (staff: %s)", cmd, name, strings.Join(names, ", "))
}

func runStaffSet(e *env, args []string) error {
	const cmd = "staff set"
	if len(args) < 2 {
		return fmt.Errorf("staff set takes a staff member's name and KEY=VALUE arguments: %w", errUsage)
	}
	st, err := findStaff(e, cmd, args[0])
	if err != nil {
		return err
	}
	kvs, err := keyValues(cmd, args[1:])
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		switch kv.key {
		case "name":
			st.Name = kv.value
		case "title":
			st.Title = kv.value
		case "senior":
			if st.Senior, err = yesNo(kv.key, kv.value); err != nil {
				return valueError(cmd, kvs, err)
			}
		case "active":
			if st.Active, err = yesNo(kv.key, kv.value); err != nil {
				return valueError(cmd, kvs, err)
			}
		default:
			return unknownKey(cmd, kv.key, []string{"name", "title", "senior", "active"})
		}
	}
	if err := e.st.SaveStaff(e.ctx, &st); err != nil {
		return valueError(cmd, kvs, renameField(err, "staff_name", "name"))
	}
	fmt.Fprintf(e.out, "Saved %s; their follow-ups were planned again.\n", st.Name)
	return nil
}

// ruleView is one rule as rapport rules prints it.
type ruleView struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Value   string `json:"value"`
	Default string `json:"default"`
}

func runRules(e *env, args []string) error {
	if len(args) > 0 && args[0] == "set" {
		return runRulesSet(e, args[1:])
	}
	fs := newFlags("rules")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("rules: %q is not set or --json: %w", pos[0], errUsage)
	}
	r, err := e.st.Rules(e.ctx)
	if err != nil {
		return err
	}
	def := shop.DefaultRules()
	var out []ruleView
	for _, f := range shop.RuleFields() {
		out = append(out, ruleView{f.Key, f.Label, f.Format(r), f.Format(def)})
	}
	if *asJSON {
		return printJSON(e.out, out)
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE\tDEFAULT\tWHAT IT IS")
	for _, v := range out {
		mark := ""
		if v.Value != v.Default {
			mark = " *"
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\n", v.Key, v.Value, mark, v.Default, v.Label)
	}
	return tw.Flush()
}

func runRulesSet(e *env, args []string) error {
	const cmd = "rules set"
	kvs, err := keyValues(cmd, args)
	if err != nil {
		return err
	}
	r, err := e.st.Rules(e.ctx)
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		f, ok := shop.RuleFieldByKey(kv.key)
		if !ok {
			var keys []string
			for _, f := range shop.RuleFields() {
				keys = append(keys, f.Key)
			}
			return unknownKey(cmd, kv.key, keys)
		}
		v, err := f.Parse(kv.value)
		if err != nil {
			return valueError(cmd, kvs, err)
		}
		f.Set(&r, v)
	}
	if err := e.st.SaveRules(e.ctx, r); err != nil {
		return valueError(cmd, kvs, err)
	}
	fmt.Fprintf(e.out, "Saved the rules; every follow-up was planned again.\n")
	return nil
}

// readLogo reads an image file for the letterhead (checked as the shop's profile is
// saved).
func readLogo(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, shop.MaxLogoBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b, nil
}
