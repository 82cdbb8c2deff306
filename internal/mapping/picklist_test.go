package mapping_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/salesforce"
)

func pv(value, label string) salesforce.PicklistValue {
	return salesforce.PicklistValue{Value: value, Label: label, Active: true}
}

func TestMatchOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		app          []string
		sf           []salesforce.PicklistValue
		matched      map[string]string
		unmatchedApp []string
		unmatchedSF  []string
	}{
		{
			name:    "exact values",
			app:     []string{"Hot", "Warm", "Cold"},
			sf:      []salesforce.PicklistValue{pv("Hot", "Hot"), pv("Warm", "Warm"), pv("Cold", "Cold")},
			matched: map[string]string{"Hot": "Hot", "Warm": "Warm", "Cold": "Cold"},
		},
		{
			name:    "case-insensitive on value",
			app:     []string{"hot", "WARM"},
			sf:      []salesforce.PicklistValue{pv("Hot", "Hot"), pv("Warm", "Warm")},
			matched: map[string]string{"hot": "Hot", "WARM": "Warm"},
		},
		{
			name:    "by label when the value differs",
			app:     []string{"best case", "Commit"},
			sf:      []salesforce.PicklistValue{pv("BestCase", "Best Case"), pv("Forecast", "Commit")},
			matched: map[string]string{"best case": "BestCase", "Commit": "Forecast"},
		},
		{
			name: "a value match wins over another value's label",
			app:  []string{"Forecast"},
			// "Forecast" is one value's label and another's value.
			sf:          []salesforce.PicklistValue{pv("Pipeline", "Forecast"), pv("Forecast", "Commit")},
			matched:     map[string]string{"Forecast": "Forecast"},
			unmatchedSF: []string{"Pipeline"},
		},
		{
			name:         "unmatched on both sides",
			app:          []string{"Open", "Working", "Lost"},
			sf:           []salesforce.PicklistValue{pv("Open", "Open"), pv("Working - Contacted", "Working - Contacted"), pv("Closed", "Closed")},
			matched:      map[string]string{"Open": "Open"},
			unmatchedApp: []string{"Working", "Lost"},
			unmatchedSF:  []string{"Working - Contacted", "Closed"},
		},
		{
			name:         "each value used once",
			app:          []string{"Hot", "HOT"},
			sf:           []salesforce.PicklistValue{pv("Hot", "Hot")},
			matched:      map[string]string{"Hot": "Hot"},
			unmatchedApp: []string{"HOT"},
		},
		{
			name:        "no app options",
			sf:          []salesforce.PicklistValue{pv("A", "A")},
			matched:     map[string]string{},
			unmatchedSF: []string{"A"},
		},
		{
			name:         "no picklist values",
			app:          []string{"A"},
			matched:      map[string]string{},
			unmatchedApp: []string{"A"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, ua, us := mapping.MatchOptions(tt.app, tt.sf)
			if !maps.Equal(m, tt.matched) {
				t.Errorf("matched = %v, want %v", m, tt.matched)
			}
			if !slices.Equal(ua, tt.unmatchedApp) {
				t.Errorf("unmatchedApp = %q, want %q", ua, tt.unmatchedApp)
			}
			if !slices.Equal(us, tt.unmatchedSF) {
				t.Errorf("unmatchedSF = %q, want %q", us, tt.unmatchedSF)
			}
		})
	}
}
