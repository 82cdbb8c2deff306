package salesforce

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// ExternalIDField describes a text external id field to create.
type ExternalIDField struct {
	// Object is the object's API name (Contact, Invoice__c).
	Object string
	// Name is the field's API name, ending in __c (Sfbridge_Id__c).
	Name  string
	Label string
	// Length is the text length; 0 means 255.
	Length int
	// Unique makes Salesforce refuse two records with the same value.
	Unique bool
}

// CreateExternalIDField creates a text field marked External ID through
// the Tooling API (CustomField) and returns the CustomField's id. The
// connected user needs the Customize Application permission; without it
// Salesforce answers INSUFFICIENT_ACCESS. The field is not visible to
// the user's profile until field-level security grants it, which an
// admin does in Setup (or a permission set); creation does not.
func (c *Client) CreateExternalIDField(ctx context.Context, f ExternalIDField) (string, error) {
	length := f.Length
	if length == 0 {
		length = 255
	}
	body := map[string]any{
		"FullName": f.Object + "." + f.Name,
		"Metadata": map[string]any{
			"label":      f.Label,
			"type":       "Text",
			"length":     length,
			"externalId": true,
			"unique":     f.Unique,
		},
	}
	var out struct {
		ID      string      `json:"id"`
		Success bool        `json:"success"`
		Errors  []errorItem `json:"errors"`
	}
	err := c.do(ctx, &request{method: http.MethodPost, path: "tooling/sobjects/CustomField", body: body, opts: applyOptions(nil),
		decode: decodeJSON(&out)})
	if err != nil {
		return "", fmt.Errorf("creating field %s.%s: %w", url.PathEscape(f.Object), f.Name, err)
	}
	if !out.Success && len(out.Errors) > 0 {
		return "", fmt.Errorf("creating field %s.%s: %w", f.Object, f.Name, out.Errors[0].apiError(http.StatusCreated))
	}
	return out.ID, nil
}
