-- A shared shop (one PostgreSQL database, several computers) is backed up once a
-- day, by the first computer to start that day: backup_day is the shop-local day
-- of its last daily backup ('' before the first), backup_by the computer that
-- made it (the backup is in that computer's backups folder). A shop in a file
-- lists its backups beside it and leaves these alone.
ALTER TABLE plan_state ADD COLUMN backup_day TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_state ADD COLUMN backup_by TEXT NOT NULL DEFAULT '';
