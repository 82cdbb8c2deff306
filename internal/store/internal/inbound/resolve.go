package inbound

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Waiting is a pending reference whose target is linked now.
type Waiting struct {
	// The waiting record: its app id, the Salesforce record it came
	// from, whether it is marked deleted and its fields JSON.
	AppID         string
	Type          string
	Object        string
	SalesforceID  string
	RecordDeleted bool
	Fields        []byte
	// AppSynced is the waiting record's link's app base (nil when NULL).
	AppSynced []byte
	// Field is the reference; ParentID the app id it gets.
	Field    string
	ParentID string
}

// Resolve plans filling waiting references: each waiting record gets
// the parents' app ids in its fields and one record.updated event (none
// when the values were there already), and its pending rows are dropped.
// Rows of one record must be adjacent.
func Resolve(rows []Waiting) ([]Op, error) {
	var ops []Op
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].AppID == rows[i].AppID {
			j++
		}
		more, err := resolveOne(rows[i:j])
		if err != nil {
			return nil, fmt.Errorf("resolving references of %s: %w", rows[i].AppID, err)
		}
		ops = append(ops, more...)
		i = j
	}
	return ops, nil
}

func resolveOne(rows []Waiting) ([]Op, error) {
	w := rows[0]
	fields := map[string]any{}
	if len(w.Fields) > 0 {
		if err := json.Unmarshal(w.Fields, &fields); err != nil {
			return nil, fmt.Errorf("decoding stored fields: %w", err)
		}
		if fields == nil {
			fields = map[string]any{}
		}
	}
	appBase, err := decodeObject(w.AppSynced)
	if err != nil {
		return nil, fmt.Errorf("decoding the app base: %w", err)
	}
	if appBase == nil {
		appBase = map[string]any{}
	}
	changed := map[string]any{}
	var ops []Op
	for _, r := range rows {
		if !reflect.DeepEqual(fields[r.Field], any(r.ParentID)) {
			changed[r.Field] = r.ParentID
			fields[r.Field] = r.ParentID
		}
		// The reference came from Salesforce: it is the app's base too,
		// so it is not mistaken for an app change to write back.
		appBase[r.Field] = r.ParentID
		ops = append(ops, Op{Kind: DropPending, AppID: r.AppID, Field: r.Field})
	}
	base, err := encodeMap(appBase)
	if err != nil {
		return nil, fmt.Errorf("encoding the app base: %w", err)
	}
	ops = append(ops, Op{Kind: SetAppSynced, AppID: w.AppID, Object: w.Object, AppSynced: text(base)})
	if len(changed) == 0 {
		return ops, nil
	}
	all, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("encoding fields: %w", err)
	}
	diff, err := json.Marshal(changed)
	if err != nil {
		return nil, fmt.Errorf("encoding fields: %w", err)
	}
	data, err := EventData(w.Type, w.AppID, w.SalesforceID, w.Object, diff)
	if err != nil {
		return nil, err
	}
	ops = append(ops,
		Op{Kind: UpdateRecord, AppID: w.AppID, Fields: text(all), Deleted: w.RecordDeleted},
		Op{Kind: AddEvent, EventType: store.EventRecordUpdated, Data: data})
	return ops, nil
}
