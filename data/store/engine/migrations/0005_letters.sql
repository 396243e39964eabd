-- Letters and cards (issue 5). The shop's country decides the paper size, the
-- currency sign and which customer addresses are foreign; paper '' means "from
-- the country" (US Letter for US and CA, A4 elsewhere), else 'letter' or 'a4'.
ALTER TABLE business ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE business ADD COLUMN paper TEXT NOT NULL DEFAULT '' CHECK (paper IN ('', 'letter', 'a4'));

-- The owner's own wording of a letter kind; a missing kind prints the default
-- text of package letters. Bodies are validated by package letters before they
-- are stored, so an unknown placeholder never reaches a printed page.
CREATE TABLE letter_templates (
	kind TEXT PRIMARY KEY,
	body TEXT NOT NULL
);
