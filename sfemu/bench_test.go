package sfemu

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchContacts is the data size the targets are stated for.
const benchContacts = 100_000

// loadContacts fills an org with n realistic Contacts under 300 Accounts.
func loadContacts(tb testing.TB, srv *Server, n int) {
	tb.Helper()
	o := srv.org
	o.mu.Lock()
	defer o.mu.Unlock()
	t := o.begin()
	opt := writeOptions{system: true}
	var accounts []string
	for i := 0; i < 300; i++ {
		r, err := t.create(o.object("Account"), map[string]any{"Name": fmt.Sprintf("Account %03d", i), "Industry": "Energy"}, opt)
		if err != nil {
			tb.Fatal(err)
		}
		accounts = append(accounts, r.id)
	}
	first := []string{"Ada", "Alan", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis"}
	for i := 0; i < n; i++ {
		f := first[i%len(first)]
		last := "Surname" + strconv.Itoa((i*7919)%n)
		_, err := t.create(o.object("Contact"), map[string]any{
			"FirstName":   f,
			"LastName":    last,
			"Email":       strings.ToLower(f) + "." + strings.ToLower(last) + "@example.com",
			"Phone":       fmt.Sprintf("(555) 01%02d-%04d", i%100, i%10000),
			"Title":       "Engineer",
			"MailingCity": "Springfield",
			"AccountId":   accounts[i%len(accounts)],
			"LeadSource":  "Web",
		}, opt)
		if err != nil {
			tb.Fatal(err)
		}
	}
	// Loading is not a transaction anyone rolls back.
	t.undo = nil
}

// pageQuery runs a query through HTTP and follows nextRecordsUrl to the
// end, decoding every page as a Go client would. It returns the records seen.
func pageQuery(tb testing.TB, client *http.Client, base, token, soql string) int {
	tb.Helper()
	next := "/services/data/v59.0/query?q=" + url.QueryEscape(soql)
	seen := 0
	for next != "" {
		req, _ := http.NewRequestWithContext(context.Background(), "GET", base+next, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		var page struct {
			Done           bool              `json:"done"`
			NextRecordsURL string            `json:"nextRecordsUrl"`
			Records        []json.RawMessage `json:"records"`
		}
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			tb.Fatalf("page: %d %v", res.StatusCode, err)
		}
		seen += len(page.Records)
		next = page.NextRecordsURL
	}
	return seen
}

// BenchmarkQueryPaging pages 100,000 Contacts through query and
// nextRecordsUrl over HTTP. Target: >= 150,000 records/s.
func BenchmarkQueryPaging(b *testing.B) {
	srv, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	loadContacts(b, srv, benchContacts)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	token := srv.Credentials().AccessToken
	soql := "SELECT Id, FirstName, LastName, Email, Phone, Title, AccountId, CreatedDate, SystemModstamp FROM Contact"
	b.ResetTimer()
	start := time.Now()
	total := 0
	for i := 0; i < b.N; i++ {
		total += pageQuery(b, hs.Client(), hs.URL, token, soql)
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "records/s")
	if total != benchContacts*b.N {
		b.Fatalf("saw %d records, want %d", total, benchContacts*b.N)
	}
}

// BenchmarkOrderByUnindexed sorts 100,000 Contacts on a text field with no
// index and answers the first page. Target: < 0.5 s per query.
func BenchmarkOrderByUnindexed(b *testing.B) {
	srv, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	loadContacts(b, srv, benchContacts)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	token := srv.Credentials().AccessToken
	q := "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id, LastName, Email FROM Contact ORDER BY Email DESC, LastName")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("GET", hs.URL+q, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := hs.Client().Do(req)
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("query: %v", err)
		}
		res.Body.Close()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/query")
}

// BenchmarkMemorySixCursors loads 100,000 Contacts, opens six query
// cursors over all of them and reports the process's peak RSS. Run it
// alone (-bench MemorySixCursors) so nothing else inflates the figure.
// Target: <= 300 MB.
func BenchmarkMemorySixCursors(b *testing.B) {
	for i := 0; i < b.N; i++ {
		srv, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		loadContacts(b, srv, benchContacts)
		hs := httptest.NewServer(srv)
		token := srv.Credentials().AccessToken
		q := "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id, FirstName, LastName, Email, Phone, AccountId FROM Contact ORDER BY LastName")
		for c := 0; c < 6; c++ {
			req, _ := http.NewRequest("GET", hs.URL+q, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := hs.Client().Do(req)
			if err != nil || res.StatusCode != 200 {
				b.Fatalf("query: %v", err)
			}
			res.Body.Close()
		}
		if n := srv.org.cursors.count(); n != 6 {
			b.Fatalf("%d cursors open, want 6", n)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		b.ReportMetric(peakRSSMB(b), "peak-RSS-MB")
		hs.Close()
	}
}

// peakRSSMB reads the process's high-water resident set size (Linux).
func peakRSSMB(tb testing.TB) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
