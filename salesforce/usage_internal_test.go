package salesforce

import "testing"

func TestParseLimitInfo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want Usage
		ok   bool
	}{
		{"plain", "api-usage=25/15000", Usage{25, 15000}, true},
		{"per app segment after", "api-usage=25/15000, per-app-api-usage=2/250(appName=x)", Usage{25, 15000}, true},
		{"per app segment before", "per-app-api-usage=2/250(appName=x),api-usage=7/100", Usage{7, 100}, true},
		{"empty", "", Usage{}, false},
		{"garbage", "api-usage=lots", Usage{}, false},
		{"negative", "api-usage=-1/5", Usage{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := parseLimitInfo(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("parseLimitInfo(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
