// Package leadstatus brings an org's lead statuses into sfbridge as the
// app's list of dispositions, and maps the host's own disposition names
// to Salesforce's status values and back.
//
// [Pull] reads the LeadStatus records (value, label, order, converted,
// default) and stores them per connection, replacing the last pull. Until
// the host puts its own dispositions, the dispositions are the statuses
// themselves, each named as its value. [CheckDispositions] validates the
// host's list (each name mapped to a pulled status, or to none), and a
// [Mapping] converts both ways: a disposition to the status to write to
// Lead.Status, and a status read from Salesforce to the first disposition
// that maps to it. Dispositions whose status is missing, or gone from the
// org since, and statuses no disposition maps to are reported unmapped.
package leadstatus
