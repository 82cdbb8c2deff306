package store

// OperationStore holds one-time operations (push all, pull all, full
// resync...) and their progress (issue 8). Defined in this file.
type OperationStore interface{}
