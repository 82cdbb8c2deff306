package outbox

// EntryColumns are an outbox entry's columns (table alias o), in the
// order the stores scan them.
const EntryColumns = `o.workspace_id, o.connection_id, o.object, o.app_id, o.op, o.changed, o.seq, o.status,
	o.attempts, o.next_attempt_at, o.error_code, o.error_message, o.error_cause, o.error_fix, o.created_at, o.updated_at`

// ItemSelect selects outbox entries with their app record, link and
// create intent (an OutboxItem), in the order the stores scan them. The
// text is the same in every dialect; the caller appends its WHERE, ORDER
// BY and LIMIT with its own placeholders.
const ItemSelect = `SELECT ` + EntryColumns + `,
		r.id, r.type, r.fields, r.deleted, r.created_at, r.updated_at,
		l.salesforce_id, l.synced, l.app_synced, l.system_modstamp, l.deleted, l.app_deleted, l.updated_at,
		i.sent, i.started_at, i.attempts
	FROM outbox o
	LEFT JOIN app_records r ON r.id = o.app_id AND r.workspace_id = o.workspace_id
	LEFT JOIN record_links l ON l.connection_id = o.connection_id AND l.object = o.object AND l.app_id = o.app_id
	LEFT JOIN create_intents i ON i.connection_id = o.connection_id AND i.object = o.object AND i.app_id = o.app_id
	`
