package syncer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sfbridge/sfbridge/salesforce"
)

// The codes of [WriteFailure] for failures that are not Salesforce's
// answer. They are lowercase, like sfbridge's other record error codes,
// so they never clash with Salesforce's.
const (
	codeUnreachable     = "salesforce_unreachable"
	codeOutcomeUnknown  = "outcome_unknown"
	codeMultipleMatches = "multiple_matches"
	codeReauthorize     = "reauthorization_required"
	codeCanceled        = "canceled"
	codeUnnamed         = "salesforce_error"
)

// Limits that keep an explanation readable.
const (
	maxListedValues      = 15 // picklist values listed
	maxQuotedValueLength = 60 // characters of a value quoted
)

// WriteFailure is a Salesforce refusal of one record, explained for the
// admin who has to act on it.
type WriteFailure struct {
	// Code is Salesforce's error code, such as REQUIRED_FIELD_MISSING, or
	// one of sfbridge's lowercase codes when Salesforce did not answer.
	Code string
	// Object is the Salesforce object written.
	Object string
	// Fields are the Salesforce fields the failure is about.
	Fields []string
	// Cause says in plain language what went wrong, naming the object,
	// field labels and values.
	Cause string
	// Fix says what to do, concretely.
	Fix string
	// Transient says retrying later may succeed without anyone acting
	// (a locked row, a server error, the request limit).
	Transient bool
	// LinkCandidates are existing Salesforce records a duplicate rule
	// matched; the admin may link the app record to one of them instead
	// of creating a new one.
	LinkCandidates []string
}

// Message is the code, the object and fields, Cause and Fix in one line:
// "REQUIRED_FIELD_MISSING on Contact.LastName: <cause> <fix>".
func (f WriteFailure) Message() string {
	var b strings.Builder
	b.WriteString(f.Code)
	if f.Object != "" {
		b.WriteString(" on ")
		if len(f.Fields) == 0 {
			b.WriteString(f.Object)
		}
		for i, name := range f.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f.Object + "." + name)
		}
	}
	b.WriteString(": ")
	b.WriteString(f.Cause)
	if f.Fix != "" {
		b.WriteString(" ")
		b.WriteString(f.Fix)
	}
	return b.String()
}

// WriteContext is what explainWrite knows about the write that failed.
type WriteContext struct {
	// Object is the Salesforce object written.
	Object string
	// Describe is the object's describe as the connected user sees it;
	// nil when not at hand, and then fields are named by API name only.
	Describe *salesforce.SObjectDescribe
	// Op is "create", "update", "upsert" or "delete".
	Op string
	// Sent are the Salesforce field values sent, by field name.
	Sent map[string]any
	// Mapped maps the Salesforce fields sfbridge writes to the app field
	// mapped to each.
	Mapped map[string]string
}

// explainWrite explains err, the failure to write one record: an
// [*salesforce.APIError] from its SaveResult, or any other error of the
// call.
func explainWrite(wc WriteContext, err error) WriteFailure {
	var apiErr *salesforce.APIError
	if errors.As(err, &apiErr) {
		return explainAPIError(wc, apiErr)
	}
	return explainCallError(wc, err)
}

// explainCallError explains a failure of the call itself, where
// Salesforce gave no answer about the record.
func explainCallError(wc WriteContext, err error) WriteFailure {
	x := explainer{wc: wc}
	f := WriteFailure{Code: codeUnreachable, Object: wc.Object, Transient: true}
	var (
		unknown  *salesforce.OutcomeUnknownError
		multiple *salesforce.MultipleMatchesError
		reauth   *salesforce.ReauthorizationError
	)
	switch {
	case errors.As(err, &unknown):
		f.Code = codeOutcomeUnknown
		f.Cause = fmt.Sprintf("The connection to Salesforce broke after the %s record was sent, so it is not known whether Salesforce saved it (%v).", x.object(), unknown.Err)
		f.Fix = "Nothing to do: before trying again sfbridge looks for the record it may have created, so it is not created twice."
	case errors.As(err, &multiple):
		f.Code, f.Transient = codeMultipleMatches, false
		f.Cause = fmt.Sprintf("The external ID value sent matches %d %s records, so Salesforce cannot tell which one to update and wrote nothing.", len(multiple.URLs), x.object())
		f.Fix = fmt.Sprintf("Remove the duplicates in Salesforce (merge them, or clear the external ID on all but one), then retry. Matching records: %s.", strings.Join(multiple.URLs, ", "))
	case errors.As(err, &reauth):
		f.Code, f.Transient = codeReauthorize, false
		f.Cause = fmt.Sprintf("Salesforce no longer accepts this connection's authorization (%s), so nothing can be written to it.", reauth.Code)
		f.Fix = "Reconnect the Salesforce connection (log in to Salesforce again through sfbridge); pending writes are sent once it is connected."
	case errors.Is(err, context.Canceled):
		f.Code = codeCanceled
		f.Cause = fmt.Sprintf("sfbridge stopped before Salesforce answered the write of the %s record.", x.object())
		f.Fix = "Nothing to do: sfbridge retries automatically when it runs again."
	default:
		f.Cause = fmt.Sprintf("Salesforce could not be reached to write the %s record (%v).", x.object(), err)
		f.Fix = "Nothing to do: sfbridge retries automatically. If this lasts, check that this server can reach Salesforce and that Salesforce is up (status.salesforce.com)."
	}
	return f
}

// explainAPIError explains Salesforce's refusal of the record.
func explainAPIError(wc WriteContext, e *salesforce.APIError) WriteFailure {
	x := explainer{wc: wc, e: e, fields: slices.Clone(e.Fields)}
	f := WriteFailure{Code: e.ErrorCode, Object: wc.Object}
	if f.Code == "" {
		f.Code = codeUnnamed
		if e.StatusCode != 0 {
			f.Code = "http_" + strconv.Itoa(e.StatusCode)
		}
	}
	switch e.ErrorCode {
	case "REQUIRED_FIELD_MISSING":
		f.Cause, f.Fix = x.requiredMissing()
	case "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST":
		f.Cause, f.Fix = x.restrictedPicklist()
	case "FIELD_CUSTOM_VALIDATION_EXCEPTION":
		f.Cause, f.Fix = x.validationRule()
	case "INVALID_FIELD_FOR_INSERT_UPDATE":
		f.Cause, f.Fix = x.readOnlyField()
	case "INVALID_FIELD":
		f.Cause, f.Fix = x.invalidField()
	case "INSUFFICIENT_ACCESS_OR_READONLY", "INSUFFICIENT_ACCESS":
		f.Cause, f.Fix = x.insufficientAccess()
	case "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY":
		f.Cause, f.Fix = x.crossReferenceAccess()
	case "DUPLICATES_DETECTED":
		f.Cause, f.Fix = x.duplicatesDetected()
		f.LinkCandidates = slices.Clone(e.MatchedIDs)
	case "DUPLICATE_VALUE":
		f.Cause, f.Fix = x.duplicateValue()
	case "DUPLICATE_EXTERNAL_ID":
		f.Cause, f.Fix = x.duplicateExternalID()
	case "STRING_TOO_LONG":
		f.Cause, f.Fix = x.stringTooLong()
	case "INVALID_EMAIL_ADDRESS":
		f.Cause, f.Fix = x.invalidEmail()
	case "NUMBER_OUTSIDE_VALID_RANGE":
		f.Cause, f.Fix = x.numberOutOfRange()
	case "INVALID_CROSS_REFERENCE_KEY", "MALFORMED_ID":
		f.Cause, f.Fix = x.badReference()
	case "ENTITY_IS_DELETED", "NOT_FOUND":
		f.Cause, f.Fix = x.deleted()
	case "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY":
		f.Cause, f.Fix = x.automationFailed()
	case "FIELD_INTEGRITY_EXCEPTION":
		f.Cause, f.Fix = x.fieldIntegrity()
	case "INVALID_TYPE":
		f.Cause, f.Fix = x.invalidType()
	case "REQUEST_LIMIT_EXCEEDED":
		f.Transient = true
		f.Cause = "The Salesforce org has used up its API request allowance for the last 24 hours (or has too many long requests running at once), so Salesforce refuses further calls for now." + x.says()
		f.Fix = "Nothing to do: sfbridge retries automatically once requests are allowed again. If this happens often, buy more API capacity for the org or sync less often."
	case "UNABLE_TO_LOCK_ROW":
		f.Transient = true
		f.Cause = fmt.Sprintf("Something else in Salesforce was saving this %s record, or a record it is related to, at the same moment, so Salesforce could not lock it.", x.object())
		f.Fix = "Nothing to do: sfbridge retries automatically. If it keeps happening, look for automation or other integrations that update the same records at the same time."
	case "INVALID_SESSION_ID":
		f.Transient = true
		f.Cause = "The connection's Salesforce access token expired or was revoked during the write."
		f.Fix = "Nothing to do: the connection gets a new token and sfbridge retries; if Salesforce refuses to issue one, the connection asks to be reconnected."
	case "ALL_OR_NONE_OPERATION_ROLLED_BACK":
		f.Transient = true
		f.Cause = fmt.Sprintf("This %s record was fine, but another record in the same batch failed and the batch is saved all or none, so Salesforce saved none of it.", x.object())
		f.Fix = "Nothing to do for this record: sfbridge retries it automatically. Fix the failure of the other record."
	case "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION":
		f.Cause, f.Fix = x.serverError()
		f.Transient = true
	default:
		if e.StatusCode >= 500 {
			f.Cause, f.Fix = x.serverError()
			f.Transient = true
		} else if ro := x.readOnlyFor(x.fields); len(ro) > 0 {
			// Salesforce names a field the describe already shows the
			// user cannot write: that is the likelier cause.
			x.fields = ro
			f.Cause, f.Fix = x.readOnlyField()
			f.Cause += x.says()
		} else {
			f.Cause, f.Fix = x.unknownCode()
		}
	}
	f.Fields = x.fields
	return f
}

// requiredMissing tells an unmapped required field from a mapped one the
// app record left empty: the fixes differ.
func (x *explainer) requiredMissing() (cause, fix string) {
	if len(x.fields) == 0 {
		return fmt.Sprintf("Salesforce needs a value sfbridge did not send to %s this %s record.%s", x.verb(), x.object(), x.says()),
			"Map an app field to the field Salesforce names, or give that field a default value in Salesforce Setup, then retry."
	}
	var unmapped, empty, emptyApp []string
	for _, f := range x.fields {
		if app, ok := x.mapped(f); ok {
			empty = append(empty, x.name(f))
			emptyApp = append(emptyApp, strconv.Quote(app))
		} else {
			unmapped = append(unmapped, x.name(f))
		}
	}
	var causes, fixes []string
	causes = append(causes, fmt.Sprintf("Salesforce needs a value in %s to %s this %s record.", x.names(), x.verb(), x.object()))
	if len(unmapped) > 0 {
		causes = append(causes, fmt.Sprintf("No app field is mapped to %s, so sfbridge sends nothing for %s.", joinAnd(unmapped), plural(len(unmapped), "it", "them")))
		fixes = append(fixes, fmt.Sprintf("Map an app field to %s in this object's field mapping, or give %s a default value in Salesforce Setup, then retry.", joinAnd(unmapped), plural(len(unmapped), "it", "each")))
	}
	switch len(empty) {
	case 0:
	case 1:
		causes = append(causes, fmt.Sprintf("%s is mapped from app field %s, which is empty on this app record.", empty[0], emptyApp[0]))
		fixes = append(fixes, fmt.Sprintf("Fill in app field %s on this app record, then retry.", emptyApp[0]))
	default:
		causes = append(causes, fmt.Sprintf("%s are mapped from app fields %s, which are empty on this app record.", joinAnd(empty), joinAnd(emptyApp)))
		fixes = append(fixes, fmt.Sprintf("Fill in app fields %s on this app record, then retry.", joinAnd(emptyApp)))
	}
	return strings.Join(causes, " "), strings.Join(fixes, " ")
}

// restrictedPicklist names the value refused and the values allowed.
func (x *explainer) restrictedPicklist() (cause, fix string) {
	x.guessFields(func(f *salesforce.Field) bool {
		v, _ := x.sent(f.Name)
		return f.RestrictedPicklist && !slices.Contains(activeValues(f), fmt.Sprint(v))
	})
	field := x.firstField()
	if field == "" {
		return fmt.Sprintf("A restricted picklist of %s refused the value sent.%s", x.object(), x.says()),
			"Add the value to the picklist in Salesforce Setup, or change the app value (or the value mapping) to one the picklist allows, then retry."
	}
	v, _ := x.sent(field)
	var allowed []string
	if f := x.field(field); f != nil {
		allowed = activeValues(f)
	}
	inSetup := fmt.Sprintf("Salesforce Setup (Object Manager > %s > Fields & Relationships > %s)", x.wc.Object, x.label(field))
	switch {
	case isEmpty(v):
		cause = fmt.Sprintf("%s is a restricted picklist that needs one of its values, and the record sent %s.", x.name(field), x.sentValue(field))
		fix = fmt.Sprintf("Fill in %s on this app record with one of the allowed values, or map an app field to %s, then retry.", x.fromApp(), x.name(field))
	case slices.Contains(allowed, fmt.Sprint(v)):
		cause = fmt.Sprintf("%s is a restricted picklist and %s is one of its values, but not one allowed for this record's record type or with the value of the field that controls it.", x.name(field), x.sentValue(field))
		fix = fmt.Sprintf("Make %s available to the record type (or to the controlling value) in %s, or change %s on this app record to a value allowed there, then retry.", formatValue(v), inSetup, x.fromApp())
	default:
		cause = fmt.Sprintf("%s is a restricted picklist that does not accept %s.", x.name(field), x.sentValue(field))
		fix = fmt.Sprintf("Add %s to the picklist's values in %s, or change %s on this app record (or its value mapping) to one of the allowed values, then retry.", formatValue(v), inSetup, x.fromApp())
	}
	if len(allowed) > 0 {
		cause += fmt.Sprintf(" Its active values are %s.", quoteList(allowed))
	}
	return cause, fix
}

// activeValues returns the active values of a picklist.
func activeValues(f *salesforce.Field) []string {
	var out []string
	for _, p := range f.PicklistValues {
		if p.Active {
			out = append(out, p.Value)
		}
	}
	return out
}

// validationRule quotes the rule's own message: only it knows the rule.
func (x *explainer) validationRule() (cause, fix string) {
	cause = fmt.Sprintf("A validation rule on %s refused this record with the message %s.", x.object(), quoteMessage(x.e.Message))
	var sent []string
	for _, f := range x.fields {
		sent = append(sent, fmt.Sprintf("%s was %s", x.name(f), x.sentValue(f)))
	}
	if len(sent) > 0 {
		cause += " The rule is about " + x.names() + ": " + joinAnd(sent) + "."
	}
	what := "the app record"
	if apps, ok := x.appFields(); ok {
		what = "app field " + apps + " on this app record"
	}
	fix = fmt.Sprintf("Change %s so it satisfies the rule, or ask your Salesforce admin to adjust the rule (for example so it lets the integration user's writes through), then retry.", what)
	return cause, fix
}

// readOnlyField explains fields the connected user may not write:
// field-level security, or a formula that nobody can write.
func (x *explainer) readOnlyField() (cause, fix string) {
	if len(x.fields) == 0 {
		x.fields = x.readOnlyFor(x.sentFields())
	}
	if len(x.fields) == 0 {
		return fmt.Sprintf("The connected Salesforce user may not %s some field sent on %s: it is hidden or read-only for them (field-level security).%s", x.verb(), x.object(), x.says()),
			`Give the integration user's profile or a permission set Edit access on the field Salesforce names, or change that field's mapping direction to "into the app only", then retry.`
	}
	formulas := true
	for _, name := range x.fields {
		if f := x.field(name); f == nil || !f.Calculated {
			formulas = false
		}
	}
	if formulas {
		return fmt.Sprintf("%s %s computed by Salesforce (a formula), so nobody can write to %s.", x.names(), plural(len(x.fields), "is", "are"), plural(len(x.fields), "it", "them")),
			fmt.Sprintf(`Change the mapping direction of %s to "into the app only" so sfbridge only reads %s.`, x.names(), plural(len(x.fields), "it", "them"))
	}
	cause = fmt.Sprintf("The connected Salesforce user may not %s %s on %s: %s hidden or read-only for them (field-level security).", x.verb(), x.names(), x.object(), plural(len(x.fields), "it is", "they are"))
	fix = fmt.Sprintf(`Give the integration user's profile or a permission set Edit access on %s (Setup > Object Manager > %s > Fields & Relationships > %s > Set Field-Level Security), or change the mapping direction of %s to "into the app only", then retry.`, x.names(), x.wc.Object, x.label(x.fields[0]), plural(len(x.fields), "that field", "those fields"))
	return cause, fix
}

// invalidField explains a field Salesforce does not know: the describe
// is the connected user's view, so a field sent that is missing from it
// is hidden from them or gone.
func (x *explainer) invalidField() (cause, fix string) {
	if len(x.fields) == 0 && x.wc.Describe != nil {
		for _, name := range x.sentFields() {
			if x.field(name) == nil {
				x.fields = append(x.fields, name)
			}
		}
	}
	cause = fmt.Sprintf("Salesforce does not know %s on %s for the connected user: the field was deleted or renamed, or field-level security hides it from them.%s", x.names(), x.object(), x.says())
	fix = fmt.Sprintf(`If %s still exists, give the integration user's profile or a permission set Edit access on it, or change its mapping direction to "into the app only"; if it was deleted or renamed, fix or remove its mapping. Then retry.`, x.names())
	return cause, fix
}

// insufficientAccess explains a write the user's permissions forbid: on
// fields when Salesforce names them, else on the object or the record.
func (x *explainer) insufficientAccess() (cause, fix string) {
	if len(x.fields) > 0 {
		return x.readOnlyField()
	}
	perm := map[string]string{"create": "Create", "update": "Edit", "delete": "Delete", "upsert": "Create and Edit"}[x.wc.Op]
	if perm == "" {
		perm = "Edit"
	}
	cause = fmt.Sprintf("The connected Salesforce user may not %s this %s record: their profile and permission sets lack %s on %s, or the record is not shared with them with edit access.%s", x.verb(), x.object(), perm, x.wc.Object, x.says())
	fix = fmt.Sprintf(`Give the integration user's profile or a permission set %s on %s and make sure the record is shared with them (they own it, or a sharing rule gives them edit access); if sfbridge should not write %s records, set the object's mapping direction to "into the app only".`, perm, x.wc.Object, x.wc.Object)
	return cause, fix
}

// crossReferenceAccess explains a reference to a record the user may not
// see or use (a lookup, the owner).
func (x *explainer) crossReferenceAccess() (cause, fix string) {
	x.guessFields(func(f *salesforce.Field) bool { return len(f.ReferenceTo) > 0 })
	field := x.firstField()
	if field == "" {
		return fmt.Sprintf("This %s record refers to another Salesforce record that the connected user may not see or use.%s", x.object(), x.says()),
			"Share the referenced record with the integration user (or give their profile or a permission set access to its object), or change the app record so it refers to a record they can access, then retry."
	}
	cause = fmt.Sprintf("%s points to %sa record the connected Salesforce user may not see or use: it is not shared with them, or their profile gives no access to its object.", x.name(field), x.sentID(field))
	fix = fmt.Sprintf(`Share that record with the integration user (or give their profile or a permission set access to %s records), or change %s on this app record to a record they can access; if sfbridge should not write %s, change its mapping direction to "into the app only". Then retry.`, referenceNames(x.field(field)), x.fromApp(), x.name(field))
	return cause, fix
}

// referenceNames names the objects a reference field points to.
func referenceNames(f *salesforce.Field) string {
	if f == nil || len(f.ReferenceTo) == 0 {
		return "the referenced"
	}
	return joinAnd(f.ReferenceTo)
}

// duplicatesDetected explains a duplicate rule's block; the caller
// offers the matched records as link candidates.
func (x *explainer) duplicatesDetected() (cause, fix string) {
	matched := "an existing record"
	if ids := x.e.MatchedIDs; len(ids) > 0 {
		matched = fmt.Sprintf("%d existing %s (%s)", len(ids), plural(len(ids), "record", "records"), strings.Join(ids, ", "))
	}
	cause = fmt.Sprintf("A duplicate rule in Salesforce matched this %s record to %s and blocked the %s.%s", x.object(), matched, x.verb(), x.says())
	if x.wc.Op == "update" {
		return cause, "Merge the records in Salesforce, or change the duplicate rule's action to Allow for the integration user, then retry."
	}
	fix = "Link the app record to the existing Salesforce record instead of creating a new one (sfbridge offers the matches as link candidates), or merge the records in Salesforce, or change the duplicate rule's action to Allow for the integration user."
	return cause, fix
}

// duplicateValue explains a unique field's value another record has.
func (x *explainer) duplicateValue() (cause, fix string) {
	x.guessFields(func(f *salesforce.Field) bool { return f.Unique })
	if len(x.fields) == 0 {
		return fmt.Sprintf("A field of %s that must be unique already has the value sent on another record.%s", x.object(), x.says()),
			"Change that value on this app record to one no other Salesforce record has, or link this app record to the Salesforce record that has it, then retry."
	}
	field := x.firstField()
	cause = fmt.Sprintf("%s must be unique on %s, and another record already has %s.%s", x.name(field), x.object(), x.sentValue(field), x.says())
	fix = fmt.Sprintf("Change %s on this app record to a value no other %s record has, or link this app record to the Salesforce record that already has it, then retry.", x.fromApp(), x.wc.Object)
	return cause, fix
}

// duplicateExternalID explains an external id value on several records.
func (x *explainer) duplicateExternalID() (cause, fix string) {
	x.guessFields(func(f *salesforce.Field) bool { return f.ExternalID })
	field := x.firstField()
	if field == "" {
		return fmt.Sprintf("The external ID value sent matches more than one %s record, so Salesforce cannot tell which to update.%s", x.object(), x.says()),
			"Remove the duplicates in Salesforce (merge the records, or clear the external ID on all but one), then retry."
	}
	cause = fmt.Sprintf("The external ID %s value %s matches more than one %s record, so Salesforce cannot tell which to update.", x.name(field), x.sentValue(field), x.object())
	fix = fmt.Sprintf("Remove the duplicates in Salesforce (merge the records, or clear %s on all but one), then retry.", x.name(field))
	return cause, fix
}

// stringTooLong gives the field's length and the value's.
func (x *explainer) stringTooLong() (cause, fix string) {
	x.guessFields(func(f *salesforce.Field) bool {
		v, _ := x.sent(f.Name)
		s, ok := v.(string)
		return ok && f.Length > 0 && utf8.RuneCountInString(s) > f.Length
	})
	field := x.firstField()
	if field == "" {
		return fmt.Sprintf("A text value sent is longer than its %s field allows.%s", x.object(), x.says()),
			"Shorten the value on this app record, or ask the Salesforce admin to make the field longer, then retry."
	}
	limit := "fewer characters"
	if f := x.field(field); f != nil && f.Length > 0 {
		limit = fmt.Sprintf("%d characters or fewer", f.Length)
		cause = fmt.Sprintf("%s holds at most %d characters", x.name(field), f.Length)
	} else {
		cause = fmt.Sprintf("%s holds fewer characters than were sent", x.name(field))
	}
	v, _ := x.sent(field)
	if s, ok := v.(string); ok {
		cause += fmt.Sprintf(", and the value sent%s has %d", x.fromAppSuffix(field), utf8.RuneCountInString(s))
	}
	cause += "."
	fix = fmt.Sprintf("Shorten %s on this app record to %s, or ask the Salesforce admin to make %s longer, then retry.", x.fromApp(), limit, x.name(field))
	return cause, fix
}

// fromAppSuffix says which app field a value came from: ` (from app
// field "notes")`, or "".
func (x *explainer) fromAppSuffix(field string) string {
	if app, ok := x.mapped(field); ok {
		return fmt.Sprintf(" (from app field %q)", app)
	}
	return ""
}

// invalidEmail names the address refused.
func (x *explainer) invalidEmail() (cause, fix string) {
	x.guessFields(func(f *salesforce.Field) bool {
		v, _ := x.sent(f.Name)
		return f.Type == "email" && !isEmpty(v)
	})
	field := x.firstField()
	if field == "" {
		return fmt.Sprintf("An email address sent on this %s record is not one Salesforce accepts.%s", x.object(), x.says()),
			"Correct the address on this app record to a complete one such as name@example.com, then retry."
	}
	cause = fmt.Sprintf("%s is not an email address Salesforce accepts for %s.", x.sentValue(field), x.name(field))
	fix = fmt.Sprintf("Correct %s on this app record to a complete address such as name@example.com, or clear it, then retry.", x.fromApp())
	return cause, fix
}

// numberOutOfRange gives the digits the field takes.
func (x *explainer) numberOutOfRange() (cause, fix string) {
	x.guessFields(func(f *salesforce.Field) bool {
		v, _ := x.sent(f.Name)
		return tooManyDigits(f, v)
	})
	field := x.firstField()
	if field == "" {
		return fmt.Sprintf("A number sent on this %s record is too large for its field.%s", x.object(), x.says()),
			"Change the number on this app record to one the field takes, or ask the Salesforce admin to widen the field, then retry."
	}
	limit := "numbers that large"
	if f := x.field(field); f != nil {
		switch {
		case f.Precision > 0:
			limit = fmt.Sprintf("numbers of up to %d digits before the decimal point (and %d after)", f.Precision-f.Scale, f.Scale)
		case f.Digits > 0:
			limit = fmt.Sprintf("whole numbers of up to %d digits", f.Digits)
		}
	}
	cause = fmt.Sprintf("%s takes %s, and the record sent %s.", x.name(field), limit, x.sentValue(field))
	if limit == "numbers that large" {
		cause = fmt.Sprintf("%s does not take %s, which the record sent.", x.name(field), x.sentValue(field))
	}
	fix = fmt.Sprintf("Change %s on this app record to a number in range, or ask the Salesforce admin to allow more digits in %s, then retry.", x.fromApp(), x.name(field))
	return cause, fix
}

// tooManyDigits reports whether a number has more digits before the
// decimal point than the field takes.
func tooManyDigits(f *salesforce.Field, v any) bool {
	var n float64
	switch v := v.(type) {
	case float64:
		n = v
	case int:
		n = float64(v)
	case int64:
		n = float64(v)
	case json.Number:
		var err error
		if n, err = v.Float64(); err != nil {
			return false
		}
	default:
		return false
	}
	digits := f.Digits
	if f.Precision > 0 {
		digits = f.Precision - f.Scale
	}
	return digits > 0 && math.Abs(n) >= math.Pow10(digits)
}

// badReference explains an id that is malformed or points nowhere the
// connected user can see.
func (x *explainer) badReference() (cause, fix string) {
	malformed := x.e.ErrorCode == "MALFORMED_ID"
	x.guessFields(func(f *salesforce.Field) bool {
		v, _ := x.sent(f.Name)
		return len(f.ReferenceTo) > 0 && !isEmpty(v)
	})
	field := x.firstField()
	switch {
	case field == "" && malformed:
		return fmt.Sprintf("An id sent for this %s record is not a valid Salesforce record id.%s", x.object(), x.says()),
			"If it is the record's own id, unlink the app record so sfbridge finds or creates its Salesforce record again; if it is a reference, correct it on the app record. Then retry."
	case field == "":
		return fmt.Sprintf("This %s record refers to a Salesforce record that does not exist or that the connected user cannot see.%s", x.object(), x.says()),
			"Correct the reference on the app record (sync the referenced app record to Salesforce first, so it has a link), or share the referenced record with the integration user, then retry."
	case malformed:
		cause = fmt.Sprintf("%s must hold a Salesforce record id (15 or 18 characters), and the record sent %s.", x.name(field), x.sentValue(field))
		fix = fmt.Sprintf("Correct %s on this app record so it refers to a record sfbridge has synced, or leave it empty, then retry.", x.fromApp())
	default:
		cause = fmt.Sprintf("%s points to %sbut no %s record with that id exists that the connected Salesforce user can see: it was never created, was deleted, or is not shared with them.", x.name(field), x.sentID(field), referenceNames(x.field(field)))
		fix = fmt.Sprintf("Point %s at an existing record (sync the referenced app record to Salesforce first, so it has a link), or share the referenced record with the integration user, then retry.", x.fromApp())
	}
	return cause, fix
}

// deleted explains a write to, or a reference to, a deleted record.
func (x *explainer) deleted() (cause, fix string) {
	if field := x.firstField(); field != "" {
		cause = fmt.Sprintf("%s points to %sa record that has been deleted in Salesforce.", x.name(field), x.sentID(field))
		fix = fmt.Sprintf("Restore that record from the Salesforce Recycle Bin, or change %s on this app record to a record that exists, then retry.", x.fromApp())
		return cause, fix
	}
	if x.wc.Op == "delete" {
		return fmt.Sprintf("The %s record linked to this app record was already deleted in Salesforce.", x.object()),
			"Nothing to do: the record is gone, as the app wanted."
	}
	cause = fmt.Sprintf("The %s record linked to this app record has been deleted in Salesforce (it is in the Recycle Bin, or gone), so it cannot be written to.", x.object())
	fix = "Restore it from the Salesforce Recycle Bin, or unlink the app record so sfbridge creates a new Salesforce record for it, then retry."
	return cause, fix
}

// automationFailed quotes the failing trigger's or flow's message.
func (x *explainer) automationFailed() (cause, fix string) {
	cause = fmt.Sprintf("An Apex trigger, flow or process that runs when a %s record is saved failed, so Salesforce did not save this one. Its message: %s.", x.object(), quoteMessage(x.e.Message))
	fix = "If the message names a value the record breaks, change the app record; otherwise send the message to whoever maintains that automation in Salesforce so they can fix it, then retry."
	return cause, fix
}

// fieldIntegrity explains a value inconsistent with the field's setup.
func (x *explainer) fieldIntegrity() (cause, fix string) {
	what := "a value sent"
	if field := x.firstField(); field != "" {
		what = fmt.Sprintf("the value %s sent for %s", x.sentValue(field), x.name(field))
	}
	cause = fmt.Sprintf("Salesforce found %s inconsistent with the field's setup or the rest of this %s record: a lookup to the wrong kind of record, a dependent picklist value that does not go with its controlling value, or a value a lookup filter excludes.%s",
		what, x.object(), x.says())
	fix = fmt.Sprintf("Change %s on this app record to a value that fits what Salesforce says, or ask the Salesforce admin to relax the lookup filter or picklist dependency, then retry.", x.fromApp())
	return cause, fix
}

// invalidType explains an object the connected user cannot use.
func (x *explainer) invalidType() (cause, fix string) {
	cause = fmt.Sprintf("Salesforce does not offer the object %s to the connected user: it was deleted or renamed, or their profile and permission sets give no access to it.%s", x.object(), x.says())
	fix = fmt.Sprintf("Give the integration user's profile or a permission set access to %s (Read, Create and Edit), or fix the object mapping if the object was renamed, then retry.", x.wc.Object)
	return cause, fix
}

// serverError explains Salesforce's own failure.
func (x *explainer) serverError() (cause, fix string) {
	code := x.e.ErrorCode
	if code == "" {
		code = fmt.Sprintf("HTTP %d", x.e.StatusCode)
	}
	cause = fmt.Sprintf("Salesforce failed on its side (%s) while saving this %s record.%s", code, x.object(), x.says())
	fix = "Nothing to do: sfbridge retries automatically. If the same record keeps failing, report Salesforce's message to Salesforce Support."
	return cause, fix
}

// unknownCode quotes what Salesforce said about a code not known here.
func (x *explainer) unknownCode() (cause, fix string) {
	code := x.e.ErrorCode
	if code == "" {
		code = fmt.Sprintf("HTTP %d", x.e.StatusCode)
	}
	cause = fmt.Sprintf("Salesforce refused to %s this %s record (%s): %s.", x.verb(), x.object(), code, quoteMessage(x.e.Message))
	if len(x.fields) > 0 {
		cause += " It is about " + x.names() + "."
	}
	fix = fmt.Sprintf("Look up %s in Salesforce's API documentation and correct the app record or the Salesforce setup it points to, then retry.", code)
	return cause, fix
}

// explainer builds the sentences of one explanation.
type explainer struct {
	wc WriteContext
	e  *salesforce.APIError
	// fields are the fields the failure is about: Salesforce's, or found
	// in what was sent when Salesforce did not say.
	fields []string
}

// field returns the describe of the Salesforce field name, or nil.
func (x *explainer) field(name string) *salesforce.Field {
	if x.wc.Describe == nil {
		return nil
	}
	return x.wc.Describe.Field(name)
}

// object names the object by label and API name.
func (x *explainer) object() string {
	obj := x.wc.Object
	if obj == "" {
		obj = "Salesforce"
	}
	if d := x.wc.Describe; d != nil && d.Label != "" && d.Label != obj {
		return fmt.Sprintf("%s (%s)", d.Label, obj)
	}
	return obj
}

// name names a field by label and API name: "Last Name" (LastName).
func (x *explainer) name(field string) string {
	if f := x.field(field); f != nil && f.Label != "" && f.Label != field {
		return fmt.Sprintf("%q (%s)", f.Label, field)
	}
	return field
}

// names names the failure's fields, or says Salesforce named none.
func (x *explainer) names() string {
	if len(x.fields) == 0 {
		return "a field Salesforce did not name"
	}
	out := make([]string, len(x.fields))
	for i, f := range x.fields {
		out[i] = x.name(f)
	}
	return joinAnd(out)
}

// appFields names the app fields mapped to the failure's fields, and
// reports whether any is mapped.
func (x *explainer) appFields() (string, bool) {
	var out []string
	for _, f := range x.fields {
		if app, ok := x.mapped(f); ok {
			out = append(out, strconv.Quote(app))
		}
	}
	return joinAnd(out), len(out) > 0
}

// mapped returns the app field mapped to the Salesforce field.
func (x *explainer) mapped(field string) (string, bool) {
	for sf, app := range x.wc.Mapped {
		if strings.EqualFold(sf, field) {
			return app, true
		}
	}
	return "", false
}

// sent returns the value sent for the Salesforce field.
func (x *explainer) sent(field string) (any, bool) {
	for sf, v := range x.wc.Sent {
		if strings.EqualFold(sf, field) {
			return v, true
		}
	}
	return nil, false
}

// sentValue describes the value sent for a field and where it came from:
// `"abc" (from app field "name")`.
func (x *explainer) sentValue(field string) string {
	v, _ := x.sent(field)
	s := formatValue(v)
	if app, ok := x.mapped(field); ok {
		s += fmt.Sprintf(" (from app field %q)", app)
	}
	return s
}

// sentID shows the id sent for a reference field, followed by a comma
// (`"001…" (from app field "company"), `), or "" when none was sent.
func (x *explainer) sentID(field string) string {
	if v, _ := x.sent(field); isEmpty(v) {
		return ""
	}
	return x.sentValue(field) + ", "
}

// fromApp says which app field to change: `app field "email"`, or the
// Salesforce field when no app field is mapped to it.
func (x *explainer) fromApp() string {
	if apps, ok := x.appFields(); ok {
		return "app field " + apps
	}
	return "the value of " + x.names()
}

// guessFields fills in the failure's fields, when Salesforce named none,
// with the fields sent that match: only when exactly one does, so a
// guess never points at the wrong field.
func (x *explainer) guessFields(match func(*salesforce.Field) bool) {
	if len(x.fields) > 0 || x.wc.Describe == nil {
		return
	}
	var found []string
	for name := range x.wc.Sent {
		if f := x.field(name); f != nil && match(f) {
			found = append(found, f.Name)
		}
	}
	if len(found) == 1 {
		x.fields = found
	}
}

// readOnlyFor returns the fields the describe shows the connected user
// cannot write with the write's operation.
func (x *explainer) readOnlyFor(fields []string) []string {
	var out []string
	for _, name := range fields {
		f := x.field(name)
		if f == nil {
			continue
		}
		var writable bool
		switch x.wc.Op {
		case "create":
			writable = f.Createable
		case "update":
			writable = f.Updateable
		case "upsert":
			writable = f.Createable || f.Updateable
		default:
			writable = true
		}
		if !writable {
			out = append(out, f.Name)
		}
	}
	return out
}

// firstField returns the first field the failure is about, or "".
func (x *explainer) firstField() string {
	if len(x.fields) == 0 {
		return ""
	}
	return x.fields[0]
}

// says quotes Salesforce's message as a sentence, or returns "".
func (x *explainer) says() string {
	if strings.TrimSpace(x.e.Message) == "" {
		return ""
	}
	return " Salesforce says: " + quoteMessage(x.e.Message) + "."
}

// verb is the write as a verb: "create", "update", "delete".
func (x *explainer) verb() string {
	switch x.wc.Op {
	case "create", "update", "delete":
		return x.wc.Op
	case "upsert":
		return "create or update"
	}
	return "write"
}

// formatValue shows a value sent: strings quoted and cut short, numbers
// without exponents.
func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "an empty value"
	case string:
		if strings.TrimSpace(v) == "" {
			return "an empty value"
		}
		if utf8.RuneCountInString(v) > maxQuotedValueLength {
			r := []rune(v)
			return strconv.Quote(string(r[:maxQuotedValueLength])) + "…"
		}
		return strconv.Quote(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(v), 'f', -1, 32)
	}
	return fmt.Sprint(v)
}

// isEmpty reports whether a value sent leaves a field empty.
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		return len(v) == 0
	}
	return false
}

// quoteMessage quotes a message of Salesforce's (or of an automation's)
// as it is, so the admin reads its own words.
func quoteMessage(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return "(no message)"
	}
	return `"` + msg + `"`
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// quoteList quotes values, listing at most maxListedValues of them.
func quoteList(values []string) string {
	n := min(len(values), maxListedValues)
	out := make([]string, n, n+1)
	for i, v := range values[:n] {
		out[i] = strconv.Quote(v)
	}
	if len(values) > n {
		out = append(out, fmt.Sprintf("%d more", len(values)-n))
	}
	return strings.Join(out, ", ")
}

// sentFields returns the names of the fields sent, sorted.
func (x *explainer) sentFields() []string {
	out := make([]string, 0, len(x.wc.Sent))
	for name := range x.wc.Sent {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// plural picks one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// label returns a field's label, as Salesforce Setup lists it, or its
// API name.
func (x *explainer) label(field string) string {
	if f := x.field(field); f != nil && f.Label != "" {
		return f.Label
	}
	return field
}
