-- Each follow-up carries what its customer has spent in all, and the pending ones
-- are indexed in the order of Today (FOLLOWUP_RULES.md §6: the priority class;
-- among promises the earlier due time; the customer who spent more; the due time;
-- the customer). The first screen of a long day then reads its first rows off
-- this index rather than sorting the whole day joined with every customer (the
-- sort was most of the time a big shop's window took over the demo's). The
-- assignee comes last so that "My calls" is told from the index too: the head of
-- someone with few calls of their own is found without reading every row.
-- The triggers keep the column equal to customers.lifetime_cents whoever writes
-- either table; an insert that already carries the right figure costs one lookup.
-- The 1 in the index is shop.PriorityPromise, as rankSQL writes it.
ALTER TABLE followups ADD COLUMN spend_cents INTEGER NOT NULL DEFAULT 0;
UPDATE followups SET spend_cents = coalesce((SELECT lifetime_cents FROM customers c WHERE c.id = followups.customer_id), 0);
CREATE INDEX followups_rank ON followups (priority, (CASE WHEN priority = 1 THEN due ELSE 0 END), spend_cents DESC, due, customer_id, id, assignee_id)
	WHERE status = 'pending';
CREATE TRIGGER followups_spend_added AFTER INSERT ON followups
	WHEN NEW.spend_cents IS NOT coalesce((SELECT lifetime_cents FROM customers WHERE id = NEW.customer_id), 0) BEGIN
	UPDATE followups SET spend_cents = coalesce((SELECT lifetime_cents FROM customers WHERE id = NEW.customer_id), 0) WHERE id = NEW.id;
END;
CREATE TRIGGER followups_spend_moved AFTER UPDATE OF customer_id, spend_cents ON followups
	WHEN NEW.spend_cents IS NOT coalesce((SELECT lifetime_cents FROM customers WHERE id = NEW.customer_id), 0) BEGIN
	UPDATE followups SET spend_cents = coalesce((SELECT lifetime_cents FROM customers WHERE id = NEW.customer_id), 0) WHERE id = NEW.id;
END;
CREATE TRIGGER customers_spend_changed AFTER UPDATE OF lifetime_cents ON customers
	WHEN NEW.lifetime_cents IS NOT OLD.lifetime_cents BEGIN
	UPDATE followups SET spend_cents = NEW.lifetime_cents WHERE customer_id = NEW.id AND spend_cents <> NEW.lifetime_cents;
END;
