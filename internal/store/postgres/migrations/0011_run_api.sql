-- Which Salesforce API a run used: rest (REST queries and sObject
-- Collections) or bulk (Bulk API 2.0 query or ingest). Runs stored before
-- this migration used REST.

ALTER TABLE runs ADD COLUMN api text NOT NULL DEFAULT 'rest';
