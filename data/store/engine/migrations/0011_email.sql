-- Email follow-ups (issue 15). The shop's mail server; its password is never
-- stored here (it lives in the system's keyring or the environment), so it is in
-- no backup and no export.
CREATE TABLE email_settings (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	host      TEXT    NOT NULL DEFAULT '',
	port      INTEGER NOT NULL DEFAULT 0 CHECK (port BETWEEN 0 AND 65535),
	login     TEXT    NOT NULL DEFAULT '',
	from_addr TEXT    NOT NULL DEFAULT '',
	reply_to  TEXT    NOT NULL DEFAULT '',
	tls       TEXT    NOT NULL DEFAULT 'starttls' CHECK (tls IN ('starttls', 'tls', 'none'))
);
INSERT INTO email_settings (id) VALUES (1);

-- The outbox: every email Rapport sends, recorded with its Message-ID before the
-- mail server is asked to take it (status 'sending'), then 'sent', 'failed' (the
-- server certainly did not take it: sent again next time) or 'unknown' (it may
-- have: never sent again without the owner's word). Follow-up rows are replaced
-- by every re-plan, so an email is tied to its follow-up by the reason keys it
-- covers (email_reasons), which a re-plan keeps.
CREATE TABLE emails (
	id          INTEGER PRIMARY KEY,
	message_id  TEXT    NOT NULL UNIQUE,
	customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	followup_id INTEGER REFERENCES followups (id) ON DELETE SET NULL,
	to_addr     TEXT    NOT NULL,
	subject     TEXT    NOT NULL,
	body        TEXT    NOT NULL,
	staff_id    INTEGER REFERENCES staff (id) ON DELETE SET NULL,
	status      TEXT    NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'unknown')),
	attempts    INTEGER NOT NULL DEFAULT 1,
	started_at  INTEGER NOT NULL,
	sent_at     INTEGER,
	error       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX emails_customer ON emails (customer_id, status);
CREATE INDEX emails_status ON emails (status) WHERE status IN ('sending', 'unknown');

CREATE TABLE email_reasons (
	email_id    INTEGER NOT NULL REFERENCES emails (id) ON DELETE CASCADE,
	customer_id INTEGER NOT NULL,
	key         TEXT    NOT NULL,
	PRIMARY KEY (email_id, key)
) WITHOUT ROWID;
CREATE INDEX email_reasons_key ON email_reasons (customer_id, key);
