package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
)

const appRecordColumns = `workspace_id, type, id, fields, deleted, created_at, updated_at`

// GetAppRecord returns the workspace's record of type typ, marked deleted
// or not, or ErrNotFound.
func (s *Store) GetAppRecord(ctx context.Context, workspaceID, typ, id string) (store.AppRecord, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+appRecordColumns+` FROM app_records
		WHERE workspace_id = $1 AND type = $2 AND id = $3`, workspaceID, typ, id)
	r, err := scanAppRecord(row)
	if err != nil {
		return store.AppRecord{}, fmt.Errorf("getting app record %s: %w", id, classify(err))
	}
	return r, nil
}

// ListAppRecords pages the workspace's records of type typ, marked
// deleted ones included, in creation order, then id.
func (s *Store) ListAppRecords(ctx context.Context, workspaceID, typ string, p store.ListParams) (store.Page[store.AppRecord], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows pgx.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.pool.Query(ctx, `SELECT `+appRecordColumns+` FROM app_records
			WHERE workspace_id = $1 AND type = $2 ORDER BY created_at, id LIMIT $3`, workspaceID, typ, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.AppRecord]{}, fmt.Errorf("listing app records: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.pool.Query(ctx, `SELECT `+appRecordColumns+` FROM app_records
			WHERE workspace_id = $1 AND type = $2 AND (created_at, id) > ($3, $4) ORDER BY created_at, id LIMIT $5`,
			workspaceID, typ, k.Created, k.ID, limit+1)
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
// them on the connection, in one query. Ids without a link, or whose
// Salesforce record is deleted, are absent.
func (s *Store) LookupLinks(ctx context.Context, connectionID, object string, salesforceIDs []string) (map[string]string, error) {
	out := make(map[string]string, len(salesforceIDs))
	if len(salesforceIDs) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT salesforce_id, app_id FROM record_links
		WHERE connection_id = $1 AND object = $2 AND NOT deleted AND salesforce_id = ANY($3)`,
		connectionID, object, salesforceIDs)
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
	return out, nil
}

// LookupSalesforceIDs maps the app ids linked on object to their
// Salesforce ids, the reverse of LookupLinks, in one query. Ids without
// a link, or whose Salesforce record is deleted, are absent.
func (s *Store) LookupSalesforceIDs(ctx context.Context, connectionID, object string, appIDs []string) (map[string]string, error) {
	out := make(map[string]string, len(appIDs))
	if len(appIDs) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT app_id, salesforce_id FROM record_links
		WHERE connection_id = $1 AND object = $2 AND NOT deleted AND app_id = ANY($3)`,
		connectionID, object, appIDs)
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
	return out, nil
}

func scanAppRecord(r scanner) (store.AppRecord, error) {
	var (
		rec    store.AppRecord
		fields []byte
	)
	if err := r.Scan(&rec.WorkspaceID, &rec.Type, &rec.ID, &fields, &rec.Deleted, &rec.CreatedAt, &rec.UpdatedAt); err != nil {
		return store.AppRecord{}, err
	}
	if err := json.Unmarshal(fields, &rec.Fields); err != nil {
		return store.AppRecord{}, fmt.Errorf("decoding fields of %s: %w", rec.ID, err)
	}
	rec.CreatedAt, rec.UpdatedAt = rec.CreatedAt.UTC(), rec.UpdatedAt.UTC()
	return rec, nil
}
