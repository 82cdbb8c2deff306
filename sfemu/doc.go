// Package sfemu is an emulated Salesforce org: an [http.Handler] that
// answers the REST API the way a real org does, for demos and for tests of
// code that talks to Salesforce. Real clients (jsforce, the sf CLI, Go
// clients) use it unchanged; the repository's e2e suite checks that.
//
// Start one in a test with [httptest.NewServer]:
//
//	srv, err := sfemu.New(sfemu.Options{Seed: "demo"})
//	if err != nil {
//		t.Fatal(err)
//	}
//	hs := httptest.NewServer(srv)
//	defer hs.Close()
//	token := srv.Credentials().AccessToken // send as "Authorization: Bearer <token>"
//
// URLs in answers use the host each request came to, so the same Server
// works behind httptest, a real listener or a proxy.
//
// # What it keeps
//
// Schema: the standard objects with realistic describe metadata (field
// types, lengths, picklists, references and relationship names, compound
// Address and Name fields, formula fields), plus custom objects and fields
// created through the Tooling API or Options.SchemaFile.
//
// Records: 18-character ids with Salesforce's checksum, system fields,
// validation with Salesforce's error codes, a recycle bin, optional
// duplicate rules ([Options.DuplicateRules]), validation rules
// ([Server.AddValidationRule], with the error condition written as a SOQL
// WHERE condition) and Lead and Case assignment rules
// ([Server.AddAssignmentRule], entries written the same way, chosen per
// request by the Sforce-Auto-Assign header). Records are immutable
// versions: a write stores a new version, so a query locator holds a true
// snapshot without copying.
//
// SOQL: parsed by internal/soql and compiled against the schema into
// closures; relationship paths, child subqueries, aggregates, semi-joins
// and date literals are evaluated, and anything unsupported is an error
// that names it.
//
// Bulk API 2.0: ingest jobs (insert, update, upsert, delete, hardDelete
// from CSV in any of Salesforce's delimiters and line endings, saved
// through the same path as the REST API) and query jobs (CSV result
// pages with Sforce-Locator, gzip on request). Job data and results are
// spooled to temporary files once large, so big jobs use bounded memory.
//
// Logins: connected apps (a demo app and the sf CLI's PlatformCLI), users
// with passwords and security tokens, the OAuth 2.0 authorize pages and
// token grants, revoke, userinfo, the identity URL and SOAP login, with
// session timeouts and the per-user approval cap.
//
// # Misbehaving on purpose
//
// [Server.InjectFault] makes matching requests fail with a given status
// and error code, arrive late, or lose their connection mid-response.
// [Server.SetAPIEnabled], [Server.SetDailyAPILimit], [Server.HideField],
// [Server.MakeFieldReadOnly], [Server.AddValidationRule],
// [Server.AddAssignmentRule], [Server.ExpireSessions],
// [Server.RevokeTokens], [Server.SetUserActive] and
// [Server.BumpSystemModstamp] produce the other failures a Salesforce
// integration meets. The same calls are served over HTTP under /__sfemu/,
// guarded by [Server.AdminToken]; GET /__sfemu lists the routes.
//
// # Counting calls
//
// [Server.Stats] counts the requests served by kind (query, query_more,
// collections_update, composite, describe, oauth_token, ...) and the
// faults injected, so a test can assert a call budget:
//
//	srv.ResetStats()
//	runSync(t) // the code under test
//	if n := srv.Stats().Requests["collections_update"]; n > 51 {
//		t.Errorf("10,000 updates took %d collection calls", n)
//	}
//
// GET /__sfemu/stats and POST /__sfemu/stats/reset serve the same over
// HTTP. The counters are atomics, cheap enough to leave on.
//
// # Concurrency
//
// One read-write lock guards an org, so every request is atomic as a
// Salesforce transaction is; Composite requests hold it across their
// subrequests and roll back as one.
package sfemu
