// Package users matches the host's users to Salesforce users, per
// connection, so records the host's users own can be owned in Salesforce
// by the right people.
//
// The host sends its users ([Put]) with a status: active, inactive,
// suspended, deleted, or extension (a destination such as a phone
// extension rather than a person). [Sync] reads the org's users with one
// SOQL query and maps every active app user to the active Salesforce
// user of a standard user type with the same email, ignoring case. It
// never creates users on either side.
//
// A mapping lasts while it holds. It is removed, with a [Reason], when
// the app user stops being active (at once, by [Put]), or at the next
// [Sync] when its Salesforce user is gone, deactivated or no longer a
// standard user, or when the two emails differ. Each removal is returned
// and recorded as a user_mapping.removed event. An app user whose email
// several active Salesforce users share is left unmatched rather than
// guessed at, unless it was already mapped to one of them.
package users
