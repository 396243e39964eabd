-- A shop with several computers (issue 16; 0017 beside the report index of 0016): who recorded a follow-up's outcome, so
-- that a second person recording one on the same follow-up is told who did it.
ALTER TABLE followups ADD COLUMN completed_by INTEGER REFERENCES staff (id) ON DELETE SET NULL;
