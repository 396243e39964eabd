-- PostgreSQL's 0020: each follow-up carries its customer's lifetime spend, and
-- the pending ones are indexed in the order of Today (see the SQLite file). A
-- follow-up takes the figure as it is written (a row trigger before the write);
-- a change of customers' spend is passed on once per statement over the rows it
-- changed (a transition table), so that a copy of a million sales does not
-- update follow-ups row by row.
ALTER TABLE followups ADD COLUMN spend_cents BIGINT NOT NULL DEFAULT 0;
UPDATE followups f SET spend_cents = c.lifetime_cents FROM customers c WHERE c.id = f.customer_id;
CREATE INDEX followups_rank ON followups (priority, (CASE WHEN priority = 1 THEN due ELSE 0 END), spend_cents DESC, due, customer_id, id, assignee_id)
	WHERE status = 'pending';

CREATE FUNCTION rapport_followup_spend() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.spend_cents := coalesce((SELECT lifetime_cents FROM customers WHERE id = NEW.customer_id), 0);
	RETURN NEW;
END $$;
CREATE TRIGGER followups_spend BEFORE INSERT OR UPDATE OF customer_id, spend_cents ON followups
	FOR EACH ROW EXECUTE FUNCTION rapport_followup_spend();

CREATE FUNCTION rapport_customer_spend() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE followups f SET spend_cents = n.lifetime_cents FROM new_rows n
		WHERE f.customer_id = n.id AND f.spend_cents <> n.lifetime_cents;
	RETURN NULL;
END $$;
CREATE TRIGGER customers_spend_changed AFTER UPDATE ON customers
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rapport_customer_spend();
