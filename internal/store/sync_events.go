package store

// The event types ApplyInbound appends, one per applied change.
const (
	EventRecordCreated = "record.created"
	EventRecordUpdated = "record.updated"
	EventRecordDeleted = "record.deleted"
)

// The delete policies of [ObjectMapping.DeletePolicy] and
// [InboundBatch.DeletePolicy]. Empty means DeletePolicyMark: keeping a
// marked copy is the choice that loses nothing.
const (
	DeletePolicyDelete = "delete"
	DeletePolicyMark   = "mark"
)

// RecordEventData is the Data of a record event. Fields holds every
// field of a created record, only the changed fields of an updated one
// (empty when only the SystemModstamp moved), and is absent for a
// deleted one.
type RecordEventData struct {
	Type         string         `json:"type"`
	ID           string         `json:"id"`
	SalesforceID string         `json:"salesforce_id"`
	Object       string         `json:"object"`
	Fields       map[string]any `json:"fields,omitempty"`
}

// The statuses of a [WebhookDelivery].
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)
