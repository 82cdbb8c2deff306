package store

// ExclusionStore holds sourcing exclusion rules and lead statuses (issue
// 8). Defined in this file.
type ExclusionStore interface{}
