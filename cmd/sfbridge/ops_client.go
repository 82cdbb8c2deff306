package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// apiClient calls the sfbridge HTTP API of a running service.
type apiClient struct {
	base string // without a trailing slash
	key  string
	http *http.Client
}

// apiError is an error answer of the API: its status and envelope.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("the API answered %d", e.Status)
	}
	return e.Message + " (" + e.Code + ")"
}

func newAPIClient(base, key string) *apiClient {
	return &apiClient{base: strings.TrimRight(base, "/"), key: key, http: &http.Client{Timeout: 5 * time.Minute}}
}

// do sends body (when not nil) as JSON and decodes the answer into out
// (when not nil). An answer of 400 or more is an *apiError.
func (c *apiClient) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("calling the API: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("calling the sfbridge API at %s (is sfbridge serve running? set --api-url): %w", c.base, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("reading the API's answer: %w", err)
	}
	if res.StatusCode >= 400 {
		var env struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		_ = json.Unmarshal(data, &env)
		return &apiError{Status: res.StatusCode, Code: env.Error.Code, Message: env.Error.Message}
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("reading the API's answer to %s %s: %w", method, path, err)
		}
	}
	return nil
}

// apiWorkspace is a workspace as the API answers it.
type apiWorkspace struct {
	ID          string `json:"id"`
	ExternalKey string `json:"external_key"`
	Name        string `json:"name"`
}

// apiConnection is a connection as the API answers it.
type apiConnection struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// workspace finds a workspace by id, else by external key.
func (c *apiClient) workspace(ctx context.Context, arg string) (apiWorkspace, error) {
	var ws apiWorkspace
	err := c.do(ctx, "GET", "/v1/workspaces/"+url.PathEscape(arg), nil, &ws)
	if isStatus(err, http.StatusNotFound) {
		err = c.do(ctx, "GET", "/v1/workspaces/by-external-key?external_key="+url.QueryEscape(arg), nil, &ws)
		if isStatus(err, http.StatusNotFound) {
			return ws, fmt.Errorf("no workspace has the id or external key %q", arg)
		}
	}
	return ws, err
}

// connection finds a workspace's connection by id, else by name; an
// empty arg is the workspace's only connection.
func (c *apiClient) connection(ctx context.Context, ws apiWorkspace, arg string) (apiConnection, error) {
	if arg != "" {
		var conn apiConnection
		err := c.do(ctx, "GET", "/v1/workspaces/"+ws.ID+"/connections/"+url.PathEscape(arg), nil, &conn)
		if !isStatus(err, http.StatusNotFound) {
			return conn, err
		}
	}
	all, err := c.connections(ctx, ws)
	if err != nil {
		return apiConnection{}, err
	}
	if arg == "" {
		if len(all) == 1 {
			return all[0], nil
		}
		return apiConnection{}, fmt.Errorf("workspace %q has %d connections: name one with --connection", ws.ExternalKey, len(all))
	}
	for _, conn := range all {
		if conn.Name == arg {
			return conn, nil
		}
	}
	return apiConnection{}, fmt.Errorf("workspace %q has no connection with the id or name %q", ws.ExternalKey, arg)
}

// connections lists every connection of a workspace.
func (c *apiClient) connections(ctx context.Context, ws apiWorkspace) ([]apiConnection, error) {
	var out []apiConnection
	after := ""
	for {
		var page struct {
			Data []apiConnection `json:"data"`
			Next string          `json:"next_cursor"`
		}
		if err := c.do(ctx, "GET", "/v1/workspaces/"+ws.ID+"/connections?limit=200&after="+url.QueryEscape(after), nil, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Data...)
		if page.Next == "" {
			return out, nil
		}
		after = page.Next
	}
}

// isStatus reports whether err is an API answer of status.
func isStatus(err error, status int) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Status == status
}
