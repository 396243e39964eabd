package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// customerKeys are the keys of rapport customer set and customer add.
func customerKeys() []string {
	return []string{"do_not_contact", "evening_only", "preferred_call_time", "preferred_channel", "kind", "time_zone", "tags", "notes",
		"name", "email", "phone", "salutation", "company", "address", "city", "region", "postal_code", "country"}
}

// customerView is a customer as rapport customer prints them.
type customerView struct {
	ID                shop.ID  `json:"id"`
	Name              string   `json:"name"`
	Email             string   `json:"email"`
	Phone             string   `json:"phone"`
	Kind              string   `json:"kind"`
	Company           string   `json:"company"`
	Salutation        string   `json:"salutation"`
	Address           string   `json:"address"`
	City              string   `json:"city"`
	Region            string   `json:"region"`
	PostalCode        string   `json:"postal_code"`
	Country           string   `json:"country"`
	TimeZone          string   `json:"time_zone"`
	PreferredChannel  string   `json:"preferred_channel"`
	PreferredCallTime string   `json:"preferred_call_time"`
	EveningOnly       bool     `json:"evening_only"`
	DoNotContact      bool     `json:"do_not_contact"`
	Tags              []string `json:"tags"`
	Notes             string   `json:"notes"`
	CustomerSince     string   `json:"customer_since"`
	Spent             string   `json:"spent"`
	Sales             int      `json:"sales"`
	OpenIssues        int      `json:"open_issues"`
	Pending           []Item   `json:"pending"`
}

func runCustomer(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "set":
			return runCustomerSet(e, args[1:])
		case "add":
			return runCustomerAdd(e, args[1:])
		case "delete":
			return runCustomerDelete(e, args[1:])
		}
	}
	fs := newFlags("customer")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("customer takes a customer's email or number (or set, add, delete): %w", errUsage)
	}
	c, err := customerArg(e, "customer", pos[0])
	if err != nil {
		return err
	}
	br, err := e.st.Brief(e.ctx, c.ID)
	if err != nil {
		return err
	}
	hist, err := e.st.History(e.ctx, c.ID)
	if err != nil {
		return err
	}
	v := customerView{ID: c.ID, Name: c.Name, Email: c.Email, Phone: c.Phone, Kind: string(c.Kind), Company: c.Company, Salutation: c.Salutation,
		Address: c.Address, City: c.City, Region: c.Region, PostalCode: c.PostalCode, Country: c.Country, TimeZone: c.TimeZone,
		PreferredChannel: string(c.PreferredChannel), EveningOnly: c.EveningOnly, DoNotContact: c.DoNotContact, Tags: c.Tags, Notes: c.Notes,
		Spent: shop.FormatCents(br.LifetimeCents), Sales: len(br.Purchases), OpenIssues: br.OpenIssues, Pending: []Item{}}
	if v.Tags == nil {
		v.Tags = []string{}
	}
	if c.PreferredCallMinute >= 0 {
		v.PreferredCallTime = shop.FormatClock(c.PreferredCallMinute)
	}
	if !br.Since.IsZero() {
		v.CustomerSince = br.Since.Format(time.DateOnly)
	}
	var pending []shop.Line
	for _, it := range hist {
		if it.Status == shop.StatusPending {
			pending = append(pending, it.Line())
			v.Pending = append(v.Pending, toItem(pending[len(pending)-1]))
		}
	}
	if *asJSON {
		return printJSON(e.out, v)
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	for _, row := range [][2]string{
		{"id", fmt.Sprint(v.ID)}, {"name", v.Name}, {"email", v.Email}, {"phone", v.Phone}, {"kind", v.Kind}, {"company", v.Company},
		{"salutation", v.Salutation}, {"address", strings.ReplaceAll(v.Address, "\n", ", ")}, {"city", v.City}, {"region", v.Region},
		{"postal_code", v.PostalCode}, {"country", v.Country}, {"time_zone", v.TimeZone}, {"preferred_channel", v.PreferredChannel},
		{"preferred_call_time", v.PreferredCallTime}, {"evening_only", yesNoText(v.EveningOnly)}, {"do_not_contact", yesNoText(v.DoNotContact)},
		{"tags", strings.Join(v.Tags, ", ")}, {"notes", strings.ReplaceAll(v.Notes, "\n", " ")}, {"customer_since", v.CustomerSince},
		{"spent", v.Spent}, {"sales", fmt.Sprint(v.Sales)}, {"open_issues", fmt.Sprint(v.OpenIssues)},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], dash(row[1]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(v.Pending) > 0 {
		fmt.Fprintln(e.out, "\nPlanned follow-ups:")
		return printItems(e.out, pending, false)
	}
	return nil
}

// applyCustomer sets the customer fields kvs name.
func applyCustomer(cmd string, c *shop.Customer, kvs []keyValue) error {
	var err error
	for _, kv := range kvs {
		v := kv.value
		switch kv.key {
		case "do_not_contact":
			c.DoNotContact, err = yesNo(kv.key, v)
		case "evening_only":
			c.EveningOnly, err = yesNo(kv.key, v)
		case "preferred_call_time", "preferred_call_minute":
			c.PreferredCallMinute = -1
			if strings.TrimSpace(v) != "" {
				if c.PreferredCallMinute, err = shop.ParseClock(v); err != nil {
					err = &shop.FieldError{Field: kv.key, Msg: err.Error()}
				}
			}
		case "preferred_channel":
			c.PreferredChannel = ""
			if strings.TrimSpace(v) != "" {
				if c.PreferredChannel, err = shop.ParseChannel(v); err != nil {
					err = &shop.FieldError{Field: kv.key, Msg: err.Error()}
				}
			}
		case "kind":
			if c.Kind, err = shop.ParseCustomerKind(v); err != nil {
				err = &shop.FieldError{Field: kv.key, Msg: err.Error()}
			}
		case "time_zone":
			c.TimeZone = strings.TrimSpace(v)
		case "tags":
			c.Tags = shop.NormaliseTags(v)
		case "notes":
			c.Notes = v
		case "name":
			c.Name = v
		case "email":
			c.Email = strings.TrimSpace(v)
		case "phone":
			c.Phone = v
		case "salutation":
			c.Salutation = v
		case "company":
			c.Company = v
		case "address":
			c.Address = v
		case "city":
			c.City = v
		case "region":
			c.Region = v
		case "postal_code":
			c.PostalCode = v
		case "country":
			c.Country = strings.ToUpper(strings.TrimSpace(v))
		default:
			return unknownKey(cmd, kv.key, customerKeys())
		}
		if err != nil {
			return valueError(cmd, kvs, err)
		}
	}
	return nil
}

// customerError names the KEY=VALUE argument a refused customer came from; the
// form's preferred_call_minute is preferred_call_time here.
func customerError(cmd string, kvs []keyValue, err error) error {
	var es shop.FieldErrors
	var fe *shop.FieldError
	if errors.As(err, &fe) && !errors.As(err, &es) {
		es = shop.FieldErrors{fe}
		err = es
	}
	for _, e := range es {
		if e.Field == "preferred_call_minute" {
			e.Field = "preferred_call_time"
		}
	}
	return valueError(cmd, kvs, err)
}

func runCustomerSet(e *env, args []string) error {
	const cmd = "customer set"
	if len(args) < 2 {
		return fmt.Errorf("customer set takes a customer's email or number and KEY=VALUE arguments: %w", errUsage)
	}
	c, err := customerArg(e, cmd, args[0])
	if err != nil {
		return err
	}
	kvs, err := keyValues(cmd, args[1:])
	if err != nil {
		return err
	}
	if err := applyCustomer(cmd, &c, kvs); err != nil {
		return err
	}
	if err := e.st.SaveCustomer(e.ctx, &c); err != nil {
		return customerError(cmd, kvs, err)
	}
	fmt.Fprintf(e.out, "Saved %s (customer %d); their follow-ups were planned again.\n", c.Name, c.ID)
	return nil
}

func runCustomerAdd(e *env, args []string) error {
	const cmd = "customer add"
	if len(args) < 1 {
		return fmt.Errorf("customer add takes the customer's name and KEY=VALUE arguments: %w", errUsage)
	}
	c := shop.Customer{Name: args[0], Kind: shop.KindConsumer, PreferredCallMinute: -1}
	var kvs []keyValue
	if len(args) > 1 {
		var err error
		if kvs, err = keyValues(cmd, args[1:]); err != nil {
			return err
		}
		if err := applyCustomer(cmd, &c, kvs); err != nil {
			return err
		}
	}
	if err := e.st.SaveCustomer(e.ctx, &c); err != nil {
		return customerError(cmd, append(kvs, keyValue{"name", c.Name}), err)
	}
	fmt.Fprintf(e.out, "Added %s as customer %d.\n", c.Name, c.ID)
	return nil
}

func runCustomerDelete(e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("customer delete takes a customer's email or number: %w", errUsage)
	}
	c, err := customerArg(e, "customer delete", args[0])
	if err != nil {
		return err
	}
	if err := e.st.DeleteCustomer(e.ctx, c.ID); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Deleted %s (customer %d) with their sales, issues and follow-ups.\n", c.Name, c.ID)
	return nil
}

func runSale(e *env, args []string) error {
	if len(args) > 0 && args[0] == "delete" {
		return runSaleDelete(e, args[1:])
	}
	const cmd = "sale"
	fs := newFlags(cmd)
	amount := fs.String("amount", "", "what the customer paid")
	at := fs.String("at", "", "when, in the customer's zone")
	items := fs.String("items", "", "what they bought")
	channel := fs.String("channel", "visit", "how they bought")
	soldBy := fs.String("sold-by", "", "who sold it")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *amount == "" {
		return fmt.Errorf("sale takes a customer's email or number and --amount: %w", errUsage)
	}
	c, err := customerArg(e, cmd, pos[0])
	if err != nil {
		return err
	}
	p := shop.Purchase{CustomerID: c.ID, Items: *items, At: e.st.Now().UTC()}
	if p.AmountCents, err = shop.ParseCents(*amount); err != nil {
		return fmt.Errorf("sale: --amount: %v", err)
	}
	if *at != "" {
		b, err := e.st.Business(e.ctx)
		if err != nil {
			return err
		}
		t, err := parseLocal("sale: --at", *at, c.Location(b.Location()), false)
		if err != nil {
			return err
		}
		p.At = t.UTC()
	}
	if p.Channel, err = shop.ParseChannel(*channel); err != nil {
		return fmt.Errorf("sale: --channel: %v: %w", err, errUsage)
	}
	if p.SoldBy, err = staffArg(e, cmd, "--sold-by", *soldBy); err != nil {
		return err
	}
	if err := e.st.SavePurchase(e.ctx, &p); err != nil {
		return fmt.Errorf("sale: %w", err)
	}
	fmt.Fprintf(e.out, "Logged sale %d: %s for %s; the follow-ups are planned.\n", p.ID, shop.FormatCents(p.AmountCents), c.Name)
	return nil
}

func runSaleDelete(e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("sale delete takes the ID of a sale: %w", errUsage)
	}
	id, err := parseID("sale delete", "a sale", args[0])
	if err != nil {
		return err
	}
	if err := e.st.DeletePurchase(e.ctx, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("sale delete: there is no sale %d", id)
		}
		return fmt.Errorf("sale delete: %w", err)
	}
	fmt.Fprintf(e.out, "Deleted sale %d; the customer's follow-ups were planned again.\n", id)
	return nil
}

// issueView is an issue as rapport issue --json prints it.
type issueView struct {
	ID        shop.ID `json:"id"`
	Reference string  `json:"reference"`
	Customer  string  `json:"customer"`
	Type      string  `json:"type"`
	Summary   string  `json:"summary"`
	Open      bool    `json:"open"`
}

func runIssue(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "set":
			return runIssueSet(e, args[1:])
		case "delete":
			return runIssueDelete(e, args[1:])
		}
	}
	const cmd = "issue"
	fs := newFlags(cmd)
	typ := fs.String("type", "", "sales inquiry, support, billing, complaint, suggestion or misc")
	summary := fs.String("summary", "", "what it is about")
	channel := fs.String("channel", "phone", "how the customer got in touch")
	opened := fs.String("opened", "", "when, in the customer's zone (default now)")
	handledBy := fs.String("handled-by", "", "who handled it")
	days := fs.Int("follow-up-in", 0, "days to the follow-up the customer accepted")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *typ == "" {
		return fmt.Errorf("issue takes a customer's email or number and --type: %w", errUsage)
	}
	c, err := customerArg(e, cmd, pos[0])
	if err != nil {
		return err
	}
	is := shop.Issue{CustomerID: c.ID, Summary: *summary, OpenedAt: e.st.Now().UTC()}
	if is.Type, err = shop.ParseIssueType(*typ); err != nil {
		return fmt.Errorf("issue: --type: %v: %w", err, errUsage)
	}
	if is.Channel, err = shop.ParseChannel(*channel); err != nil {
		return fmt.Errorf("issue: --channel: %v: %w", err, errUsage)
	}
	if *opened != "" {
		b, err := e.st.Business(e.ctx)
		if err != nil {
			return err
		}
		t, err := parseLocal("issue: --opened", *opened, c.Location(b.Location()), false)
		if err != nil {
			return err
		}
		is.OpenedAt = t.UTC()
	}
	if is.HandledBy, err = staffArg(e, cmd, "--handled-by", *handledBy); err != nil {
		return err
	}
	if err := e.st.SaveIssueWithPromise(e.ctx, &is, *days); err != nil {
		return fmt.Errorf("issue: %w", err)
	}
	if *asJSON {
		return printJSON(e.out, issueView{is.ID, is.Reference, c.Name, string(is.Type), is.Summary, is.Open()})
	}
	fmt.Fprintf(e.out, "Logged issue %s for %s.", is.Reference, c.Name)
	if *days > 0 {
		fmt.Fprintf(e.out, " The follow-up they accepted in %d days is planned.", *days)
	}
	fmt.Fprintln(e.out)
	return nil
}

func runIssueDelete(e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("issue delete takes an issue's reference: %w", errUsage)
	}
	is, err := e.st.IssueByReference(e.ctx, args[0])
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("issue delete: no issue has the reference %s", args[0])
	} else if err != nil {
		return err
	}
	if err := e.st.DeleteIssue(e.ctx, is.ID); err != nil {
		return fmt.Errorf("issue delete: %w", err)
	}
	fmt.Fprintf(e.out, "Deleted issue %s; the customer's follow-ups were planned again.\n", is.Reference)
	return nil
}

func runIssueSet(e *env, args []string) error {
	const cmd = "issue set"
	if len(args) < 2 {
		return fmt.Errorf("issue set takes an issue's reference and KEY=VALUE arguments: %w", errUsage)
	}
	is, err := e.st.IssueByReference(e.ctx, args[0])
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("issue set: no issue has the reference %s", args[0])
	} else if err != nil {
		return err
	}
	kvs, err := keyValues(cmd, args[1:])
	if err != nil {
		return err
	}
	now := e.st.Now().UTC()
	for _, kv := range kvs {
		var b bool
		switch kv.key {
		case "resolved":
			if b, err = yesNo(kv.key, kv.value); err == nil {
				switch {
				case b && is.ResolvedAt == nil:
					is.ResolvedAt = &now
				case !b:
					is.ResolvedAt = nil
				}
			}
		case "escalated":
			is.Escalated, err = yesNo(kv.key, kv.value)
		case "complicated":
			is.Complicated, err = yesNo(kv.key, kv.value)
		case "trivial":
			is.Trivial, err = yesNo(kv.key, kv.value)
		case "summary":
			is.Summary = kv.value
		case "handled_by":
			if is.HandledBy, err = staffArg(e, cmd, "handled_by", kv.value); err != nil {
				return err
			}
		default:
			return unknownKey(cmd, kv.key, []string{"resolved", "escalated", "complicated", "trivial", "summary", "handled_by"})
		}
		if err != nil {
			return valueError(cmd, kvs, err)
		}
	}
	if err := e.st.SaveIssue(e.ctx, &is); err != nil {
		return valueError(cmd, kvs, err)
	}
	fmt.Fprintf(e.out, "Saved issue %s; its follow-ups were planned again.\n", is.Reference)
	return nil
}

func runContact(e *env, args []string) error {
	const cmd = "contact"
	fs := newFlags(cmd)
	dir := fs.String("direction", "", "in (they contacted us) or out (we contacted them)")
	channel := fs.String("channel", "phone", "phone, email, letter, visit or web")
	at := fs.String("at", "", "when, in the customer's zone (default now)")
	note := fs.String("note", "", "what was said")
	by := fs.String("by", "", "who made or took it")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *dir == "" {
		return fmt.Errorf("contact takes a customer's email or number and --direction in|out: %w", errUsage)
	}
	c, err := customerArg(e, cmd, pos[0])
	if err != nil {
		return err
	}
	ct := shop.Contact{CustomerID: c.ID, Direction: shop.Direction(strings.ToLower(*dir)), Summary: *note}
	if ct.Direction != shop.Inbound && ct.Direction != shop.Outbound {
		return fmt.Errorf("contact: --direction %q is not in or out: %w", *dir, errUsage)
	}
	if ct.Channel, err = shop.ParseChannel(*channel); err != nil {
		return fmt.Errorf("contact: --channel: %v: %w", err, errUsage)
	}
	if *at != "" {
		b, err := e.st.Business(e.ctx)
		if err != nil {
			return err
		}
		t, err := parseLocal("contact: --at", *at, c.Location(b.Location()), false)
		if err != nil {
			return err
		}
		ct.At = t.UTC()
	}
	if ct.StaffID, err = staffArg(e, cmd, "--by", *by); err != nil {
		return err
	}
	if err := e.st.LogContact(e.ctx, &ct); err != nil {
		return fmt.Errorf("contact: %w", err)
	}
	fmt.Fprintf(e.out, "Logged the contact with %s.\n", c.Name)
	return nil
}

func runPromise(e *env, args []string) error {
	const cmd = "promise"
	fs := newFlags(cmd)
	due := fs.String("due", "", "when, in the customer's zone")
	channel := fs.String("channel", "phone", "phone, email or letter")
	issueRef := fs.String("issue", "", "the reference of the issue it is about")
	note := fs.String("note", "", "what was promised")
	by := fs.String("by", "", "who keeps it (default: the planner picks)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *due == "" {
		return fmt.Errorf("promise takes a customer's email or number and --due \"YYYY-MM-DD HH:MM\": %w", errUsage)
	}
	c, err := customerArg(e, cmd, pos[0])
	if err != nil {
		return err
	}
	b, err := e.st.Business(e.ctx)
	if err != nil {
		return err
	}
	t, err := parseLocal("promise: --due", *due, c.Location(b.Location()), false)
	if err != nil {
		return err
	}
	p := shop.Promise{CustomerID: c.ID, Due: t.UTC(), Note: *note}
	if p.Channel, err = shop.ParseChannel(*channel); err != nil {
		return fmt.Errorf("promise: --channel: %v: %w", err, errUsage)
	}
	if *issueRef != "" {
		is, err := e.st.IssueByReference(e.ctx, *issueRef)
		if errors.Is(err, store.ErrNotFound) || err == nil && is.CustomerID != c.ID {
			return fmt.Errorf("promise: --issue %s: %s has no issue with that reference", *issueRef, c.Name)
		} else if err != nil {
			return err
		}
		p.IssueID = is.ID
	}
	if p.AssigneeID, err = staffArg(e, cmd, "--by", *by); err != nil {
		return err
	}
	if !p.Due.After(e.st.Now()) {
		return fmt.Errorf("promise: --due %s is not in the future (it is %s for %s now)", *due, e.st.Now().In(c.Location(b.Location())).Format(timeLayout), c.Name)
	}
	if err := e.st.AddPromise(e.ctx, &p); err != nil {
		return fmt.Errorf("promise: %w", err)
	}
	fmt.Fprintf(e.out, "Promised %s a follow-up on %s their time (promise %d).\n", c.Name, t.Format("Mon 2 Jan 15:04"), p.ID)
	if p.Channel == shop.ChannelPhone {
		// The customer accepted the time, so it stands; the window asks the same
		// before it is made.
		r, err := e.st.Rules(e.ctx)
		if err != nil {
			return err
		}
		loc := c.Location(b.Location())
		if off, ok := planner.CheckCallTime(r, c, loc, t); !ok {
			fmt.Fprintf(e.out, "Note: %s The promise keeps %s, as the customer agreed.\n",
				off.Sentence(c, t, loc), t.In(loc).Format("15:04"))
		}
	}
	return nil
}
