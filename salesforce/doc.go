// Package salesforce is a client for the Salesforce REST API: records,
// queries, sObject Collections, Composite, describe, limits and the OAuth
// web-server flow. Every call takes a [context.Context] first, closes
// every response body, and reports Salesforce's failures as one typed
// error.
//
// # Connecting
//
// Build a [Client] from a [Config] with the org's instance URL and a
// [TokenSource]. [StaticTokenSource] serves a token obtained elsewhere;
// [OAuthConfig.TokenSource] serves the tokens of an OAuth grant
// ([OAuthConfig.AuthCodeURL] with state and PKCE, then
// [OAuthConfig.Exchange]) and refreshes them.
//
// Salesforce access tokens carry no expiry, so refreshing is reactive: a
// call answered 401 INVALID_SESSION_ID refreshes the token once and is
// repeated once. Concurrent callers share one refresh. A rotated refresh
// token or a new instance URL reaches the callback given to
// [OAuthConfig.TokenSource], to be stored. A refused refresh token
// (invalid_grant) is a [*ReauthorizationError]: a person must connect
// the org again.
//
// # Errors
//
// A Salesforce error answer is an [*APIError] with the HTTP status, the
// errorCode, the message and the fields. Read it with [errors.As], or
// branch on the codes that matter with [errors.Is] and the sentinels:
// [ErrSessionInvalid], [ErrRequestLimit], [ErrRecordLocked],
// [ErrEntityDeleted], [ErrDuplicates], [ErrRequiredFieldMissing],
// [ErrRestrictedPicklist], [ErrInsufficientAccess] and [ErrNotFound].
//
// # Retries
//
// Transient failures — 5xx answers, UNABLE_TO_LOCK_ROW, 429, connection
// resets, answers cut short, timeouts — are retried with exponential
// backoff and full jitter, bounded by [RetryPolicy]. Sleeping and jitter
// are injectable (Config.Sleep, Config.Jitter) so tests never wait.
// Permanent errors are returned at once. Calls that are safe to repeat
// (reads, queries, updates and deletes by id, upserts by external id) are
// retried whatever happened; a create is retried only when the org surely
// did nothing (the request never left, 503, UNABLE_TO_LOCK_ROW). When a
// create was sent and its answer lost, the error is an
// [*OutcomeUnknownError]: the record may exist, and the caller must check
// before creating it again.
//
// # Queries
//
// [Client.Query], [Client.QueryAll] and [QueryAs] return Go 1.23
// iterators ([iter.Seq2]) of records and errors, chosen over a Next/Err
// type because a range loop cannot forget to check the error or to stop
// paging. They fetch one page at a time through nextRecordsUrl, so memory
// does not grow with the result (see BenchmarkQueryStream). Build SOQL
// with the builder and quoting of internal/soql; never paste user values
// into a query.
//
// # API usage
//
// Every answer's Sforce-Limit-Info header updates [Client.Usage];
// [Client.OnUsage] subscribes to it, so a caller can slow down before the
// org's daily allocation runs out. No goroutine is started.
//
// # Per-call options
//
// [Option] values set the headers Salesforce reads on a call:
// [WithDuplicateRule] (Sforce-Duplicate-Rule-Header), [WithAutoAssign]
// and [WithAssignmentRule] (Sforce-Auto-Assign), [WithClientName]
// (Sforce-Call-Options), [WithBatchSize] (Sforce-Query-Options), and the
// call's behaviour: [WithAllOrNone], [WithUpdateOnly].
package salesforce
