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
