package users

// Reason says why a mapping was removed or why an app user is unmatched.
// Reasons are part of the API and of the user_mapping.removed event:
// they never change once published.
type Reason string

// Why a mapping was removed.
const (
	ReasonAppUserDeleted   Reason = "app_user_deleted"
	ReasonAppUserInactive  Reason = "app_user_inactive"
	ReasonAppUserSuspended Reason = "app_user_suspended"
	// ReasonAppUserExtension: the app user is an extension, a
	// destination rather than a person, and owns nothing.
	ReasonAppUserExtension Reason = "app_user_extension"
	// ReasonSalesforceUserMissing: the query no longer returns the
	// Salesforce user (the connected user cannot see it), or it is no
	// longer a standard user.
	ReasonSalesforceUserMissing  Reason = "salesforce_user_missing"
	ReasonSalesforceUserInactive Reason = "salesforce_user_inactive"
	// ReasonEmailChanged: the app user's email and the Salesforce
	// user's no longer match; either side changed.
	ReasonEmailChanged Reason = "email_changed"
)

// Why an active app user has no mapping.
const (
	// ReasonNoSalesforceUser: no active standard Salesforce user has the
	// app user's email.
	ReasonNoSalesforceUser Reason = "no_salesforce_user"
	// ReasonAmbiguousEmail: several active standard Salesforce users
	// have the app user's email, and none was mapped before.
	ReasonAmbiguousEmail Reason = "ambiguous_email"
)

// EventRemoved is the type of the event recorded for each removal.
const EventRemoved = "user_mapping.removed"
