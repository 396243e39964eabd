-- A printed list (the agenda, Today's calls) shows each follow-up's customer by
-- name, and reads the name here rather than from the customer's row
-- (store.AgendaLines, which names this index: SQLite, keeping no statistics,
-- would read the table). This index holds every customer's ID and name only. The
-- customers of a big shop's week of follow-ups are nearly all of its customers,
-- and their rows nearly the whole customers table (17 MB at 100,000 customers);
-- their names here take a seventh of that. SQLite keeps the index with the
-- table, whoever writes the names. PostgreSQL, which chooses its own indexes,
-- keeps it too, for the same history of migrations on both.
CREATE INDEX customers_id_name ON customers (id, name);
