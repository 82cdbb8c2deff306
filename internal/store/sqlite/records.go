package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
)

const appRecordColumns = `workspace_id, type, id, fields, deleted, created_at, updated_at`

// chunk is how many values one IN (...) list binds, well under SQLite's
// limit on variables per statement.
const chunk = 500

// GetAppRecord returns the workspace's record of type typ, marked deleted
// or not, or ErrNotFound.
func (s *Store) GetAppRecord(ctx context.Context, workspaceID, typ, id string) (store.AppRecord, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+appRecordColumns+` FROM app_records
		WHERE workspace_id = ? AND type = ? AND id = ?`, workspaceID, typ, id)
	r, err := scanAppRecord(row)
	if err != nil {
		return store.AppRecord{}, fmt.Errorf("getting app record %s: %w", id, notFound(err))
	}
	return r, nil
}

// ListAppRecords pages the workspace's records of type typ, marked
// deleted ones included, in creation order, then id.
func (s *Store) ListAppRecords(ctx context.Context, workspaceID, typ string, p store.ListParams) (store.Page[store.AppRecord], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows *sql.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.read.QueryContext(ctx, `SELECT `+appRecordColumns+` FROM app_records
			WHERE workspace_id = ? AND type = ? ORDER BY created_at, id LIMIT ?`, workspaceID, typ, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.AppRecord]{}, fmt.Errorf("listing app records: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.read.QueryContext(ctx, `SELECT `+appRecordColumns+` FROM app_records
			WHERE workspace_id = ? AND type = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`,
			workspaceID, typ, micros(k.Created), k.ID, limit+1)
	}
	if err != nil {
		return store.Page[store.AppRecord]{}, fmt.Errorf("listing app records: %w", err)
	}
	items, err := collect(rows, scanAppRecord)
	if err != nil {
		return store.Page[store.AppRecord]{}, fmt.Errorf("listing app records: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(r store.AppRecord) string {
		return pagecursor.EncodeKey(pagecursor.Key{Created: r.CreatedAt, ID: r.ID})
	})
	return store.Page[store.AppRecord]{Items: items, Next: next}, nil
}

// LookupLinks maps the Salesforce ids of object to the app ids linked to
// them on the connection. Ids without a link, or whose Salesforce record
// is deleted, are absent.
func (s *Store) LookupLinks(ctx context.Context, connectionID, object string, salesforceIDs []string) (map[string]string, error) {
	out := make(map[string]string, len(salesforceIDs))
	for ids := range slices.Chunk(salesforceIDs, chunk) {
		args := make([]any, 0, len(ids)+2)
		args = append(args, connectionID, object)
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := s.read.QueryContext(ctx, `SELECT salesforce_id, app_id FROM record_links
			WHERE connection_id = ? AND object = ? AND deleted = 0 AND salesforce_id IN (`+marks(len(ids))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("looking up links: %w", err)
		}
		_, err = collect(rows, func(r scanner) (struct{}, error) {
			var sfID, appID string
			err := r.Scan(&sfID, &appID)
			out[sfID] = appID
			return struct{}{}, err
		})
		if err != nil {
			return nil, fmt.Errorf("looking up links: %w", err)
		}
	}
	return out, nil
}

// LookupSalesforceIDs maps the app ids linked on object to their
// Salesforce ids, the reverse of LookupLinks. Ids without a link, or
// whose Salesforce record is deleted, are absent.
func (s *Store) LookupSalesforceIDs(ctx context.Context, connectionID, object string, appIDs []string) (map[string]string, error) {
	out := make(map[string]string, len(appIDs))
	for ids := range slices.Chunk(appIDs, chunk) {
		args := make([]any, 0, len(ids)+2)
		args = append(args, connectionID, object)
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := s.read.QueryContext(ctx, `SELECT app_id, salesforce_id FROM record_links
			WHERE connection_id = ? AND object = ? AND deleted = 0 AND app_id IN (`+marks(len(ids))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("looking up Salesforce ids: %w", err)
		}
		_, err = collect(rows, func(r scanner) (struct{}, error) {
			var appID, sfID string
			err := r.Scan(&appID, &sfID)
			out[appID] = sfID
			return struct{}{}, err
		})
		if err != nil {
			return nil, fmt.Errorf("looking up Salesforce ids: %w", err)
		}
	}
	return out, nil
}

// marks is n comma-separated placeholders.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func scanAppRecord(r scanner) (store.AppRecord, error) {
	var (
		rec              store.AppRecord
		fields           string
		created, updated int64
	)
	if err := r.Scan(&rec.WorkspaceID, &rec.Type, &rec.ID, &fields, &rec.Deleted, &created, &updated); err != nil {
		return store.AppRecord{}, err
	}
	if err := json.Unmarshal([]byte(fields), &rec.Fields); err != nil {
		return store.AppRecord{}, fmt.Errorf("decoding fields of %s: %w", rec.ID, err)
	}
	rec.CreatedAt, rec.UpdatedAt = fromMicros(created), fromMicros(updated)
	return rec, nil
}
