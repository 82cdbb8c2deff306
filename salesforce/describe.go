package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// GlobalDescribe is the answer of GET /sobjects: every object of the org.
type GlobalDescribe struct {
	Encoding     string           `json:"encoding"`
	MaxBatchSize int              `json:"maxBatchSize"`
	SObjects     []SObjectSummary `json:"sobjects"`
}

// SObjectSummary is an object's entry in the global describe.
type SObjectSummary struct {
	Name          string            `json:"name"`
	Label         string            `json:"label"`
	LabelPlural   string            `json:"labelPlural"`
	KeyPrefix     string            `json:"keyPrefix"`
	Custom        bool              `json:"custom"`
	Queryable     bool              `json:"queryable"`
	Createable    bool              `json:"createable"`
	Updateable    bool              `json:"updateable"`
	Deletable     bool              `json:"deletable"`
	Replicateable bool              `json:"replicateable"`
	Retrieveable  bool              `json:"retrieveable"`
	Searchable    bool              `json:"searchable"`
	Triggerable   bool              `json:"triggerable"`
	URLs          map[string]string `json:"urls"`
}

// SObjectDescribe is the answer of GET /sobjects/X/describe.
type SObjectDescribe struct {
	SObjectSummary
	Fields             []Field             `json:"fields"`
	ChildRelationships []ChildRelationship `json:"childRelationships"`
	RecordTypeInfos    []RecordTypeInfo    `json:"recordTypeInfos"`
}

// Field returns the field named name (case-insensitively), or nil.
func (d *SObjectDescribe) Field(name string) *Field {
	for i := range d.Fields {
		if strings.EqualFold(d.Fields[i].Name, name) {
			return &d.Fields[i]
		}
	}
	return nil
}

// Field is one field of an object's describe.
type Field struct {
	Name               string          `json:"name"`
	Label              string          `json:"label"`
	Type               string          `json:"type"`
	SOAPType           string          `json:"soapType"`
	Length             int             `json:"length"`
	Precision          int             `json:"precision"`
	Scale              int             `json:"scale"`
	Digits             int             `json:"digits"`
	Nillable           bool            `json:"nillable"`
	Createable         bool            `json:"createable"`
	Updateable         bool            `json:"updateable"`
	DefaultedOnCreate  bool            `json:"defaultedOnCreate"`
	Calculated         bool            `json:"calculated"`
	CalculatedFormula  string          `json:"calculatedFormula"`
	ExternalID         bool            `json:"externalId"`
	IDLookup           bool            `json:"idLookup"`
	Unique             bool            `json:"unique"`
	Custom             bool            `json:"custom"`
	Filterable         bool            `json:"filterable"`
	Sortable           bool            `json:"sortable"`
	Groupable          bool            `json:"groupable"`
	ReferenceTo        []string        `json:"referenceTo"`
	RelationshipName   string          `json:"relationshipName"`
	CompoundFieldName  string          `json:"compoundFieldName"`
	RestrictedPicklist bool            `json:"restrictedPicklist"`
	PicklistValues     []PicklistValue `json:"picklistValues"`
}

// PicklistValue is one value of a picklist field.
type PicklistValue struct {
	Active       bool   `json:"active"`
	DefaultValue bool   `json:"defaultValue"`
	Label        string `json:"label"`
	Value        string `json:"value"`
	ValidFor     string `json:"validFor"`
}

// ChildRelationship is a relationship from another object to this one.
type ChildRelationship struct {
	ChildSObject     string `json:"childSObject"`
	Field            string `json:"field"`
	RelationshipName string `json:"relationshipName"`
	CascadeDelete    bool   `json:"cascadeDelete"`
}

// RecordTypeInfo is one record type of an object.
type RecordTypeInfo struct {
	Name                     string `json:"name"`
	DeveloperName            string `json:"developerName"`
	RecordTypeID             string `json:"recordTypeId"`
	Active                   bool   `json:"active"`
	Available                bool   `json:"available"`
	DefaultRecordTypeMapping bool   `json:"defaultRecordTypeMapping"`
	Master                   bool   `json:"master"`
}

// cachedDescribe is a describe answer with its Last-Modified header.
type cachedDescribe struct {
	lastModified string
	value        any
}

// DescribeGlobal lists the org's objects. The answer is cached in the
// client and revalidated with If-Modified-Since, so a repeat call costs
// one API request with an empty 304 answer. Treat it as read-only.
func (c *Client) DescribeGlobal(ctx context.Context) (*GlobalDescribe, error) {
	v, err := describeCached[GlobalDescribe](ctx, c, "", "sobjects")
	if err != nil {
		return nil, fmt.Errorf("describing the org: %w", err)
	}
	return v, nil
}

// Describe describes one object, cached like [Client.DescribeGlobal].
// Treat the answer as read-only.
func (c *Client) Describe(ctx context.Context, object string) (*SObjectDescribe, error) {
	v, err := describeCached[SObjectDescribe](ctx, c, strings.ToLower(object), "sobjects/"+url.PathEscape(object)+"/describe")
	if err != nil {
		return nil, fmt.Errorf("describing %s: %w", object, err)
	}
	return v, nil
}

func describeCached[T any](ctx context.Context, c *Client, key, path string) (*T, error) {
	c.describeMu.Lock()
	cached := c.describes[key]
	c.describeMu.Unlock()
	opts := &callOptions{header: http.Header{}}
	if cached != nil && cached.lastModified != "" {
		opts.header.Set("If-Modified-Since", cached.lastModified)
	}
	var (
		fresh        *T
		lastModified string
	)
	err := c.do(ctx, &request{method: http.MethodGet, path: path, idempotent: true, opts: opts,
		decode: func(status int, h http.Header, body io.Reader) error {
			if status == http.StatusNotModified {
				return nil
			}
			fresh = new(T)
			lastModified = h.Get("Last-Modified")
			return json.NewDecoder(body).Decode(fresh)
		}})
	if err != nil {
		return nil, err
	}
	if fresh == nil {
		if cached == nil {
			return nil, fmt.Errorf("salesforce: 304 Not Modified without a cached describe")
		}
		return cached.value.(*T), nil
	}
	c.describeMu.Lock()
	c.describes[key] = &cachedDescribe{lastModified: lastModified, value: fresh}
	c.describeMu.Unlock()
	return fresh, nil
}
