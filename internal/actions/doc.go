// Package actions carries out what the host product asks of Salesforce
// directly, outside sync: create a Lead, and log a Task (an activity) on
// a Contact or a Lead, named by the app record linked to it or by its
// Salesforce id.
//
// Each action describes the object first and checks the fields Salesforce
// requires on create (createable, not nillable and not defaulted), so a
// missing one is refused naming the field and its label before any write
// is sent. A write Salesforce refuses comes back as a [*RefusedError]
// that says, in plain language, what was wrong and how to fix it.
package actions
