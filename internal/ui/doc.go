// Package ui is sfbridge's admin web UI: server-rendered html/template
// pages and embedded static assets, mounted at /ui/ beside the API.
//
// A person reaches it through a short-lived signed link that the host
// product mints for one workspace ([Handler.Mint], behind the API's
// POST /v1/workspaces/{ws}/ui-sessions). Opening the link sets a signed
// session cookie scoped to /ui and to that workspace; every page then
// reads and changes only that workspace's connections.
//
// Every answer carries a strict Content-Security-Policy (no inline
// script or style: the CSS and JS are static files), nosniff, a
// same-origin referrer policy and frame-ancestors 'none'. Every POST
// needs the session's CSRF token (an HMAC of the session's nonce) in a
// hidden form field, and cross-origin browser POSTs are refused
// outright.
package ui
