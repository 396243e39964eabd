-- A shop with several computers (issue 16): who recorded a follow-up's outcome, so
-- that a second person recording one on the same follow-up is told who did it.
-- (0017: main's 0016 is the report's index.)
ALTER TABLE followups ADD COLUMN completed_by INTEGER REFERENCES staff (id) ON DELETE SET NULL;
