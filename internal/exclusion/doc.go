// Package exclusion decides which people and companies already in
// Salesforce the host must not reach out to, from a connection's
// exclusion rules ([store.ExclusionRule]).
//
// Person rules match Contacts (any_contact) and Leads by Status
// (lead_status); company rules match Accounts by Type (account_type) and
// Accounts with an open Opportunity, IsClosed = false
// (open_opportunity); owner rules match Contacts, Leads and Accounts
// owned by given users. A company rule also excludes the people of the
// Account: its Contacts (Contact.AccountId), and any Contact, Lead or
// email address whose domain is the Account's Website domain (the host
// name without "www."; a subdomain is another domain).
//
// Two uses share one evaluation:
//
//   - [Check] answers, for up to [MaxCheckValues] emails, domains and
//     phone numbers, whether each is excluded and by which rule and
//     record. It reads only the candidates from Salesforce, in batches:
//     per object, Email IN (...) lists, Website LIKE '%domain%' and
//     Id IN (...) conditions, each query kept under 12,000 URL-encoded
//     characters (Salesforce refuses URIs over 16,384 bytes with the
//     headers), so a check costs a few queries whatever the number of
//     values.
//   - [Load] builds a [Matcher] once per sync run: it reads the Accounts
//     company rules exclude (Type IN, OwnerId IN, and the Accounts of open
//     Opportunities) and then decides each record the run pulls from its
//     own fields ([Matcher.Fields] lists those it reads).
//
// # Phones
//
// SOQL cannot normalize phone numbers, and Salesforce stores them as
// typed: "(415) 555-0100", "+1 415.555.0100", "4155550100 x12". A check
// normalizes each number to E.164 with libphonenumber (internal/phone)
// and asks for the records whose phone fields hold the last seven digits
// of the number in order, whatever is between them (Phone LIKE
// '%5%5%5%0%1%0%0%'): every way of writing the number matches, and few
// others do. Each candidate's phones are then normalized the same way
// and compared in Go, so only the same number counts. The fields read are
// Contact.Phone, MobilePhone, HomePhone and OtherPhone, Lead.Phone and
// MobilePhone, and Account.Phone. The pattern holds digits and % only,
// built from the normalized number, never from the caller's text.
package exclusion
