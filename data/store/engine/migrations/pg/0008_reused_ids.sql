-- PostgreSQL's 0008: what names a row by its ID forgets a deleted row, as on
-- SQLite (PostgreSQL never gives an ID again, but a restored or copied shop may).
CREATE INDEX import_rows_row ON import_rows (tbl, row_id);

CREATE FUNCTION rapport_purchase_forgotten() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM import_rows WHERE tbl = 'purchases' AND row_id = OLD.id;
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key LIKE 'purchase:' || OLD.id || ':%';
	RETURN NULL;
END $$;
CREATE TRIGGER purchases_forgotten AFTER DELETE ON purchases FOR EACH ROW EXECUTE FUNCTION rapport_purchase_forgotten();

CREATE FUNCTION rapport_customer_forgotten() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM import_rows WHERE tbl = 'customers' AND row_id = OLD.id;
	RETURN NULL;
END $$;
CREATE TRIGGER customers_forgotten AFTER DELETE ON customers FOR EACH ROW EXECUTE FUNCTION rapport_customer_forgotten();

CREATE FUNCTION rapport_issue_forgotten() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key LIKE 'issue:' || OLD.id || ':%';
	RETURN NULL;
END $$;
CREATE TRIGGER issues_forgotten AFTER DELETE ON issues FOR EACH ROW EXECUTE FUNCTION rapport_issue_forgotten();

CREATE FUNCTION rapport_promise_forgotten() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key = 'promise:' || OLD.id;
	RETURN NULL;
END $$;
CREATE TRIGGER promises_forgotten AFTER DELETE ON promises FOR EACH ROW EXECUTE FUNCTION rapport_promise_forgotten();
