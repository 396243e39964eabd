-- Importing the same file again adds nothing that is already there (issue 12). A
-- sale keeps the order, transaction or receipt ID of the file it came from, so a
-- later export that overlaps finds it; an imported issue is found by its reference.
-- The import log counts the rows it skipped as already imported.
ALTER TABLE purchases ADD COLUMN order_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX purchases_order_ref ON purchases (order_ref) WHERE order_ref <> '';
CREATE INDEX issues_reference ON issues (reference);
ALTER TABLE import_batches ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;
