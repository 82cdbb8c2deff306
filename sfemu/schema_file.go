package sfemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// SchemaFile is the format of Options.SchemaFile: custom objects and
// fields in the Tooling API's shape (FullName and Metadata), applied in
// order when the org starts, objects first.
//
//	{
//	  "customObjects": [{"FullName": "Invoice__c", "Metadata": {"label": "Invoice", "pluralLabel": "Invoices"}}],
//	  "customFields":  [{"FullName": "Account.Tier__c", "Metadata": {"label": "Tier", "type": "Text", "length": 20}}]
//	}
type SchemaFile struct {
	CustomObjects []SchemaDefinition `json:"customObjects"`
	CustomFields  []SchemaDefinition `json:"customFields"`
}

// SchemaDefinition is one custom object or field, as the Tooling API takes it.
type SchemaDefinition struct {
	FullName string         `json:"FullName"`
	Metadata map[string]any `json:"Metadata"`
}

// loadSchemaFile reads and applies a schema file.
func (s *Server) loadSchemaFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the schema file: %w", err)
	}
	var file SchemaFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&file); err != nil {
		return fmt.Errorf("reading the schema file %s: %w", path, err)
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, def := range file.CustomObjects {
		if _, err := o.createCustomObject(def.FullName, def.Metadata, o.adminID); err != nil {
			return fmt.Errorf("schema file %s: custom object %s: %w", path, def.FullName, err)
		}
	}
	for _, def := range file.CustomFields {
		if _, err := o.createCustomField(def.FullName, def.Metadata, o.adminID); err != nil {
			return fmt.Errorf("schema file %s: custom field %s: %w", path, def.FullName, err)
		}
	}
	return nil
}
