package sfemu

import (
	"net/http"
	"sync/atomic"
)

// Stats counts the API requests a Server served, so a test can assert a
// call budget ("10,000 updates cost at most 51 collection calls").
//
// A request is counted once it reaches a handler: for the REST API and
// the identity endpoints that is after its session and the org's limits
// admitted it, so a request refused with INVALID_SESSION_ID or
// REQUEST_LIMIT_EXCEEDED is not counted, while one that fails on a
// record (a validation error, a missing id) is. Composite subrequests are
// part of their Composite request and are not counted on their own, as
// Salesforce's API usage does not count them. The admin API under
// /__sfemu is never counted.
//
// The kinds are: query (the first page of query and queryAll),
// query_more (continuation pages), sobject_create, sobject_read,
// sobject_update, sobject_upsert, sobject_delete, collections_create
// (POST composite/sobjects), collections_update (PATCH
// composite/sobjects), collections_upsert (PATCH
// composite/sobjects/{object}/{externalIdField}), collections_delete,
// collections_retrieve, composite, composite_batch, describe (of one
// object, and GET sobjects/{object}), describe_global, limits,
// replication (sobjects/{object}/updated and /deleted), tooling,
// bulk_ingest (Bulk API 2.0 ingest job calls: create, info, close,
// abort, delete, list), bulk_ingest_upload (PUT of CSV data),
// bulk_ingest_results (successfulResults, failedResults,
// unprocessedrecords), bulk_query (query job calls), bulk_query_results
// (pages of a query job's results), oauth_token and other (everything else: versions, resources,
// userinfo, identity, SOAP login, the authorize pages, revoke).
type Stats struct {
	// Requests counts requests by kind; every kind is present.
	Requests map[string]int64 `json:"requests"`
	// Total is the sum of Requests.
	Total int64 `json:"total"`
	// Faults counts requests an injected fault affected (failed, delayed,
	// cut or dropped). A request that a fault failed or cut never reached
	// a handler and is in Faults only; one that was only delayed, or
	// carried out and then dropped, is in Requests too.
	Faults int64 `json:"faults"`
}

// statKind is a kind of request Stats counts.
type statKind uint8

const (
	statQuery statKind = iota
	statQueryMore
	statSObjectCreate
	statSObjectRead
	statSObjectUpdate
	statSObjectUpsert
	statSObjectDelete
	statCollectionsCreate
	statCollectionsUpdate
	statCollectionsUpsert
	statCollectionsDelete
	statCollectionsRetrieve
	statComposite
	statCompositeBatch
	statDescribe
	statDescribeGlobal
	statLimits
	statReplication
	statTooling
	statBulkIngest
	statBulkIngestUpload
	statBulkIngestResults
	statBulkQuery
	statBulkQueryResults
	statOAuthToken
	statOther
	numStatKinds
)

// statKindNames are the kinds' names in Stats.Requests.
var statKindNames = [numStatKinds]string{
	statQuery:               "query",
	statQueryMore:           "query_more",
	statSObjectCreate:       "sobject_create",
	statSObjectRead:         "sobject_read",
	statSObjectUpdate:       "sobject_update",
	statSObjectUpsert:       "sobject_upsert",
	statSObjectDelete:       "sobject_delete",
	statCollectionsCreate:   "collections_create",
	statCollectionsUpdate:   "collections_update",
	statCollectionsUpsert:   "collections_upsert",
	statCollectionsDelete:   "collections_delete",
	statCollectionsRetrieve: "collections_retrieve",
	statComposite:           "composite",
	statCompositeBatch:      "composite_batch",
	statDescribe:            "describe",
	statDescribeGlobal:      "describe_global",
	statLimits:              "limits",
	statReplication:         "replication",
	statTooling:             "tooling",
	statBulkIngest:          "bulk_ingest",
	statBulkIngestUpload:    "bulk_ingest_upload",
	statBulkIngestResults:   "bulk_ingest_results",
	statBulkQuery:           "bulk_query",
	statBulkQueryResults:    "bulk_query_results",
	statOAuthToken:          "oauth_token",
	statOther:               "other",
}

// requestStats holds the counters. They are atomics, not a map under a
// mutex, so counting costs a query page nothing measurable.
type requestStats struct {
	requests [numStatKinds]atomic.Int64
	faults   atomic.Int64
}

func (s *requestStats) count(k statKind) { s.requests[k].Add(1) }

// Stats returns the request statistics gathered since the Server started
// or since the last ResetStats.
func (s *Server) Stats() Stats {
	out := Stats{Requests: make(map[string]int64, numStatKinds), Faults: s.stats.faults.Load()}
	for k := range numStatKinds {
		n := s.stats.requests[k].Load()
		out.Requests[statKindNames[k]] = n
		out.Total += n
	}
	return out
}

// ResetStats sets every request statistic to zero, e.g. between the
// setup and the measured part of a test.
func (s *Server) ResetStats() {
	for k := range numStatKinds {
		s.stats.requests[k].Store(0)
	}
	s.stats.faults.Store(0)
}

// dataKind classifies a request under /services/data/vXX.X by its method
// and the path segments after the version.
func dataKind(method string, p []string) statKind {
	if len(p) == 0 || (len(p) == 1 && p[0] == "") {
		return statOther
	}
	read := method == http.MethodGet || method == http.MethodHead
	switch p[0] {
	case "query", "queryAll":
		if len(p) == 2 {
			return statQueryMore
		}
		return statQuery
	case "limits":
		return statLimits
	case "tooling":
		return statTooling
	case "sobjects":
		return sobjectKind(method, read, p[1:])
	case "composite":
		return compositeKind(method, p[1:])
	case "jobs":
		return jobsKind(p[1:])
	}
	return statOther
}

// jobsKind classifies Bulk API 2.0 /jobs/... requests.
func jobsKind(p []string) statKind {
	switch {
	case len(p) == 0:
		return statOther
	case p[0] == "ingest" && len(p) == 3 && p[2] == "batches":
		return statBulkIngestUpload
	case p[0] == "ingest" && len(p) == 3:
		return statBulkIngestResults
	case p[0] == "ingest":
		return statBulkIngest
	case p[0] == "query" && len(p) == 3:
		return statBulkQueryResults
	case p[0] == "query":
		return statBulkQuery
	}
	return statOther
}

// sobjectKind classifies /sobjects[/...] requests.
func sobjectKind(method string, read bool, p []string) statKind {
	switch {
	case len(p) == 0:
		return statDescribeGlobal
	case len(p) == 1 && read:
		return statDescribe
	case len(p) == 1 && method == http.MethodPost:
		return statSObjectCreate
	case len(p) == 2 && p[1] == "describe":
		return statDescribe
	case len(p) == 2 && (p[1] == "updated" || p[1] == "deleted"):
		return statReplication
	case len(p) == 2 && method == http.MethodPost && p[1] == "Id":
		return statSObjectCreate
	case (len(p) == 2 || len(p) == 3) && read:
		return statSObjectRead
	case (len(p) == 2 || len(p) == 3) && method == http.MethodDelete:
		return statSObjectDelete
	case len(p) == 2 && method == http.MethodPatch:
		return statSObjectUpdate
	case len(p) == 3 && (method == http.MethodPatch || method == http.MethodPost):
		return statSObjectUpsert
	}
	return statOther
}

// compositeKind classifies /composite[/...] requests.
func compositeKind(method string, p []string) statKind {
	switch {
	case len(p) == 0:
		return statComposite
	case len(p) == 1 && p[0] == "batch":
		return statCompositeBatch
	case p[0] != "sobjects":
		return statOther
	case len(p) == 1 && method == http.MethodPost:
		return statCollectionsCreate
	case len(p) == 1 && method == http.MethodPatch:
		return statCollectionsUpdate
	case len(p) == 1 && method == http.MethodDelete:
		return statCollectionsDelete
	case len(p) == 2 && (method == http.MethodGet || method == http.MethodPost):
		return statCollectionsRetrieve
	case len(p) == 3 && method == http.MethodPatch:
		return statCollectionsUpsert
	}
	return statOther
}
