package salesforce_test

import (
	"context"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestVersions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	if got := b.client.APIVersion(); got != salesforce.DefaultAPIVersion {
		t.Fatalf("APIVersion = %s", got)
	}
	vs, err := b.client.Versions(ctx)
	if err != nil || len(vs) == 0 || vs[0].Version != "31.0" {
		t.Fatalf("Versions = %v, %v", vs, err)
	}
	v, err := b.client.UseLatestVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v != vs[len(vs)-1].Version || b.client.APIVersion() != v {
		t.Fatalf("UseLatestVersion = %s, APIVersion %s", v, b.client.APIVersion())
	}
	if got := b.client.Path("sobjects/Account"); got != "/services/data/v"+v+"/sobjects/Account" {
		t.Fatalf("Path = %s", got)
	}
	if _, err := b.client.Limits(ctx); err != nil {
		t.Fatalf("call on the latest version: %v", err)
	}
}
