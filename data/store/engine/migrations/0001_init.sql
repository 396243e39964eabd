-- Rapport's first schema. Times are INTEGER Unix seconds in UTC; money is INTEGER
-- cents; every customer carries its IANA time zone beside the times.

CREATE TABLE business (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	name             TEXT    NOT NULL,
	address          TEXT    NOT NULL DEFAULT '',
	phone            TEXT    NOT NULL DEFAULT '',
	email            TEXT    NOT NULL DEFAULT '',
	website          TEXT    NOT NULL DEFAULT '',
	logo             BLOB,
	time_zone        TEXT    NOT NULL DEFAULT 'UTC',
	b2b              INTEGER NOT NULL DEFAULT 0,
	big_ticket_cents INTEGER NOT NULL DEFAULT 50000 CHECK (big_ticket_cents >= 0)
);

-- Rules the owner changed; a missing key means the default of DefaultRules.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

CREATE TABLE staff (
	id     INTEGER PRIMARY KEY,
	name   TEXT    NOT NULL CHECK (name <> ''),
	title  TEXT    NOT NULL DEFAULT '',
	senior INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE customers (
	id                    INTEGER PRIMARY KEY,
	name                  TEXT    NOT NULL CHECK (name <> ''),
	salutation            TEXT    NOT NULL DEFAULT '',
	kind                  TEXT    NOT NULL DEFAULT 'consumer' CHECK (kind IN ('consumer', 'business')),
	company               TEXT    NOT NULL DEFAULT '',
	address               TEXT    NOT NULL DEFAULT '',
	city                  TEXT    NOT NULL DEFAULT '',
	region                TEXT    NOT NULL DEFAULT '',
	postal_code           TEXT    NOT NULL DEFAULT '',
	country               TEXT    NOT NULL DEFAULT '',
	phone                 TEXT    NOT NULL DEFAULT '',
	email                 TEXT    NOT NULL DEFAULT '',
	time_zone             TEXT    NOT NULL DEFAULT '',
	preferred_channel     TEXT    NOT NULL DEFAULT '' CHECK (preferred_channel IN ('', 'phone', 'email', 'letter')),
	preferred_call_minute INTEGER NOT NULL DEFAULT -1 CHECK (preferred_call_minute BETWEEN -1 AND 1439),
	evening_only          INTEGER NOT NULL DEFAULT 0,
	do_not_contact        INTEGER NOT NULL DEFAULT 0,
	notes                 TEXT    NOT NULL DEFAULT '',
	customer_since        INTEGER
);
CREATE INDEX customers_email ON customers (email COLLATE NOCASE) WHERE email <> '';
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

CREATE TABLE purchases (
	id           INTEGER PRIMARY KEY,
	customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	at           INTEGER NOT NULL,
	items        TEXT    NOT NULL DEFAULT '',
	amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
	channel      TEXT    NOT NULL CHECK (channel IN ('phone', 'email', 'letter', 'visit', 'web')),
	sold_by      INTEGER REFERENCES staff (id) ON DELETE SET NULL
);
-- Covers the lifetime spend per customer (sum of amount_cents), which orders the
-- call list, without touching the table.
CREATE INDEX purchases_customer ON purchases (customer_id, at, amount_cents);
-- Covers the day's small-ticket buyers (the next-day sample) and yesterday's buyers
-- (relationship calls).
CREATE INDEX purchases_at ON purchases (at, amount_cents, customer_id);

CREATE TABLE issues (
	id           INTEGER PRIMARY KEY,
	customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	type         TEXT    NOT NULL CHECK (type IN ('sales_inquiry', 'support', 'billing', 'complaint', 'suggestion', 'misc')),
	channel      TEXT    NOT NULL CHECK (channel IN ('phone', 'email', 'letter', 'visit', 'web')),
	opened_at    INTEGER NOT NULL,
	replied_at   INTEGER,
	resolved_at  INTEGER,
	complicated  INTEGER NOT NULL DEFAULT 0,
	escalated    INTEGER NOT NULL DEFAULT 0,
	trivial      INTEGER NOT NULL DEFAULT 0,
	handled_by   INTEGER REFERENCES staff (id) ON DELETE SET NULL,
	billing_date INTEGER,
	reference    TEXT    NOT NULL DEFAULT '',
	summary      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX issues_customer ON issues (customer_id);
-- A re-plan reads the issues active since a date: open, or opened, replied to,
-- resolved or billed since then. One index per term lets SQLite answer the OR by
-- a union of index ranges instead of scanning every issue ever logged.
CREATE INDEX issues_opened ON issues (opened_at);
CREATE INDEX issues_replied ON issues (replied_at);
CREATE INDEX issues_resolved ON issues (resolved_at);
CREATE INDEX issues_billing ON issues (billing_date) WHERE billing_date IS NOT NULL;

CREATE TABLE promises (
	id          INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	issue_id    INTEGER REFERENCES issues (id) ON DELETE SET NULL,
	due         INTEGER NOT NULL,
	channel     TEXT    NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'email', 'letter')),
	assignee_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,
	note        TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL
);
CREATE INDEX promises_customer ON promises (customer_id);

-- Pending rows are the planner's output and are replaced on every re-plan; the
-- other statuses are history and are never touched by the planner.
CREATE TABLE followups (
	id           INTEGER PRIMARY KEY,
	customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	due          INTEGER NOT NULL,
	day          TEXT    NOT NULL, -- shop-local date of due, for the daily capacity
	time_zone    TEXT    NOT NULL,
	channel      TEXT    NOT NULL CHECK (channel IN ('phone', 'email', 'letter')),
	assignee_id  INTEGER REFERENCES staff (id) ON DELETE SET NULL,
	priority     INTEGER NOT NULL,
	promised     INTEGER NOT NULL DEFAULT 0,
	overdue      INTEGER NOT NULL DEFAULT 0,
	status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'no_answer', 'rescheduled', 'skipped')),
	notes        TEXT    NOT NULL DEFAULT '',
	score        INTEGER NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 5),
	completed_at INTEGER
);
CREATE INDEX followups_due ON followups (status, due);
-- Covers the count of calls booked per day that a one-customer re-plan fits around.
CREATE INDEX followups_day ON followups (status, channel, day, customer_id);
CREATE INDEX followups_customer ON followups (customer_id, status);

CREATE TABLE followup_reasons (
	followup_id INTEGER NOT NULL REFERENCES followups (id) ON DELETE CASCADE,
	key         TEXT    NOT NULL,
	rule        TEXT    NOT NULL,
	text        TEXT    NOT NULL,
	purchase_id INTEGER REFERENCES purchases (id) ON DELETE SET NULL,
	issue_id    INTEGER REFERENCES issues (id) ON DELETE SET NULL,
	promise_id  INTEGER REFERENCES promises (id) ON DELETE SET NULL,
	reference   TEXT    NOT NULL DEFAULT '',
	natural_due INTEGER NOT NULL
);
CREATE INDEX followup_reasons_followup ON followup_reasons (followup_id);
CREATE INDEX followup_reasons_purchase ON followup_reasons (purchase_id) WHERE purchase_id IS NOT NULL;
CREATE INDEX followup_reasons_issue ON followup_reasons (issue_id) WHERE issue_id IS NOT NULL;
CREATE INDEX followup_reasons_promise ON followup_reasons (promise_id) WHERE promise_id IS NOT NULL;

-- What a recorded outcome left for the planner on one reason: retry no earlier
-- than not_before (no answer), or a time the owner pinned (rescheduled).
CREATE TABLE overrides (
	customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	key         TEXT    NOT NULL,
	not_before  INTEGER,
	pinned      INTEGER,
	attempts    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (customer_id, key)
);

CREATE TABLE contacts (
	id          INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	at          INTEGER NOT NULL,
	channel     TEXT    NOT NULL CHECK (channel IN ('phone', 'email', 'letter', 'visit', 'web')),
	direction   TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
	staff_id    INTEGER REFERENCES staff (id) ON DELETE SET NULL,
	followup_id INTEGER REFERENCES followups (id) ON DELETE SET NULL,
	summary     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX contacts_customer ON contacts (customer_id, at);
CREATE INDEX contacts_at ON contacts (at);
CREATE INDEX contacts_followup ON contacts (followup_id) WHERE followup_id IS NOT NULL;

INSERT INTO business (id, name) VALUES (1, 'My Shop');
