-- followups_day serves one query: the incremental re-plan's count of the phone
-- calls booked on each day (replan.go, bookedCalls), which asks for pending phone
-- calls only. It held every follow-up, ever, under the texts of its status and
-- channel, and every call a new day moves had to be taken out of it and put back
-- in: at a million customers that was a sixth of the re-plan's writing. It now
-- holds the pending phone calls, by day, and nothing else. The calendar's count
-- of a month's follow-ups (DueDays), which read the whole index for want of a
-- channel, reads the month's range of followups_due.
DROP INDEX followups_day;
CREATE INDEX followups_day ON followups (day, customer_id) WHERE status = 'pending' AND channel = 'phone';
