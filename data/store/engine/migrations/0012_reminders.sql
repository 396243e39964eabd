-- Reminders that fire (issue 18).
--
-- A promise outranks every other overdue item (FOLLOWUP_RULES.md §6), so the
-- priority classes split: 0 open problem, 1 promise, 2 other overdue, 3 routine
-- (they were 0 open problem, 1 promise or overdue, 2 routine). Pending rows are
-- planned again at start-up; the history keeps its meaning with them.
UPDATE followups SET priority = 3 WHERE priority = 2;
UPDATE followups SET priority = 2 WHERE priority = 1 AND promised = 0;

-- The shop's opening hours, in its own time zone: reminders are quiet outside
-- them. open_days has a bit per weekday (1 Sunday, 2 Monday, … 64 Saturday); the
-- default is Monday to Saturday, 09:00 to 18:00.
ALTER TABLE business ADD COLUMN open_days INTEGER NOT NULL DEFAULT 126 CHECK (open_days BETWEEN 1 AND 127);
ALTER TABLE business ADD COLUMN opens INTEGER NOT NULL DEFAULT 540 CHECK (opens BETWEEN 0 AND 1440);
ALTER TABLE business ADD COLUMN closes INTEGER NOT NULL DEFAULT 1080 CHECK (closes BETWEEN 0 AND 1440);

-- A promise broken for more than an hour goes to a senior once: when, from whom
-- and to whom is kept with the promise, so that it happens once whichever copy of
-- Rapport sees it first, and the customer's brief and the ledger can say so.
ALTER TABLE promises ADD COLUMN escalated_at INTEGER;
ALTER TABLE promises ADD COLUMN escalated_from INTEGER REFERENCES staff (id) ON DELETE SET NULL;
ALTER TABLE promises ADD COLUMN escalated_to INTEGER REFERENCES staff (id) ON DELETE SET NULL;
