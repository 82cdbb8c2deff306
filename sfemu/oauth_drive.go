package sfemu

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
)

// Patterns for reading the emulator's own login and consent forms.
var (
	driveFormAction = regexp.MustCompile(`<form[^>]*action="([^"]+)"`)
	driveFormInput  = regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`)
	driveError      = regexp.MustCompile(`(?s)class="error"[^>]*>(.*?)</`)
)

// AuthorizeAs plays a person at the emulator's authorization pages: it
// opens authURL (a /services/oauth2/authorize URL of this emulator), logs
// in as username with password, clicks Allow, and returns the redirect to
// the app's callback, carrying code and state. It goes through the real
// HTML forms over HTTP, so the app under test sees exactly the flow a
// browser would drive. client may be nil.
func AuthorizeAs(ctx context.Context, client *http.Client, authURL, username, password string) (*url.URL, error) {
	start, err := url.Parse(authURL)
	if err != nil {
		return nil, fmt.Errorf("authorizing as %s: %w", username, err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != start.Host {
			return http.ErrUseLastResponse // the app's callback: stop here
		}
		return nil
	}}
	if client != nil {
		c.Transport = client.Transport
		c.Timeout = client.Timeout
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return nil, fmt.Errorf("authorizing as %s: %w", username, err)
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("authorizing as %s: opening the login page: %w", username, err)
	}
	for step := 0; step < 4; step++ {
		if res.StatusCode == http.StatusFound || res.StatusCode == http.StatusSeeOther {
			res.Body.Close()
			loc, err := res.Request.URL.Parse(res.Header.Get("Location"))
			if err != nil {
				return nil, fmt.Errorf("authorizing as %s: bad redirect: %w", username, err)
			}
			if e := loc.Query().Get("error"); e != "" {
				return loc, fmt.Errorf("authorizing as %s: %s: %s", username, e, loc.Query().Get("error_description"))
			}
			return loc, nil
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("authorizing as %s: reading the page: %w", username, err)
		}
		action := driveFormAction.FindSubmatch(body)
		if action == nil {
			msg := fmt.Sprintf("status %d", res.StatusCode)
			if m := driveError.FindSubmatch(body); m != nil {
				msg = strings.TrimSpace(html.UnescapeString(string(m[1])))
			}
			return nil, fmt.Errorf("authorizing as %s: the emulator refused: %s", username, msg)
		}
		form := url.Values{}
		for _, m := range driveFormInput.FindAllSubmatch(body, -1) {
			form.Set(string(m[1]), html.UnescapeString(string(m[2])))
		}
		switch {
		case strings.Contains(string(body), `name="pw"`):
			if step > 0 && form.Get("username") != "" {
				msg := "the login was refused"
				if m := driveError.FindSubmatch(body); m != nil {
					msg = strings.TrimSpace(html.UnescapeString(string(m[1])))
				}
				return nil, fmt.Errorf("authorizing as %s: %s", username, msg)
			}
			form.Set("username", username)
			form.Set("pw", password)
		default:
			form.Set("decision", "allow")
		}
		target, err := res.Request.URL.Parse(html.UnescapeString(string(action[1])))
		if err != nil {
			return nil, fmt.Errorf("authorizing as %s: bad form action: %w", username, err)
		}
		post, _ := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), strings.NewReader(form.Encode()))
		post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		post.Header.Set("Origin", start.Scheme+"://"+start.Host)
		if res, err = c.Do(post); err != nil {
			return nil, fmt.Errorf("authorizing as %s: submitting the form: %w", username, err)
		}
	}
	return nil, errors.New("authorizing as " + username + ": the pages did not end at the app's callback")
}
