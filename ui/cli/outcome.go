package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// followUpArg reads a follow-up's ID and finds the follow-up.
func followUpArg(e *env, cmd string, pos []string) (shop.AgendaItem, error) {
	if len(pos) != 1 {
		return shop.AgendaItem{}, fmt.Errorf("%s takes the ID of one follow-up (as in agenda --json): %w", cmd, errUsage)
	}
	id, err := parseID(cmd, "a follow-up", pos[0])
	if err != nil {
		return shop.AgendaItem{}, err
	}
	it, err := e.st.FollowUp(e.ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return it, fmt.Errorf("%s: there is no follow-up %d (the IDs are those of agenda --json or today --json)", cmd, id)
	}
	return it, err
}

// record records an outcome and says what happened.
func record(e *env, cmd string, it shop.AgendaItem, o shop.Outcome, said string) error {
	if err := e.st.Complete(e.ctx, it.ID, o); err != nil {
		var re *store.RecordedError
		if errors.As(err, &re) {
			return fmt.Errorf("%s: %s (with %s)", cmd, re, it.Customer.Name)
		}
		if errors.Is(err, store.ErrNotPending) {
			return fmt.Errorf("%s: follow-up %d with %s was already recorded (%s); nothing was changed", cmd, it.ID, it.Customer.Name, it.Status.Label())
		}
		return fmt.Errorf("%s: %w", cmd, err)
	}
	fmt.Fprintf(e.out, "%s: follow-up %d with %s.\n", said, it.ID, it.Customer.Name)
	return nil
}

func runDone(e *env, args []string) error {
	fs := newFlags("done")
	notes := fs.String("notes", "", "what was said")
	score := fs.Int("score", 0, "the customer's score, 1-5")
	resolve := fs.Bool("resolve", false, "the issues it was about are resolved")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *score < 0 || *score > 5 {
		return fmt.Errorf("done: --score %d is not between 1 and 5: %w", *score, errUsage)
	}
	it, err := followUpArg(e, "done", pos)
	if err != nil {
		return err
	}
	return record(e, "done", it, shop.Outcome{Status: shop.StatusDone, Notes: *notes, Score: *score, ResolveIssues: *resolve}, "Done")
}

func runNoAnswer(e *env, args []string) error {
	fs := newFlags("no-answer")
	notes := fs.String("notes", "", "a note")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	it, err := followUpArg(e, "no-answer", pos)
	if err != nil {
		return err
	}
	if err := record(e, "no-answer", it, shop.Outcome{Status: shop.StatusNoAnswer, Notes: *notes}, "No answer"); err != nil {
		return err
	}
	// Say when and how it is tried again: the follow-up now carrying its lead
	// reason, a call, or an email or letter once the calls allowed are used up.
	if len(it.Reasons) == 0 {
		// Read without its reasons (changed by another program as it was read):
		// what it becomes is not known here; today or agenda says.
		return nil
	}
	next, err := e.st.NextTry(e.ctx, it.CustomerID, it.Reasons[0].Key)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintln(e.out, "Nothing more is planned for it.")
		return nil
	} else if err != nil {
		return err
	}
	r, err := e.st.Rules(e.ctx)
	if err != nil {
		return err
	}
	note := planner.RetryNote(r, next, e.st.Now())
	fmt.Fprintf(e.out, "%s (follow-up %d).\n", strings.ToUpper(note[:1])+note[1:], next.ID)
	return nil
}

func runSkip(e *env, args []string) error {
	fs := newFlags("skip")
	notes := fs.String("notes", "", "why")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	it, err := followUpArg(e, "skip", pos)
	if err != nil {
		return err
	}
	return record(e, "skip", it, shop.Outcome{Status: shop.StatusSkipped, Notes: *notes}, "Skipped")
}

func runReschedule(e *env, args []string) error {
	fs := newFlags("reschedule")
	to := fs.String("to", "", "the new time, in the customer's zone")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *to == "" {
		return fmt.Errorf("reschedule takes --to \"YYYY-MM-DD HH:MM\": %w", errUsage)
	}
	it, err := followUpArg(e, "reschedule", pos)
	if err != nil {
		return err
	}
	loc := it.Location()
	when, err := parseLocal("reschedule: --to", *to, loc, false)
	if err != nil {
		return err
	}
	if err := e.st.Reschedule(e.ctx, it.ID, when); err != nil {
		if errors.Is(err, store.ErrNotPending) {
			return fmt.Errorf("reschedule: follow-up %d with %s was already recorded; nothing was changed", it.ID, it.Customer.Name)
		}
		var fe *shop.FieldError
		if errors.As(err, &fe) {
			return fmt.Errorf("reschedule: --to %s: %s", *to, fe.Msg)
		}
		return fmt.Errorf("reschedule: %w", err)
	}
	fmt.Fprintf(e.out, "Moved follow-up %d with %s to %s their time.\n", it.ID, it.Customer.Name, when.Format("Mon 2 Jan 15:04"))
	return nil
}
