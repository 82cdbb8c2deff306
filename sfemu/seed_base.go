package sfemu

import "fmt"

// seedBase creates what every org has: the Organization row, the standard
// profiles, the admin user, the lead statuses and the standard price book.
func (s *Server) seedBase(username string, edition Edition) error {
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	o.orgID = o.ids.next("00D")
	o.adminID = o.ids.next("005")
	t := o.begin()
	sys := writeOptions{system: true, userID: o.adminID}
	create := func(object string, fields map[string]any, presetID string) (*record, error) {
		opt := sys
		opt.presetID = presetID
		r, err := t.create(o.object(object), fields, opt)
		if err != nil {
			return nil, fmt.Errorf("creating %s: %w", object, err)
		}
		return r, nil
	}

	if _, err := create("Organization", map[string]any{
		"Name":                "sfemu Demo Org",
		"OrganizationType":    edition.organizationType(),
		"InstanceName":        "EMU1",
		"IsSandbox":           false,
		"Country":             "United States",
		"DefaultLocaleSidKey": "en_US",
		"LanguageLocaleKey":   "en_US",
		"TimeZoneSidKey":      "America/Los_Angeles",
	}, o.orgID); err != nil {
		return err
	}
	admin, err := create("Profile", map[string]any{"Name": "System Administrator", "UserType": "Standard"}, "")
	if err != nil {
		return err
	}
	for _, name := range []string{"Standard User", "Read Only", "Marketing User"} {
		if _, err := create("Profile", map[string]any{"Name": name, "UserType": "Standard"}, ""); err != nil {
			return err
		}
	}
	if _, err := create("User", map[string]any{
		"Username":          username,
		"FirstName":         "Emulator",
		"LastName":          "Admin",
		"Alias":             "eadmin",
		"Email":             username,
		"IsActive":          true,
		"ProfileId":         admin.id,
		"UserType":          "Standard",
		"TimeZoneSidKey":    "America/Los_Angeles",
		"LocaleSidKey":      "en_US",
		"EmailEncodingKey":  "UTF-8",
		"LanguageLocaleKey": "en_US",
		"CompanyName":       "sfemu",
	}, o.adminID); err != nil {
		return err
	}
	for i, st := range []struct {
		label              string
		isDefault, convert bool
	}{
		{"Open - Not Contacted", true, false},
		{"Working - Contacted", false, false},
		{"Closed - Converted", false, true},
		{"Closed - Not Converted", false, false},
	} {
		if _, err := create("LeadStatus", map[string]any{
			"MasterLabel": st.label,
			"ApiName":     st.label,
			"SortOrder":   i + 1,
			"IsDefault":   st.isDefault,
			"IsConverted": st.convert,
		}, ""); err != nil {
			return err
		}
	}
	if _, err := create("Pricebook2", map[string]any{"Name": "Standard Price Book", "IsActive": true, "IsStandard": true}, ""); err != nil {
		return err
	}
	for _, obj := range o.objectList() {
		o.addEntityDefinition(obj, obj.Name)
	}
	return nil
}
