package sfemu

import (
	"net/url"
	"strings"
	"testing"
)

func TestAuthorizeAs(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{CallbackURLs: []string{"https://app.example/cb"}})
	creds := b.srv.Credentials()
	q := url.Values{"response_type": {"code"}, "client_id": {creds.ClientID}, "redirect_uri": {"https://app.example/cb"}, "state": {"s1"}}
	authURL := b.http.URL + "/services/oauth2/authorize?" + q.Encode()

	loc, err := AuthorizeAs(t.Context(), b.http.Client(), authURL, creds.Username, creds.Password)
	if err != nil {
		t.Fatal(err)
	}
	if loc.Host != "app.example" || loc.Query().Get("state") != "s1" || loc.Query().Get("code") == "" {
		t.Fatalf("redirect %s", loc)
	}
	form := "grant_type=authorization_code&code=" + url.QueryEscape(loc.Query().Get("code")) + "&client_id=" + url.QueryEscape(creds.ClientID) +
		"&client_secret=" + creds.ClientSecret + "&redirect_uri=" + url.QueryEscape("https://app.example/cb")
	res := b.do(t, "POST", "/services/oauth2/token", form, "Content-Type", "application/x-www-form-urlencoded")
	if res.status != 200 || !strings.Contains(string(res.body), `"refresh_token"`) {
		t.Fatalf("exchanging the code: %d %s", res.status, res.body)
	}

	if _, err := AuthorizeAs(t.Context(), nil, authURL, creds.Username, "wrong"); err == nil || !strings.Contains(err.Error(), "authorizing as") {
		t.Fatalf("wrong password: %v", err)
	}
	bad := strings.Replace(authURL, url.QueryEscape(creds.ClientID), "nope", 1)
	if _, err := AuthorizeAs(t.Context(), nil, bad, creds.Username, creds.Password); err == nil {
		t.Fatal("unknown client accepted")
	}
}
