-- Viewing the plan never writes: today's list, the agenda, the calendar and the
-- calendar export read the stored follow-ups. Every write keeps the plan of the
-- customers it touches current, and the first command or window start of a new day
-- re-plans the whole shop once; day is the shop-local day ("2006-01-02") the stored
-- plan was made for ('' before the first plan).
CREATE TABLE plan_state (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	day TEXT    NOT NULL DEFAULT ''
);
INSERT INTO plan_state (id, day) VALUES (1, '');

-- The stored random picks (the small-ticket sample, the relationship calls) that a
-- re-plan of a few customers compares with a new draw, to re-plan also whoever a
-- new sale or contact moves in or out of the day's picks.
CREATE INDEX followup_reasons_pick ON followup_reasons (rule, followup_id) WHERE rule IN ('small_sample', 'relationship');

-- The agenda and today's list read the pending follow-ups by due time, then
-- customer: with the customer in the index no sort is left to do.
DROP INDEX followups_due;
CREATE INDEX followups_due ON followups (status, due, customer_id);
