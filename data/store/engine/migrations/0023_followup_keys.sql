-- An email sent for a follow-up names it (emails.followup_id, cleared when the
-- follow-up goes), as a promise names its issue (promises.issue_id). Neither
-- column had an index, so SQLite read the whole of emails for each follow-up a
-- re-plan deleted (thousands a day in a big shop), and the whole of promises for
-- each issue an undone import deleted. Each now has its index.
CREATE INDEX emails_followup ON emails (followup_id);
CREATE INDEX promises_issue ON promises (issue_id);
