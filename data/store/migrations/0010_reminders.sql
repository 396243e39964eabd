-- Reminders that fire (issue 18).
--
-- A promise outranks every other overdue item (FOLLOWUP_RULES.md §6), so the
-- priority classes split: 0 open problem, 1 promise, 2 other overdue, 3 routine
-- (they were 0 open problem, 1 promise or overdue, 2 routine). Pending rows are
-- planned again at start-up; the history keeps its meaning with them.
UPDATE followups SET priority = 3 WHERE priority = 2;
UPDATE followups SET priority = 2 WHERE priority = 1 AND promised = 0;
