-- PostgreSQL's 0009: the import log counts issues and remembers the ones an import
-- added. The CHECK changes in place; the issues' trigger forgets them too.
ALTER TABLE import_batches ADD COLUMN issues BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_rows DROP CONSTRAINT import_rows_tbl_check;
ALTER TABLE import_rows ADD CONSTRAINT import_rows_tbl_check CHECK (tbl IN ('customers', 'purchases', 'issues'));

CREATE OR REPLACE FUNCTION rapport_issue_forgotten() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM import_rows WHERE tbl = 'issues' AND row_id = OLD.id;
	DELETE FROM overrides WHERE customer_id = OLD.customer_id AND key LIKE 'issue:' || OLD.id || ':%';
	RETURN NULL;
END $$;
