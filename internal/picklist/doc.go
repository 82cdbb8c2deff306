// Package picklist reconciles the options of an app list field with the
// values of a Salesforce picklist: options that match a value (by API
// value, then label, ignoring case, as [mapping.MatchOptions] matches
// them) are matched; the others are added to the picklist through the
// Tooling API when the admin allows it and Salesforce can take them, or
// reported as unmatched with the reason and what to do in Setup.
//
// A value is added only to a custom picklist field that is neither
// restricted nor read-only for the connected user and whose values are
// its own (not a global value set), and only when the caller says the
// admin allows it. Standard picklists (Lead Source, Account Type, ...)
// keep their values in a StandardValueSet, which this package does not
// change: their options are reported with the Setup path to add them by
// hand. Adding needs the Customize Application permission.
package picklist
