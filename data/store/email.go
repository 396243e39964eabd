package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/tables"
)

// Email: the shop's mail server settings and the outbox's bookkeeping, which
// makes sending exactly-once (see package outbox for the crash windows).

// EmailSettings returns how the shop sends email.
func (s *Store) EmailSettings(ctx context.Context) (shop.EmailSettings, error) {
	var e shop.EmailSettings
	err := s.db.QueryRowContext(ctx, `SELECT host, port, login, from_addr, reply_to, tls FROM email_settings WHERE id = 1`).
		Scan(&e.Host, &e.Port, &e.User, &e.From, &e.ReplyTo, &e.TLS)
	if err != nil {
		return e, fmt.Errorf("read the email settings: %w", err)
	}
	return e, nil
}

// SaveEmailSettings stores how the shop sends email; nothing changes when a
// setting is not acceptable (FieldErrors).
func (s *Store) SaveEmailSettings(ctx context.Context, e shop.EmailSettings) error {
	e.Host, e.User = strings.TrimSpace(e.Host), strings.TrimSpace(e.User)
	e.From, e.ReplyTo = strings.TrimSpace(e.From), strings.TrimSpace(e.ReplyTo)
	if e.TLS == "" {
		e.TLS = shop.TLSStartTLS
	}
	if err := e.Validate(); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE email_settings SET host = ?, port = ?, login = ?, from_addr = ?, reply_to = ?, tls = ? WHERE id = 1`,
		e.Host, e.Port, e.User, e.From, e.ReplyTo, e.TLS)
	if err != nil {
		return s.Plain(fmt.Errorf("save the email settings: %w", err))
	}
	return nil
}

// PromisesOf lists a customer's promises, the latest due first.
func (s *Store) PromisesOf(ctx context.Context, customerID shop.ID) ([]shop.Promise, error) {
	return tables.Promises(ctx, s.db, `WHERE customer_id = ? ORDER BY due DESC, id DESC`, customerID)
}

// EmailStaleAfter is how long an email may stay "sending" before it counts as
// interrupted (its outcome unknown): far longer than one message takes, so that
// an email another Rapport is sending right now is never taken for lost.
const EmailStaleAfter = 10 * time.Minute

// EmailConflict is why an email is not sent now: another email already covers
// what it is about, and was sent, is being sent, or may have been sent.
type EmailConflict struct {
	Email shop.Email // the other email; its Status says which
	Stale bool       // a "sending" email older than EmailStaleAfter: interrupted
}

func (e *EmailConflict) Error() string {
	switch {
	case e.Email.Status == shop.EmailSent:
		return fmt.Sprintf("it was sent already, on %s (Message-ID <%s>)", e.Email.SentAt.Format(time.RFC1123), e.Email.MessageID)
	case e.Email.Status == shop.EmailUnknown || e.Stale:
		return fmt.Sprintf("an email about it may have gone out on %s but it is not known whether the mail server took it (Message-ID <%s>); "+
			"check your mail server's sent mail or ask the customer, then mark it sent or send it again", e.Email.StartedAt.Format(time.RFC1123), e.Email.MessageID)
	}
	return "it is being sent right now by another Rapport"
}

// ErrChanged is wrapped when the follow-up an email was written for changed
// since (done, re-planned onto another channel, or its customer edited).
var ErrChanged = errors.New("changed since the email was written")

// BeginEmail records e as being sent, before the mail server is asked to take
// it, in one transaction that first checks, afresh, that it still may go: the
// customer is not marked do not contact and still has the address e.To, every
// reason key of e is still on a pending email follow-up, and no other email
// covering any of those keys was sent, is being sent or may have been sent
// (an *EmailConflict). An earlier failed email about exactly the same keys is
// taken up again, keeping its Message-ID; failed ones about some of them are
// dropped (the mail server never took them). e gets its ID, Message-ID (when
// one was kept), Status and StartedAt. Writes are serialised (BEGIN IMMEDIATE),
// so two Rapports sending at once never both claim one email.
func (s *Store) BeginEmail(ctx context.Context, e *shop.Email) error {
	if e.MessageID == "" || len(e.Keys) == 0 || e.CustomerID == 0 {
		return errors.New("begin email: the email lacks its Message-ID, customer or reasons")
	}
	now := s.Now().UTC()
	keys := slices.Clone(e.Keys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	return s.InTx(ctx, func(tx *sql.Tx) error {
		c, err := getCustomer(ctx, tx, e.CustomerID)
		if err != nil {
			return err
		}
		if c.DoNotContact {
			return fmt.Errorf("%s is marked do not contact, so no email is sent to them", c.Name)
		}
		if !strings.EqualFold(strings.TrimSpace(c.Email), strings.TrimSpace(e.To)) {
			return fmt.Errorf("%s's email address %w (it is now %q)", c.Name, ErrChanged, c.Email)
		}
		pending, err := pendingKeys(ctx, tx, e.CustomerID)
		if err != nil {
			return err
		}
		for _, k := range keys {
			ch, ok := pending[k]
			if !ok {
				return fmt.Errorf("the follow-up with %s is no longer pending: it was recorded or %w", c.Name, ErrChanged)
			}
			if ch != shop.ChannelEmail {
				return fmt.Errorf("the follow-up with %s was planned again as a %s: it %w", c.Name, ch, ErrChanged)
			}
		}
		others, err := emailsCovering(ctx, tx, e.CustomerID, keys)
		if err != nil {
			return err
		}
		reuse := shop.ID(0)
		for _, o := range others {
			switch o.Status {
			case shop.EmailFailed:
				if slices.Equal(o.Keys, keys) && reuse == 0 {
					reuse = o.ID
					e.MessageID = o.MessageID
					e.Attempts = o.Attempts + 1
					continue
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM emails WHERE id = ?`, o.ID); err != nil {
					return err
				}
			default:
				return &EmailConflict{Email: o, Stale: o.Status == shop.EmailSending && now.Sub(o.StartedAt) > EmailStaleAfter}
			}
		}
		e.Status, e.StartedAt, e.Keys, e.Error = shop.EmailSending, now, keys, ""
		if reuse != 0 {
			e.ID = reuse
			_, err := tx.ExecContext(ctx, `UPDATE emails SET status = 'sending', attempts = ?, started_at = ?, followup_id = ?, to_addr = ?,
				subject = ?, body = ?, staff_id = ?, error = '' WHERE id = ?`,
				e.Attempts, tables.Unix(now), nullFollowUp(ctx, tx, e.FollowUpID), e.To, e.Subject, e.Body, tables.NullID(e.StaffID), reuse)
			return err
		}
		e.Attempts = 1
		res, err := tx.ExecContext(ctx, `INSERT INTO emails (message_id, customer_id, followup_id, to_addr, subject, body, staff_id, status, attempts, started_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'sending', 1, ?)`,
			e.MessageID, e.CustomerID, nullFollowUp(ctx, tx, e.FollowUpID), e.To, e.Subject, e.Body, tables.NullID(e.StaffID), tables.Unix(now))
		if err != nil {
			return fmt.Errorf("record the email to %s: %w", c.Name, err)
		}
		e.ID, _ = res.LastInsertId()
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO email_reasons (email_id, customer_id, key) VALUES (?, ?, ?)`, e.ID, e.CustomerID, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// nullFollowUp is the follow-up's ID when the row still exists (a re-plan may
// have replaced it), else NULL.
func nullFollowUp(ctx context.Context, tx *sql.Tx, id shop.ID) any {
	var n int
	if id == 0 || tx.QueryRowContext(ctx, `SELECT count(*) FROM followups WHERE id = ?`, id).Scan(&n) != nil || n == 0 {
		return nil
	}
	return id
}

// pendingKeys maps the reason keys of a customer's pending follow-ups to their
// channels.
func pendingKeys(ctx context.Context, tx *sql.Tx, customerID shop.ID) (map[string]shop.Channel, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.key, f.channel FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
		WHERE f.customer_id = ? AND f.status = 'pending'`, customerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]shop.Channel{}
	for rows.Next() {
		var k string
		var ch shop.Channel
		if err := rows.Scan(&k, &ch); err != nil {
			return nil, err
		}
		out[k] = ch
	}
	return out, rows.Err()
}

const emailCols = `e.id, e.message_id, e.customer_id, coalesce(e.followup_id, 0), e.to_addr, e.subject, e.body, coalesce(e.staff_id, 0),
	e.status, e.attempts, e.started_at, e.sent_at, e.error`

// queryEmails loads emails with their keys.
func queryEmails(ctx context.Context, q tables.Queryer, where string, args ...any) ([]shop.Email, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+emailCols+` FROM emails e `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []shop.Email
	for rows.Next() {
		var e shop.Email
		var started int64
		var sent sql.NullInt64
		if err := rows.Scan(&e.ID, &e.MessageID, &e.CustomerID, &e.FollowUpID, &e.To, &e.Subject, &e.Body, &e.StaffID,
			&e.Status, &e.Attempts, &started, &sent, &e.Error); err != nil {
			rows.Close()
			return nil, err
		}
		e.StartedAt = tables.FromUnix(started)
		if sent.Valid {
			e.SentAt = tables.FromUnix(sent.Int64)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		kr, err := q.QueryContext(ctx, `SELECT key FROM email_reasons WHERE email_id = ? ORDER BY key`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for kr.Next() {
			var k string
			if err := kr.Scan(&k); err != nil {
				kr.Close()
				return nil, err
			}
			out[i].Keys = append(out[i].Keys, k)
		}
		kr.Close()
		if err := kr.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// emailsCovering are a customer's emails that cover any of keys, newest first.
func emailsCovering(ctx context.Context, q tables.Queryer, customerID shop.ID, keys []string) ([]shop.Email, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := []any{customerID}
	for _, k := range keys {
		args = append(args, k)
	}
	return queryEmails(ctx, q, `WHERE e.id IN (SELECT email_id FROM email_reasons WHERE customer_id = ? AND key IN (?`+
		strings.Repeat(",?", len(keys)-1)+`)) ORDER BY e.started_at DESC, e.id DESC`, args...)
}

// EmailsCovering lists the emails that cover any reason of the follow-up, newest
// first: what became of earlier attempts to send it.
func (s *Store) EmailsCovering(ctx context.Context, it shop.AgendaItem) ([]shop.Email, error) {
	keys := make([]string, len(it.Reasons))
	for i, r := range it.Reasons {
		keys[i] = r.Key
	}
	return emailsCovering(ctx, s.db, it.CustomerID, keys)
}

// Email returns one email of the outbox.
func (s *Store) Email(ctx context.Context, id shop.ID) (shop.Email, error) {
	es, err := queryEmails(ctx, s.db, `WHERE e.id = ?`, id)
	if err != nil {
		return shop.Email{}, err
	}
	if len(es) == 0 {
		return shop.Email{}, fmt.Errorf("email %d: %w", id, ErrNotFound)
	}
	return es[0], nil
}

// EmailsToCheck lists the emails whose outcome is unknown, oldest first: the
// connection was lost after the whole message was handed over, or Rapport
// stopped while sending it (still "sending" after EmailStaleAfter). They are
// never sent again by themselves: the owner marks each sent or sends it again.
// Their Status is EmailUnknown.
func (s *Store) EmailsToCheck(ctx context.Context) ([]shop.Email, error) {
	es, err := queryEmails(ctx, s.db, `WHERE e.status = 'unknown' OR (e.status = 'sending' AND e.started_at < ?) ORDER BY e.started_at, e.id`,
		tables.Unix(s.Now().Add(-EmailStaleAfter)))
	for i := range es {
		es[i].Status = shop.EmailUnknown
	}
	return es, err
}

// EmailFailed records that the mail server did not take the email (status
// failed: the follow-up stays pending and the next send tries again, with the
// same Message-ID), or, with unknown, that it may have (status unknown: never
// sent again by itself). why is the sentence that says so.
func (s *Store) EmailFailed(ctx context.Context, id shop.ID, unknown bool, why string) error {
	status := shop.EmailFailed
	if unknown {
		status = shop.EmailUnknown
	}
	res, err := s.db.ExecContext(ctx, `UPDATE emails SET status = ?, error = ? WHERE id = ? AND status = 'sending'`, status, why, id)
	if err != nil {
		return s.Plain(fmt.Errorf("record the failed email %d: %w", id, err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("email %d is not being sent", id)
	}
	return nil
}

// EmailSent records that the mail server took the email at sentAt, in one
// transaction: the email is sent, the follow-ups it covers are done (a
// follow-up a re-plan merged with reasons the email did not cover is split, so
// that only what was written about is done), the contact is logged with the
// text that was sent, and the customer is planned again. note, when not empty,
// is added to the log (e.g. that the owner marked it sent).
func (s *Store) EmailSent(ctx context.Context, id shop.ID, sentAt time.Time, note string) error {
	return s.InTx(ctx, func(tx *sql.Tx) error {
		es, err := queryEmails(ctx, tx, `WHERE e.id = ?`, id)
		if err != nil {
			return err
		}
		if len(es) == 0 {
			return fmt.Errorf("email %d: %w", id, ErrNotFound)
		}
		e := es[0]
		if e.Status == shop.EmailSent || e.Status == shop.EmailFailed {
			return fmt.Errorf("email %d to %s is %s, not being sent", id, e.To, e.Status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE emails SET status = 'sent', sent_at = ?, error = '' WHERE id = ?`, tables.Unix(sentAt), id); err != nil {
			return err
		}
		doneID, err := completeKeys(ctx, tx, e, sentAt)
		if err != nil {
			return err
		}
		summary := "Email sent: " + e.Subject + "\n\n" + strings.TrimSpace(e.Body)
		if note != "" {
			summary = "Email sent (" + note + "): " + e.Subject + "\n\n" + strings.TrimSpace(e.Body)
		}
		c := shop.Contact{CustomerID: e.CustomerID, At: sentAt.UTC(), Channel: shop.ChannelEmail, Direction: shop.Outbound,
			StaffID: e.StaffID, FollowUpID: doneID, Summary: summary}
		if err := insertContact(ctx, tx, &c); err != nil {
			return err
		}
		return replan.Customer(ctx, tx, s.Now(), e.CustomerID)
	})
}

// completeKeys marks done what the email covered among the customer's pending
// follow-ups and returns the ID of the (first) follow-up made done, 0 for none
// (another person recorded it meanwhile: the contact is still logged).
func completeKeys(ctx context.Context, tx *sql.Tx, e shop.Email, at time.Time) (shop.ID, error) {
	rows, err := tx.QueryContext(ctx, `SELECT f.id, r.key FROM followups f JOIN followup_reasons r ON r.followup_id = f.id
		WHERE f.customer_id = ? AND f.status = 'pending' AND f.id IN (SELECT followup_id FROM followup_reasons
		WHERE key IN (SELECT key FROM email_reasons WHERE email_id = ?)) ORDER BY f.id`, e.CustomerID, e.ID)
	if err != nil {
		return 0, err
	}
	keysOf := map[shop.ID][]string{}
	var order []shop.ID
	for rows.Next() {
		var fid shop.ID
		var k string
		if err := rows.Scan(&fid, &k); err != nil {
			rows.Close()
			return 0, err
		}
		if _, ok := keysOf[fid]; !ok {
			order = append(order, fid)
		}
		keysOf[fid] = append(keysOf[fid], k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	notes := "Email sent: " + e.Subject
	var first shop.ID
	for _, fid := range order {
		covered := true
		for _, k := range keysOf[fid] {
			if !slices.Contains(e.Keys, k) {
				covered = false
			}
		}
		done := fid
		if !covered {
			// Split: a done copy of the follow-up takes the reasons the email covered.
			res, err := tx.ExecContext(ctx, `INSERT INTO followups (customer_id, due, day, time_zone, channel, assignee_id, priority, promised, overdue, promise_due, status,
				spend_cents, customer_name)
				SELECT customer_id, due, day, time_zone, channel, assignee_id, priority, promised, overdue, promise_due, 'pending', spend_cents, customer_name
				FROM followups WHERE id = ?`, fid)
			if err != nil {
				return 0, err
			}
			done, _ = res.LastInsertId()
			args := []any{done, fid}
			for _, k := range e.Keys {
				args = append(args, k)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE followup_reasons SET followup_id = ? WHERE followup_id = ? AND key IN (?`+
				strings.Repeat(",?", len(e.Keys)-1)+`)`, args...); err != nil {
				return 0, err
			}
		}
		if err := execOne(ctx, tx, "follow-up", done, `UPDATE followups SET status = 'done', notes = ?, completed_at = ?, assignee_id = coalesce(?, assignee_id)
			WHERE id = ? AND status = 'pending'`, notes, tables.Unix(at), tables.NullID(e.StaffID), done); err != nil {
			return 0, err
		}
		if first == 0 {
			first = done
		}
	}
	return first, nil
}

// MarkEmailSent records an email whose outcome was unknown as sent, on the
// owner's word that it arrived (see EmailSent; its time is when it was sent).
func (s *Store) MarkEmailSent(ctx context.Context, id shop.ID) error {
	e, err := s.Email(ctx, id)
	if err != nil {
		return err
	}
	if err := s.checkUnknown(e); err != nil {
		return err
	}
	return s.EmailSent(ctx, id, e.StartedAt, "marked sent by hand after its outcome was unknown")
}

// SendEmailAgain lets an email whose outcome was unknown be sent again, on the
// owner's word that it did not arrive: it becomes failed, and the next send of
// its follow-up sends it with the same Message-ID (so that a mail program that
// did get the first one can tell the two are one).
func (s *Store) SendEmailAgain(ctx context.Context, id shop.ID) error {
	e, err := s.Email(ctx, id)
	if err != nil {
		return err
	}
	if err := s.checkUnknown(e); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE emails SET status = 'failed', error = 'to be sent again: it did not arrive' WHERE id = ? AND status = ?`, id, e.Status)
	if err != nil {
		return s.Plain(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("email %d changed meanwhile; look again", id)
	}
	return nil
}

// checkUnknown refuses to settle an email whose outcome is known, or that may
// be being sent right now.
func (s *Store) checkUnknown(e shop.Email) error {
	switch {
	case e.Status == shop.EmailUnknown:
		return nil
	case e.Status == shop.EmailSending && s.Now().Sub(e.StartedAt) > EmailStaleAfter:
		return nil
	case e.Status == shop.EmailSending:
		return fmt.Errorf("email %d to %s is being sent right now; wait a few minutes and look again", e.ID, e.To)
	}
	return fmt.Errorf("email %d to %s is %s: only an email whose outcome is unknown is marked sent or sent again", e.ID, e.To, e.Status)
}

// SetDoNotContact marks a customer do not contact at their own request (an
// "unsubscribe me" reply), logs their request as a contact and plans them
// again, which removes every pending follow-up: one transaction.
func (s *Store) SetDoNotContact(ctx context.Context, customerID shop.ID, why string) error {
	return s.InTx(ctx, func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, "customer", customerID, `UPDATE customers SET do_not_contact = 1 WHERE id = ?`, customerID); err != nil {
			return err
		}
		if why == "" {
			why = "Asked not to be contacted any more"
		}
		c := shop.Contact{CustomerID: customerID, At: s.Now().UTC(), Channel: shop.ChannelEmail, Direction: shop.Inbound, Summary: why}
		if err := insertContact(ctx, tx, &c); err != nil {
			return err
		}
		return replan.Customer(ctx, tx, s.Now(), customerID)
	})
}
