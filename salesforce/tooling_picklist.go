package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
)

// ErrNoCustomField is returned (wrapped) by [Client.GetCustomField] when
// the org has no custom field of that name on the object.
var ErrNoCustomField = errors.New("salesforce: no such custom field")

// GlobalValueSetError says a picklist's values come from a global value
// set (Setup > Picklist Value Sets), shared by several fields:
// [Client.AddPicklistValues] does not change it.
type GlobalValueSetError struct {
	Object, Field string
	// ValueSet is the global value set's name.
	ValueSet string
}

func (e *GlobalValueSetError) Error() string {
	return fmt.Sprintf("salesforce: %s.%s takes its values from the global value set %s", e.Object, e.Field, e.ValueSet)
}

// CustomField is a custom field's Tooling API record.
type CustomField struct {
	ID       string
	FullName string
	// Metadata is the field's whole metadata, as the Tooling API sends
	// it (numbers are [json.Number]).
	Metadata map[string]any
}

// ToolingQuery is [Client.Query] against the Tooling API (tooling/query):
// CustomField, EntityDefinition and the other setup entities.
func (c *Client) ToolingQuery(ctx context.Context, soql string, opts ...Option) iter.Seq2[Record, error] {
	return queryRecords(ctx, c, "tooling/query", soql, opts, decodeRecord)
}

// GetCustomField finds the custom field of object named field (its API
// name, such as Tier__c or ns__Tier__c) through the Tooling API and
// reads its metadata: three calls, the object's EntityDefinition (a
// custom object's fields are filed under its id), the CustomField query
// and the record. A field that does not exist wraps [ErrNoCustomField].
func (c *Client) GetCustomField(ctx context.Context, object, field string) (*CustomField, error) {
	ns, dev, ok := splitCustomName(field)
	if !ok {
		return nil, fmt.Errorf("finding custom field %s.%s: not a custom field name (those end in __c): %w", object, field, ErrNoCustomField)
	}
	table, err := c.entityDurableID(ctx, object)
	if err != nil {
		return nil, fmt.Errorf("finding custom field %s.%s: %w", object, field, err)
	}
	q, err := soql.Select("Id", "NamespacePrefix").From("CustomField").
		Where(soql.Eq("DeveloperName", dev), soql.Eq("TableEnumOrId", table)).Build()
	if err != nil {
		return nil, fmt.Errorf("finding custom field %s.%s: %w", object, field, err)
	}
	var id string
	for rec, err := range c.ToolingQuery(ctx, q) {
		if err != nil {
			return nil, fmt.Errorf("finding custom field %s.%s: %w", object, field, err)
		}
		if strings.EqualFold(rec.String("NamespacePrefix"), ns) {
			id = rec.ID()
		}
	}
	if id == "" {
		return nil, fmt.Errorf("finding custom field %s.%s: %w", object, field, ErrNoCustomField)
	}
	var out struct {
		FullName string         `json:"FullName"`
		Metadata map[string]any `json:"Metadata"`
	}
	err = c.do(ctx, &request{method: http.MethodGet, path: "tooling/sobjects/CustomField/" + url.PathEscape(id), idempotent: true,
		opts: applyOptions(nil), decode: func(_ int, _ http.Header, body io.Reader) error {
			dec := json.NewDecoder(body)
			dec.UseNumber()
			return dec.Decode(&out)
		}})
	if err != nil {
		return nil, fmt.Errorf("reading custom field %s.%s: %w", object, field, err)
	}
	return &CustomField{ID: id, FullName: out.FullName, Metadata: out.Metadata}, nil
}

// UpdateCustomField replaces a custom field's metadata through the
// Tooling API (PATCH tooling/sobjects/CustomField/{id}). Send the whole
// metadata as [Client.GetCustomField] read it, changed: Salesforce
// replaces it, so a key left out is reset. The connected user needs the
// Customize Application permission (else INSUFFICIENT_ACCESS).
func (c *Client) UpdateCustomField(ctx context.Context, id string, metadata map[string]any) error {
	err := c.do(ctx, &request{method: http.MethodPatch, path: "tooling/sobjects/CustomField/" + url.PathEscape(id),
		body: map[string]any{"Metadata": metadata}, idempotent: true, opts: applyOptions(nil)})
	if err != nil {
		return fmt.Errorf("updating custom field %s: %w", id, err)
	}
	return nil
}

// AddPicklistValues adds values to the value set of a custom picklist
// or multi-select picklist field through the Tooling API, each as an
// active value whose API name and label are the value, and returns the
// ones it added: values the field has already (in any case, active or
// not) are left out, and nothing is sent when none is new. A field whose
// values come from a global value set is a [*GlobalValueSetError].
// Standard picklists (StandardValueSet) are not custom fields: they
// wrap [ErrNoCustomField]. The describe cache revalidates by itself, so
// the next [Client.Describe] lists the new values.
func (c *Client) AddPicklistValues(ctx context.Context, object, field string, values []string) ([]string, error) {
	cf, err := c.GetCustomField(ctx, object, field)
	if err != nil {
		return nil, err
	}
	vs, _ := cf.Metadata["valueSet"].(map[string]any)
	if vs == nil {
		return nil, fmt.Errorf("adding picklist values to %s.%s: the field's metadata has no valueSet: it is not a picklist", object, field)
	}
	if name, _ := vs["valueSetName"].(string); name != "" {
		return nil, &GlobalValueSetError{Object: object, Field: field, ValueSet: name}
	}
	def, _ := vs["valueSetDefinition"].(map[string]any)
	if def == nil {
		def = map[string]any{}
		vs["valueSetDefinition"] = def
	}
	existing, _ := def["value"].([]any)
	have := make(map[string]bool, len(existing)+len(values))
	for _, raw := range existing {
		if v, ok := raw.(map[string]any); ok {
			name, _ := v["fullName"].(string)
			have[strings.ToLower(name)] = true
		}
	}
	list := append([]any(nil), existing...)
	var added []string
	for _, v := range values {
		if have[strings.ToLower(v)] {
			continue
		}
		have[strings.ToLower(v)] = true
		list = append(list, map[string]any{"fullName": v, "label": v, "default": false})
		added = append(added, v)
	}
	if len(added) == 0 {
		return nil, nil
	}
	def["value"] = list
	if err := c.UpdateCustomField(ctx, cf.ID, cf.Metadata); err != nil {
		return nil, fmt.Errorf("adding picklist values to %s.%s: %w", object, field, err)
	}
	return added, nil
}

// entityDurableID returns the id the Tooling API files an object's
// fields under (CustomField.TableEnumOrId): the API name of a standard
// object, the id of a custom one.
func (c *Client) entityDurableID(ctx context.Context, object string) (string, error) {
	q, err := soql.Select("DurableId").From("EntityDefinition").Where(soql.Eq("QualifiedApiName", object)).Build()
	if err != nil {
		return "", err
	}
	for rec, err := range c.ToolingQuery(ctx, q) {
		if err != nil {
			return "", err
		}
		if id := rec.String("DurableId"); id != "" {
			return id, nil
		}
	}
	return "", fmt.Errorf("no object %s: %w", object, ErrNoCustomField)
}

// splitCustomName splits a custom field's API name into its namespace
// (empty when none) and developer name: ns__Tier__c is ("ns", "Tier").
func splitCustomName(field string) (ns, dev string, ok bool) {
	base, ok := strings.CutSuffix(field, "__c")
	if !ok || base == "" {
		return "", "", false
	}
	if ns, dev, found := strings.Cut(base, "__"); found {
		return ns, dev, dev != ""
	}
	return "", base, true
}
