-- followups_rank (migration 0020) keeps the pending follow-ups in the order of
-- Today, and held each one's due time twice: in the key of promises (the earlier
-- first) and after the spend. Every follow-up a new day moves had to be taken out
-- of it and put back in. A new day moves most of the pending follow-ups (each
-- overdue one is planned again for the new day, and the calls waiting for room
-- move along), and the index is in the order of spend, so each move was a search
-- at a random place in it: at a million customers 0.38 s of the 1.25 s their
-- update took, ×18 what it was at a tenth of the customers.
--
-- promise_due is the due time of a promise (shop.PriorityPromise, the 1 below)
-- and 0 for any other follow-up, so the index no longer names due: a follow-up
-- that moves without changing its priority, its assignee or a promise's time
-- (replan's updateMoved) leaves the index alone. Among follow-ups of the same
-- class and spend, which are nearly always one customer's, Today's order by due
-- time is a sort of that handful (EXPLAIN QUERY PLAN: "USE TEMP B-TREE FOR LAST
-- 3 TERMS OF ORDER BY"). Whoever writes due or priority writes promise_due with
-- them (tables.PromiseDue).
ALTER TABLE followups ADD COLUMN promise_due INTEGER NOT NULL DEFAULT 0;
UPDATE followups SET promise_due = due WHERE priority = 1;
DROP INDEX followups_rank;
CREATE INDEX followups_rank ON followups (priority, promise_due, spend_cents DESC, customer_id, id, assignee_id)
	WHERE status = 'pending';
