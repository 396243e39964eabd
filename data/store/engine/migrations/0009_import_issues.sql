-- Issues are imported through the same mapped, undoable path as customers and
-- sales: the import log counts them and remembers which ones an import added. The
-- CHECK on import_rows.tbl changes, which in SQLite means a new table; the
-- triggers that name it are made again around it.
ALTER TABLE import_batches ADD COLUMN issues INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER purchases_forgotten;
DROP TRIGGER customers_forgotten;
DROP TRIGGER issues_forgotten;

CREATE TABLE import_rows_v2 (
	batch_id INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
	tbl      TEXT    NOT NULL CHECK (tbl IN ('customers', 'purchases', 'issues')),
	row_id   INTEGER NOT NULL,
	action   TEXT    NOT NULL CHECK (action IN ('added', 'merged')),
	before   TEXT,
	after    TEXT,
	PRIMARY KEY (batch_id, tbl, row_id)
) WITHOUT ROWID;
INSERT INTO import_rows_v2 (batch_id, tbl, row_id, action, before, after)
	SELECT batch_id, tbl, row_id, action, before, after FROM import_rows;
DROP TABLE import_rows;
ALTER TABLE import_rows_v2 RENAME TO import_rows;
CREATE INDEX import_rows_row ON import_rows (tbl, row_id);

CREATE TRIGGER purchases_forgotten AFTER DELETE ON purchases BEGIN
	DELETE FROM import_rows WHERE tbl = 'purchases' AND row_id = OLD.id;
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key LIKE 'purchase:' || OLD.id || ':%';
END;
CREATE TRIGGER customers_forgotten AFTER DELETE ON customers BEGIN
	DELETE FROM import_rows WHERE tbl = 'customers' AND row_id = OLD.id;
END;
CREATE TRIGGER issues_forgotten AFTER DELETE ON issues BEGIN
	DELETE FROM import_rows WHERE tbl = 'issues' AND row_id = OLD.id;
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key LIKE 'issue:' || OLD.id || ':%';
END;
