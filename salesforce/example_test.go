package salesforce_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// exampleOrg starts an emulated org and a client of it.
func exampleOrg() (*sfemu.Server, *salesforce.Client, func()) {
	srv, err := sfemu.New(sfemu.Options{Seed: "empty"})
	if err != nil {
		panic(err)
	}
	hs := httptest.NewServer(srv)
	c, err := salesforce.New(salesforce.Config{
		InstanceURL: hs.URL,
		TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: srv.Credentials().AccessToken}),
		HTTPClient:  hs.Client(),
	})
	if err != nil {
		panic(err)
	}
	return srv, c, hs.Close
}

func ExampleNew() {
	_, c, done := exampleOrg()
	defer done()
	ctx := context.Background()

	id, err := c.Create(ctx, "Account", map[string]any{"Name": "Acme", "Industry": "Energy"})
	if err != nil {
		panic(err)
	}
	rec, err := c.Get(ctx, "Account", id, []string{"Name", "Industry"})
	if err != nil {
		panic(err)
	}
	fmt.Println(rec.Type(), rec.String("Name"), rec.String("Industry"))
	// Output: Account Acme Energy
}

func ExampleClient_Query() {
	srv, c, done := exampleOrg()
	defer done()
	ctx := context.Background()
	for _, name := range []string{"Globex", "Initech", "Umbrella"} {
		if _, err := srv.Insert(ctx, "Account", map[string]any{"Name": name}); err != nil {
			panic(err)
		}
	}

	// Build the query with internal/soql so user values are quoted.
	q, err := soql.Select("Id", "Name").From("Account").Where(soql.NotEq("Name", "Initech")).OrderBy("Name", soql.Asc).Build()
	if err != nil {
		panic(err)
	}
	for rec, err := range c.Query(ctx, q, salesforce.WithBatchSize(200)) {
		if err != nil {
			panic(err)
		}
		fmt.Println(rec.String("Name"))
	}
	// Output:
	// Globex
	// Umbrella
}

func ExampleQueryAs() {
	srv, c, done := exampleOrg()
	defer done()
	ctx := context.Background()
	if _, err := srv.Insert(ctx, "Contact", map[string]any{"FirstName": "Ada", "LastName": "Lovelace"}); err != nil {
		panic(err)
	}
	type contact struct {
		FirstName string
		LastName  string
	}
	for ct, err := range salesforce.QueryAs[contact](ctx, c, "SELECT FirstName, LastName FROM Contact") {
		if err != nil {
			panic(err)
		}
		fmt.Printf("%+v\n", ct)
	}
	// Output: {FirstName:Ada LastName:Lovelace}
}

func ExampleClient_CreateRecords() {
	_, c, done := exampleOrg()
	defer done()
	ctx := context.Background()

	records := make([]map[string]any, 450) // three calls: 200, 200, 50
	for i := range records {
		records[i] = map[string]any{"Name": fmt.Sprintf("Account %d", i)}
	}
	records[7] = map[string]any{"Website": "example.com"} // no Name
	results, err := c.CreateRecords(ctx, "Account", records)
	if err != nil {
		panic(err)
	}
	saved := 0
	for i, r := range results {
		if err := r.Err(); err != nil {
			fmt.Println("record", i, "failed:", errors.Is(err, salesforce.ErrRequiredFieldMissing))
			continue
		}
		saved++
	}
	fmt.Println(saved, "saved")
	// Output:
	// record 7 failed: true
	// 449 saved
}

func ExampleClient_Upsert() {
	srv, c, done := exampleOrg()
	defer done()
	ctx := context.Background()
	if _, _, err := srv.PutCustomField(ctx, "Account.Ext_Id__c",
		map[string]any{"type": "Text", "label": "Ext Id", "length": 40, "externalId": true}); err != nil {
		panic(err)
	}
	for _, name := range []string{"First", "Second"} {
		res, err := c.Upsert(ctx, "Account", "Ext_Id__c", "app-42", map[string]any{"Name": name})
		if err != nil {
			panic(err)
		}
		fmt.Println("created:", res.Created)
	}
	// Output:
	// created: true
	// created: false
}

func ExampleClient_Composite() {
	_, c, done := exampleOrg()
	defer done()
	ctx := context.Background()
	res, err := c.Composite(ctx, []salesforce.Subrequest{
		{Method: "POST", URL: c.Path("sobjects/Account"), ReferenceID: "acct", Body: map[string]any{"Name": "Parent"}},
		{Method: "POST", URL: c.Path("sobjects/Contact"), ReferenceID: "ct",
			Body: map[string]any{"LastName": "Child", "AccountId": "@{acct.id}"}},
	}, salesforce.WithAllOrNone())
	if err != nil {
		panic(err)
	}
	for _, r := range res {
		fmt.Println(r.ReferenceID, r.StatusCode, r.Err())
	}
	// Output:
	// acct 201 <nil>
	// ct 201 <nil>
}

func ExampleClient_OnUsage() {
	srv, c, done := exampleOrg()
	defer done()
	ctx := context.Background()
	if err := srv.SetAPIUsage(ctx, 14990); err != nil {
		panic(err)
	}
	stop := c.OnUsage(func(u salesforce.Usage) {
		if u.Fraction() > 0.99 {
			fmt.Printf("API budget nearly spent: %d/%d\n", u.Used, u.Max)
		}
	})
	defer stop()
	if _, err := c.Limits(ctx); err != nil {
		panic(err)
	}
	// Output: API budget nearly spent: 14991/15000
}

func ExampleAPIError() {
	_, c, done := exampleOrg()
	defer done()
	_, err := c.Create(context.Background(), "Account", map[string]any{"Website": "example.com"})

	var apiErr *salesforce.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.ErrorCode, apiErr.Fields)
	}
	fmt.Println(errors.Is(err, salesforce.ErrRequiredFieldMissing))
	// Output:
	// 400 REQUIRED_FIELD_MISSING [Name]
	// true
}

func ExampleOAuthConfig_AuthCodeURL() {
	cfg := &salesforce.OAuthConfig{
		LoginURL:    salesforce.MyDomainLoginURL("acme"),
		ClientID:    "3MVG9-consumer-key",
		RedirectURL: "https://app.example.com/salesforce/callback",
		Scopes:      []string{"api", "refresh_token"},
	}
	// Keep state and verifier (in the user's session) for the callback,
	// then call cfg.Exchange(ctx, code, verifier).
	state, verifier := salesforce.NewState(), salesforce.NewVerifier()
	u := cfg.AuthCodeURL(state, verifier)
	fmt.Println(strings.SplitN(u, "?", 2)[0])
	fmt.Println(strings.Contains(u, "code_challenge_method=S256"))
	// Output:
	// https://acme.my.salesforce.com/services/oauth2/authorize
	// true
}
