-- Who sent a customer to the shop: the customer brief names a customer's referrals
-- (FOLLOWUP_RULES.md, relationship calls). Deleting the referrer keeps the customer.
ALTER TABLE customers ADD COLUMN referred_by INTEGER REFERENCES customers (id) ON DELETE SET NULL;
CREATE INDEX customers_referred_by ON customers (referred_by) WHERE referred_by IS NOT NULL;
