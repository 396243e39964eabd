-- PostgreSQL's 0027: each follow-up carries its customer's name (see the SQLite
-- file). A follow-up takes the name as it is written (a row trigger before the
-- write); a change of customers' names is passed on once per statement, over
-- the customers whose names it changed (transition tables of the rows before and
-- after: PostgreSQL runs the trigger for every update of customers, their spend's
-- included, as a trigger with transition tables cannot name its columns).
ALTER TABLE followups ADD COLUMN customer_name TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE followups f SET customer_name = c.name FROM customers c WHERE c.id = f.customer_id;

CREATE FUNCTION rapport_followup_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.customer_name := coalesce((SELECT name FROM customers WHERE id = NEW.customer_id), '');
	RETURN NEW;
END $$;
CREATE TRIGGER followups_name BEFORE INSERT OR UPDATE OF customer_id, customer_name ON followups
	FOR EACH ROW EXECUTE FUNCTION rapport_followup_name();

CREATE FUNCTION rapport_customer_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE followups f SET customer_name = n.name FROM new_rows n JOIN old_rows o ON o.id = n.id
		WHERE o.name <> n.name AND f.customer_id = n.id AND f.customer_name <> n.name;
	RETURN NULL;
END $$;
CREATE TRIGGER customers_name_changed AFTER UPDATE ON customers
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rapport_customer_name();

DROP INDEX customers_id_name;
