// Package doctor checks that a connection's Salesforce user can do what
// sfbridge needs, and says how to fix what it cannot.
//
// [Run] checks a connection on demand (the API's doctor route and the
// sfbridge doctor command); [CheckObject] checks one object before its
// mapping is enabled. Each [Check] passes, warns or fails, and a check
// that does not pass carries the fix in words an org admin can follow
// ("In Salesforce: Object Manager > Task > Fields & Relationships >
// Type > Set Field-Level Security, make it visible.").
//
// The checks, in report order:
//
//   - token, api_enabled, api_budget: one call to Salesforce's /limits
//     with the connection's own client shows whether the token is
//     accepted (a refused one is diagnosed as Test Connection does,
//     revocation and the approval cap told apart), whether the org and
//     user may call the API, and how much of the daily API allocation
//     is left (warn under 10%, fail when none is).
//   - approval_cap: how many times the same Salesforce user approved the
//     same connected app after this connection did (in sfbridge's own
//     store, no API call). Salesforce keeps only five approvals per user
//     and app, and drops the oldest token at the sixth.
//   - object_access, field_access: one describe per object (cached in
//     the client) shows which fields the user can see and edit. Checked
//     are the fields sfbridge itself works with (see [Requirements]) and
//     every mapped field of the connection: readable when it is mapped
//     inbound or both ways, settable on create and editable on update
//     when it is mapped outbound or both ways and the object mapping's
//     create or update direction is both.
//   - restricted_picklist: an app list field written to a restricted
//     picklist fails when the picklist lacks some of the app's options,
//     naming them, since Salesforce refuses records that carry them.
//   - mapping: an object mapping whose app type is not declared.
//
// The doctor costs one API call for the connection checks and one per
// object; a failure that says something about the whole connection (a
// refused token, an exhausted limit, disabled API access) moves the
// connection's status as a sync run's would, and stops the run.
package doctor
