-- Issue 8: sourcing exclusion rules, the org's lead statuses as last
-- pulled, and the host's dispositions mapped to them, per connection.

CREATE TABLE exclusion_rules (
	id            text PRIMARY KEY,
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	kind          text NOT NULL,
	name          text NOT NULL,
	vals          text[] NOT NULL,
	created_at    timestamptz NOT NULL
);

CREATE INDEX exclusion_rules_connection ON exclusion_rules (connection_id, created_at, id COLLATE "C");

CREATE TABLE lead_statuses (
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	value         text NOT NULL,
	label         text NOT NULL,
	sort_order    integer NOT NULL,
	converted     boolean NOT NULL,
	is_default    boolean NOT NULL,
	salesforce_id text NOT NULL,
	pulled_at     timestamptz NOT NULL,
	PRIMARY KEY (connection_id, value)
);

-- status is '' for a disposition with no lead status.
CREATE TABLE lead_dispositions (
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	name          text NOT NULL,
	status        text NOT NULL,
	position      integer NOT NULL,
	updated_at    timestamptz NOT NULL,
	PRIMARY KEY (connection_id, name)
);
