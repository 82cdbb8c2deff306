// Package mapping decides which app fields may map to which Salesforce
// fields and converts values between the two. It is pure logic: it reads
// describe results ([salesforce.SObjectDescribe]) and the app schema
// ([store.AppType]) handed to it and does no I/O.
//
// The pieces:
//
//   - [Compatible] and [Choices]: the type-compatibility matrix, so a UI
//     offers only fields that can hold the app field's values, and an
//     incompatible pair is refused with a message naming both types.
//   - [Validate]: every mapping of an object checked against the org's
//     describe, one [Problem] per fault.
//   - [MatchOptions] and [OptionGaps]: list options matched to picklist
//     values case-insensitively on value or label; what does not match is
//     listed, never dropped.
//   - [Converter], [ToApp] and [ToSalesforce]: values converted both ways.
//     A value that cannot be converted gives a [*ConversionError]; no
//     conversion ever turns a value into null.
//   - [Defaults]: default app types and mappings for the standard objects.
//
// # Value representation
//
// App values are what encoding/json produces, so records round-trip
// through JSON unchanged:
//
//   - text, long text, email, phone, url: string.
//   - number, currency, percent: [json.Number] in canonical decimal form
//     ("1250.5", never "1.2505E3" or "1250.50"). Salesforce currency
//     fields carry 18 digits, more than a float64 holds, so numbers are
//     kept exact and never pass through float64 unless the input already
//     was one. A percent keeps Salesforce's scale: 15 means 15 %.
//   - boolean: bool.
//   - date: "YYYY-MM-DD". A Salesforce datetime mapped to an app date
//     gives its UTC date, and such a mapping is inbound only.
//   - datetime: RFC 3339 in UTC ("2013-05-20T20:49:32Z", fractional
//     seconds only when not zero). Going out, any offset is accepted and
//     the instant is written in UTC in Salesforce's own layout.
//   - list: the app option matched to the picklist value; multi-list: a
//     []string of options. A list with no options declared is open: it
//     takes Salesforce's values as they are.
//   - reference: the Salesforce id, unchanged. Resolving it to an app
//     record (through record links) is the sync engine's job, since only
//     it knows the links.
//   - address: a compound address is read-only in Salesforce. Mapped to a
//     text or long text field it becomes one line,
//     "street, city, state postalCode, country", with empty parts left
//     out. The app has no address type, so it is not kept as an object;
//     map the components (BillingCity, ...) for structured data or for
//     writing back.
//
// Null converts to null both ways.
package mapping
