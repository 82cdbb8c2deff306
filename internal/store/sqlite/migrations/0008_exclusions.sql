-- Issue 8: sourcing exclusion rules, the org's lead statuses as last
-- pulled, and the host's dispositions mapped to them, per connection.
-- An exclusion rule's vals is a JSON array of strings.

CREATE TABLE exclusion_rules (
	id            TEXT PRIMARY KEY,
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	kind          TEXT NOT NULL,
	name          TEXT NOT NULL,
	vals          TEXT NOT NULL,
	created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX exclusion_rules_connection ON exclusion_rules (connection_id, created_at, id);

CREATE TABLE lead_statuses (
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	value         TEXT NOT NULL,
	label         TEXT NOT NULL,
	sort_order    INTEGER NOT NULL,
	converted     INTEGER NOT NULL,
	is_default    INTEGER NOT NULL,
	salesforce_id TEXT NOT NULL,
	pulled_at     INTEGER NOT NULL,
	PRIMARY KEY (connection_id, value)
) STRICT;

-- status is '' for a disposition with no lead status.
CREATE TABLE lead_dispositions (
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	name          TEXT NOT NULL,
	status        TEXT NOT NULL,
	position      INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	PRIMARY KEY (connection_id, name)
) STRICT;
