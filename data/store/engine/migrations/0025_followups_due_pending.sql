-- followups_due serves the reads of pending follow-ups by due time: Today's and
-- the agenda's lists and counts, a short day's head, the calendar's count of a
-- month (DueDays). Every one of them asks for status = 'pending', yet the index
-- held every follow-up ever made, under the text of its status: a shop's done
-- and skipped calls, years of them, sat in it for nothing, and every search,
-- insert and move in it compared that text before the due time. A new day moves
-- most pending follow-ups (migration 0024), each taken out of this index and put
-- back in at its new time.
--
-- It now holds the pending follow-ups only, by due time first, so that a key
-- compares as a number. The lists and counts still read it alone, in the same
-- order: SQLite takes the status a partial index's condition fixes as a column
-- the index gives (EXPLAIN QUERY PLAN: "USING COVERING INDEX followups_due").
DROP INDEX followups_due;
CREATE INDEX followups_due ON followups (due, customer_id) WHERE status = 'pending';
