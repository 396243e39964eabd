-- A counter that every change to the customers table moves on, whoever makes it
-- (this window, a headless import beside it, an undo, a restored backup). The
-- in-memory customer search reads it to know when to read the customers again.
CREATE TABLE customer_changes (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO customer_changes (id, n) VALUES (1, 0);
CREATE TRIGGER customers_inserted AFTER INSERT ON customers BEGIN UPDATE customer_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER customers_updated AFTER UPDATE OF name, company, email, phone ON customers BEGIN UPDATE customer_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER customers_deleted AFTER DELETE ON customers BEGIN UPDATE customer_changes SET n = n + 1 WHERE id = 1; END;
