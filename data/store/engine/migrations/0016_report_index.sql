-- A report reads, for each issue opened in its period, the sales its customer made
-- in the weeks before (report.go, reportIssueSalesSQL): with the customer in the
-- index, a year's forty thousand issues of a big shop are found without reading
-- one of them.
CREATE INDEX issues_opened_customer ON issues (opened_at, customer_id);
DROP INDEX issues_opened;
