package sfemu

import "sync"

// apiLimits counts API requests against the org's daily allocation.
type apiLimits struct {
	mu  sync.Mutex
	max int
	// used counts requests in the current 24-hour window.
	used int
}

// defaultDailyAPIRequests is a Developer Edition org's allocation.
const defaultDailyAPIRequests = 15000

func newAPILimits() *apiLimits { return &apiLimits{max: defaultDailyAPIRequests} }

// setMax sets the daily allocation.
func (l *apiLimits) setMax(max int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.max = max
}

// setUsed sets the usage counter.
func (l *apiLimits) setUsed(used int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.used = used
}

// admit counts a call unless the allocation is used up; ok is false
// then, and the call must be refused.
func (l *apiLimits) admit() (used, max int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.used >= l.max {
		return l.used, l.max, false
	}
	l.used++
	return l.used, l.max, true
}

// usage returns the current usage without counting.
func (l *apiLimits) usage() (used, max int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.used, l.max
}

// limitEntry is one member of the /limits answer.
type limitEntry struct {
	Max       int `json:"Max"`
	Remaining int `json:"Remaining"`
}

// limitsDocument builds the /limits answer for an API version. The daily
// API figures are the live counters; the others are a Developer Edition
// org's allocations. Before v49.0 the Bulk API batch limit was named
// DailyBulkApiRequests.
func (l *apiLimits) limitsDocument(version string) map[string]limitEntry {
	doc := l.limitsByName()
	if !versionAtLeast(version, 49) {
		doc["DailyBulkApiRequests"] = doc["DailyBulkApiBatches"]
		delete(doc, "DailyBulkApiBatches")
	}
	return doc
}

func (l *apiLimits) limitsByName() map[string]limitEntry {
	used, max := l.usage()
	fixed := func(m int) limitEntry { return limitEntry{Max: m, Remaining: m} }
	return map[string]limitEntry{
		"ActiveScratchOrgs":                           fixed(3),
		"AnalyticsExternalDataSizeMB":                 fixed(40960),
		"ConcurrentAsyncGetReportInstances":           fixed(200),
		"ConcurrentEinsteinDataInsightsStoryCreation": fixed(5),
		"ConcurrentSyncReportRuns":                    fixed(20),
		"DailyAnalyticsDataflowJobExecutions":         fixed(60),
		"DailyApiRequests":                            {Max: max, Remaining: max - used},
		"DailyAsyncApexExecutions":                    fixed(250000),
		"DailyAsyncApexTests":                         fixed(500),
		"DailyBulkApiBatches":                         fixed(15000),
		"DailyBulkV2QueryFileStorageMB":               fixed(976562),
		"DailyBulkV2QueryJobs":                        fixed(10000),
		"DailyDeliveredPlatformEvents":                fixed(10000),
		"DailyDurableGenericStreamingApiEvents":       fixed(10000),
		"DailyDurableStreamingApiEvents":              fixed(10000),
		"DailyGenericStreamingApiEvents":              fixed(10000),
		"DailyStandardVolumePlatformEvents":           fixed(10000),
		"DailyStreamingApiEvents":                     fixed(10000),
		"DailyWorkflowEmails":                         fixed(2000),
		"DataStorageMB":                               fixed(5),
		"DurableStreamingApiConcurrentClients":        fixed(20),
		"FileStorageMB":                               fixed(20),
		"HourlyAsyncReportRuns":                       fixed(1200),
		"HourlyDashboardRefreshes":                    fixed(200),
		"HourlyDashboardResults":                      fixed(5000),
		"HourlyDashboardStatuses":                     fixed(999999999),
		"HourlyLongTermIdMapping":                     fixed(100000),
		"HourlyManagedContentPublicRequests":          fixed(50000),
		"HourlyODataCallout":                          fixed(10000),
		"HourlyPublishedPlatformEvents":               fixed(50000),
		"HourlyPublishedStandardVolumePlatformEvents": fixed(50000),
		"HourlyShortTermIdMapping":                    fixed(100000),
		"HourlySyncReportRuns":                        fixed(500),
		"HourlyTimeBasedWorkflow":                     fixed(50),
		"MassEmail":                                   fixed(10),
		"MonthlyEinsteinDiscoveryStoryCreation":       fixed(500),
		"MonthlyPlatformEventsUsageEntitlement":       fixed(10000),
		"Package2VersionCreates":                      fixed(6),
		"Package2VersionCreatesWithoutValidation":     fixed(500),
		"PermissionTypes":                             fixed(0),
		"PrivateConnectOutboundCalloutHourlyLimitMB":  fixed(0),
		"SingleEmail":                                 fixed(15),
		"StreamingApiConcurrentClients":               fixed(20),
	}
}
