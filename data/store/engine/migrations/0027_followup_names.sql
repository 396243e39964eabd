-- Each follow-up carries its customer's name, as it carries their spend
-- (migration 0020): a printed list (the agenda, Today's calls) shows every
-- follow-up's customer by name, and reads it here with the rest of the row. The
-- index of the customers' IDs and names it read before (migration 0026) is
-- written a page at a time among the customers' own pages as a shop grows: in
-- a file of 160 MB (100,000 customers) its 726 pages lay across the first 27 MB,
-- a week's names were on most of them, and each page read mapped the pages
-- about it. The agenda took twice the resident memory of one that read no name
-- at all (110 MB against 55), and a tenth more time. The pending follow-ups lie
-- together, written by the re-plan.
-- The triggers keep the column equal to customers.name whoever writes either
-- table; an insert that already carries the right name costs one lookup.
ALTER TABLE followups ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';
UPDATE followups SET customer_name = coalesce((SELECT name FROM customers c WHERE c.id = followups.customer_id), '');
CREATE TRIGGER followups_name_added AFTER INSERT ON followups
	WHEN NEW.customer_name IS NOT coalesce((SELECT name FROM customers WHERE id = NEW.customer_id), '') BEGIN
	UPDATE followups SET customer_name = coalesce((SELECT name FROM customers WHERE id = NEW.customer_id), '') WHERE id = NEW.id;
END;
CREATE TRIGGER followups_name_moved AFTER UPDATE OF customer_id, customer_name ON followups
	WHEN NEW.customer_name IS NOT coalesce((SELECT name FROM customers WHERE id = NEW.customer_id), '') BEGIN
	UPDATE followups SET customer_name = coalesce((SELECT name FROM customers WHERE id = NEW.customer_id), '') WHERE id = NEW.id;
END;
CREATE TRIGGER customers_name_changed AFTER UPDATE OF name ON customers
	WHEN NEW.name IS NOT OLD.name BEGIN
	UPDATE followups SET customer_name = NEW.name WHERE customer_id = NEW.id AND customer_name <> NEW.name;
END;
DROP INDEX customers_id_name;
