-- Issue 8: who owns the records sfbridge creates in Salesforce
-- (owner_policy: mapped, fixed, assignment_rules, or '' for mapped) and
-- the fixed owner; which of Lead and Contact the app keeps when a person is in
-- both (people_priority: lead, contact, or '' for contact), and the
-- records a run skipped for it.
ALTER TABLE connections ADD COLUMN people_priority TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN n_skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN owner_policy TEXT NOT NULL DEFAULT '';
ALTER TABLE connections ADD COLUMN fixed_owner_id TEXT NOT NULL DEFAULT '';
