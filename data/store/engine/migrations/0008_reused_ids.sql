-- SQLite gives a deleted highest row ID to the next new row. Whatever names a row
-- by its ID must forget a deleted row, or it would later name a stranger: an undo
-- of an import would delete a sale typed in since, and a "no answer" or a pinned
-- time (overrides, keyed "purchase:<id>:…") would move the new sale's follow-up.
CREATE INDEX import_rows_row ON import_rows (tbl, row_id);

CREATE TRIGGER purchases_forgotten AFTER DELETE ON purchases BEGIN
	DELETE FROM import_rows WHERE tbl = 'purchases' AND row_id = OLD.id;
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key LIKE 'purchase:' || OLD.id || ':%';
END;
CREATE TRIGGER customers_forgotten AFTER DELETE ON customers BEGIN
	DELETE FROM import_rows WHERE tbl = 'customers' AND row_id = OLD.id;
END;
CREATE TRIGGER issues_forgotten AFTER DELETE ON issues BEGIN
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key LIKE 'issue:' || OLD.id || ':%';
END;
CREATE TRIGGER promises_forgotten AFTER DELETE ON promises BEGIN
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key = 'promise:' || OLD.id;
END;
