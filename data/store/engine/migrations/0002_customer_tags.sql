-- Tags group customers for letters, cards and exports ("wholesale", "newsletter").
-- Stored as one comma-separated text, normalised by data.NormaliseTags: trimmed,
-- without empties or duplicates (case-insensitive), in the order first given.
ALTER TABLE customers ADD COLUMN tags TEXT NOT NULL DEFAULT '';
