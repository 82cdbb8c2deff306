package store

// UserStore holds the host's users and their matches to Salesforce users
// (issue 8: sync users, owners). Defined in this file.
type UserStore interface{}
