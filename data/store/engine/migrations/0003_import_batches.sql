-- The import log: one row per import, so that an import can be listed and undone.
-- import_rows records every row an import added or merged into; a merge keeps the
-- customer as it was before ("before", to restore), and every customer row keeps
-- what the import left ("after", to tell whether someone has changed it since).
-- Snapshots are JSON.
-- import_rows has no index by row: only an undo reads it that way, and an index
-- would slow every imported sale down.
CREATE TABLE import_batches (
	id               INTEGER PRIMARY KEY,
	kind             TEXT    NOT NULL,
	file_name        TEXT    NOT NULL DEFAULT '',
	source           TEXT    NOT NULL DEFAULT '',
	at               INTEGER NOT NULL,
	rows             INTEGER NOT NULL DEFAULT 0,
	new_customers    INTEGER NOT NULL DEFAULT 0,
	merged_customers INTEGER NOT NULL DEFAULT 0,
	sales            INTEGER NOT NULL DEFAULT 0,
	skipped          INTEGER NOT NULL DEFAULT 0,
	undone_at        INTEGER
);

CREATE TABLE import_rows (
	batch_id INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
	tbl      TEXT    NOT NULL CHECK (tbl IN ('customers', 'purchases')),
	row_id   INTEGER NOT NULL,
	action   TEXT    NOT NULL CHECK (action IN ('added', 'merged')),
	before   TEXT,
	after    TEXT,
	PRIMARY KEY (batch_id, tbl, row_id)
) WITHOUT ROWID;
