-- PostgreSQL's 0006: the same counter; a trigger calls a function there, and one
-- move per statement is enough for the search to read the customers again.
CREATE TABLE customer_changes (
	id BIGINT PRIMARY KEY CHECK (id = 1),
	n  BIGINT NOT NULL
);
INSERT INTO customer_changes (id, n) VALUES (1, 0);
CREATE FUNCTION rapport_customers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE customer_changes SET n = n + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER customers_inserted AFTER INSERT ON customers FOR EACH STATEMENT EXECUTE FUNCTION rapport_customers_changed();
CREATE TRIGGER customers_updated AFTER UPDATE OF name, company, email, phone ON customers FOR EACH STATEMENT EXECUTE FUNCTION rapport_customers_changed();
CREATE TRIGGER customers_deleted AFTER DELETE ON customers FOR EACH STATEMENT EXECUTE FUNCTION rapport_customers_changed();
