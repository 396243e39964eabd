-- PostgreSQL's 0018: each customer's lifetime spend kept with them. The triggers
-- run once per statement over the rows it wrote (transition tables), so that a
-- copy of a million sales adds them up once per statement rather than row by row.
ALTER TABLE customers ADD COLUMN lifetime_cents BIGINT NOT NULL DEFAULT 0;
UPDATE customers SET lifetime_cents = s.total
	FROM (SELECT customer_id, sum(amount_cents) AS total FROM purchases GROUP BY customer_id) AS s
	WHERE s.customer_id = customers.id;

CREATE FUNCTION rapport_lifetime_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE customers c SET lifetime_cents = c.lifetime_cents + n.total
		FROM (SELECT customer_id, sum(amount_cents) AS total FROM new_rows GROUP BY customer_id) AS n
		WHERE c.id = n.customer_id;
	RETURN NULL;
END $$;
CREATE FUNCTION rapport_lifetime_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE customers c SET lifetime_cents = c.lifetime_cents - o.total
		FROM (SELECT customer_id, sum(amount_cents) AS total FROM old_rows GROUP BY customer_id) AS o
		WHERE c.id = o.customer_id;
	RETURN NULL;
END $$;
CREATE FUNCTION rapport_lifetime_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE customers c SET lifetime_cents = c.lifetime_cents + d.total
		FROM (SELECT customer_id, sum(amount) AS total FROM (
			SELECT customer_id, amount_cents AS amount FROM new_rows
			UNION ALL SELECT customer_id, -amount_cents FROM old_rows) AS x GROUP BY customer_id) AS d
		WHERE c.id = d.customer_id AND d.total <> 0;
	RETURN NULL;
END $$;
CREATE TRIGGER purchases_lifetime_added AFTER INSERT ON purchases
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rapport_lifetime_added();
CREATE TRIGGER purchases_lifetime_removed AFTER DELETE ON purchases
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rapport_lifetime_removed();
CREATE TRIGGER purchases_lifetime_changed AFTER UPDATE ON purchases
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rapport_lifetime_changed();
