-- What an import matches a row against, written the one way with each customer
-- (keys.go, customerKeys): the email and the name trimmed and lower-cased, the
-- phone as E.164 (or its digits when it cannot be read). An import looks a
-- customer up through these indexes instead of reading every customer. The
-- migration's Go step fills them in for the customers already stored.
ALTER TABLE customers ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN phone_key TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_email_key ON customers (email_key) WHERE email_key <> '';
CREATE INDEX customers_phone_key ON customers (phone_key) WHERE phone_key <> '';
CREATE INDEX customers_name_key ON customers (name_key) WHERE name_key <> '';
-- The lookup by email (CustomerByEmail) goes through email_key too, which also
-- folds the case of letters beyond ASCII; the old index is one more to write with
-- every customer.
DROP INDEX customers_email;
