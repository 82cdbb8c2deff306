package api

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// appNameRE is the shape of app type and app field names: they appear
// in URLs, record JSON and mapping messages, so they are kept plain.
var appNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Limits on a declared app type.
const (
	maxAppFields  = 500
	maxAppOptions = 1000
)

// appFieldTypes are the field types the app schema has, in the order
// messages list them.
var appFieldTypes = []store.AppFieldType{
	store.AppText, store.AppLongText, store.AppEmail, store.AppPhone, store.AppURL,
	store.AppNumber, store.AppCurrency, store.AppPercent, store.AppBoolean,
	store.AppDate, store.AppDateTime, store.AppList, store.AppMultiList, store.AppReference,
}

type appFieldRequest struct {
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	Type    string   `json:"type"`
	Options []string `json:"options"`
	RefType string   `json:"ref_type"`
}

type putAppTypeRequest struct {
	Label  string            `json:"label"`
	Fields []appFieldRequest `json:"fields"`
}

type appFieldView struct {
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	Type    string   `json:"type"`
	Options []string `json:"options,omitempty"`
	RefType string   `json:"ref_type,omitempty"`
}

type appTypeView struct {
	Name string `json:"name"`
	// Global is true for a declaration of every workspace (PUT
	// /v1/app-types/{name}); a workspace's own declaration of the same
	// name replaces it there.
	Global    bool           `json:"global"`
	Label     string         `json:"label"`
	Fields    []appFieldView `json:"fields"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

func viewAppType(t store.AppType) appTypeView {
	v := appTypeView{Name: t.Name, Global: t.WorkspaceID == "", Label: t.Label, Fields: make([]appFieldView, 0, len(t.Fields)),
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
	for _, f := range t.Fields {
		v.Fields = append(v.Fields, appFieldView{Name: f.Name, Label: f.Label, Type: string(f.Type), Options: f.Options, RefType: f.RefType})
	}
	return v
}

// PUT /v1/workspaces/{ws}/app-types/{name}: declares or replaces the
// workspace's own record type.
func (s *Server) putAppType(w http.ResponseWriter, r *http.Request) error {
	return s.storeAppType(w, r, workspaceFrom(r.Context()).ID)
}

// PUT /v1/app-types/{name}: declares or replaces a record type of every
// workspace.
func (s *Server) putGlobalAppType(w http.ResponseWriter, r *http.Request) error {
	return s.storeAppType(w, r, "")
}

func (s *Server) storeAppType(w http.ResponseWriter, r *http.Request, workspaceID string) error {
	name := r.PathValue("name")
	if !appNameRE.MatchString(name) {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"App type name %q must be 1 to 63 lowercase letters, digits or underscores, starting with a letter (such as contact or support_ticket).", name)
	}
	var req putAppTypeRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	t, err := appTypeFrom(name, req)
	if err != nil {
		return err
	}
	t.WorkspaceID = workspaceID
	t.UpdatedAt = s.now().UTC()
	stored, err := s.store.PutAppType(r.Context(), t)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewAppType(stored))
	return nil
}

// appTypeFrom checks a declaration and builds the type. Every fault
// names the field it is in.
func appTypeFrom(name string, req putAppTypeRequest) (store.AppType, error) {
	if err := optionalText("label", req.Label, 200); err != nil {
		return store.AppType{}, err
	}
	if len(req.Fields) > maxAppFields {
		return store.AppType{}, errorf(http.StatusBadRequest, CodeInvalidInput, "Field \"fields\" has %d fields; the most is %d.", len(req.Fields), maxAppFields)
	}
	t := store.AppType{Name: name, Label: strings.TrimSpace(req.Label), Fields: make([]store.AppField, 0, len(req.Fields))}
	if t.Label == "" {
		t.Label = name
	}
	seen := map[string]bool{}
	for i, f := range req.Fields {
		field, err := appFieldFrom(i, f)
		if err != nil {
			return store.AppType{}, err
		}
		if seen[field.Name] {
			return store.AppType{}, errorf(http.StatusBadRequest, CodeInvalidInput, "fields[%d]: the name %q is used twice; field names are unique in a type.", i, field.Name)
		}
		seen[field.Name] = true
		t.Fields = append(t.Fields, field)
	}
	return t, nil
}

func appFieldFrom(i int, f appFieldRequest) (store.AppField, error) {
	bad := func(format string, args ...any) error {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "fields[%d]: "+format, append([]any{i}, args...)...)
	}
	if !appNameRE.MatchString(f.Name) {
		return store.AppField{}, bad("name %q must be 1 to 63 lowercase letters, digits or underscores, starting with a letter.", f.Name)
	}
	if err := optionalText("fields["+f.Name+"].label", f.Label, 200); err != nil {
		return store.AppField{}, err
	}
	typ := store.AppFieldType(f.Type)
	if !slices.Contains(appFieldTypes, typ) {
		names := make([]string, len(appFieldTypes))
		for j, t := range appFieldTypes {
			names[j] = string(t)
		}
		return store.AppField{}, bad("field %s has type %q, which is not an app field type; use one of %s.", f.Name, f.Type, strings.Join(names, ", "))
	}
	out := store.AppField{Name: f.Name, Label: strings.TrimSpace(f.Label), Type: typ}
	if out.Label == "" {
		out.Label = f.Name
	}
	isList := typ == store.AppList || typ == store.AppMultiList
	switch {
	case len(f.Options) > 0 && !isList:
		return store.AppField{}, bad("field %s is %s; only list and multi_list fields take options.", f.Name, typ)
	case len(f.Options) > maxAppOptions:
		return store.AppField{}, bad("field %s has %d options; the most is %d.", f.Name, len(f.Options), maxAppOptions)
	}
	// Options match picklist values case-insensitively, so two options
	// that differ only in case could never be told apart.
	folded := map[string]bool{}
	for _, o := range f.Options {
		if err := requireText("fields["+f.Name+"].options", o, 255); err != nil {
			return store.AppField{}, err
		}
		if folded[strings.ToLower(o)] {
			return store.AppField{}, bad("field %s lists option %q twice (options are compared ignoring case).", f.Name, o)
		}
		folded[strings.ToLower(o)] = true
		out.Options = append(out.Options, o)
	}
	switch {
	case typ == store.AppReference && !appNameRE.MatchString(f.RefType):
		return store.AppField{}, bad("field %s is a reference; ref_type must name the app type it points to (such as account), not %q.", f.Name, f.RefType)
	case typ != store.AppReference && f.RefType != "":
		return store.AppField{}, bad("field %s is %s; only reference fields take ref_type.", f.Name, typ)
	}
	out.RefType = f.RefType
	return out, nil
}

// GET /v1/workspaces/{ws}/app-types: the types the workspace sees, its
// own and the global ones it has not replaced (the store merges them),
// by name.
func (s *Server) listAppTypes(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.store.ListAppTypes(r.Context(), workspaceFrom(r.Context()).ID)
	if err != nil {
		return err
	}
	out := list[appTypeView]{Data: make([]appTypeView, 0, len(ts))}
	for _, t := range ts {
		out.Data = append(out.Data, viewAppType(t))
	}
	slices.SortFunc(out.Data, func(a, b appTypeView) int { return strings.Compare(a.Name, b.Name) })
	writeJSON(w, http.StatusOK, out)
	return nil
}

// GET /v1/workspaces/{ws}/app-types/{name}
func (s *Server) getAppType(w http.ResponseWriter, r *http.Request) error {
	t, err := s.appType(r, r.PathValue("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewAppType(t))
	return nil
}

// appType reads the type the workspace sees by name, with a 404 that
// says what to do.
func (s *Server) appType(r *http.Request, name string) (store.AppType, error) {
	t, err := s.store.GetAppType(r.Context(), workspaceFrom(r.Context()).ID, name)
	if isNotFound(err) {
		return t, errorf(http.StatusNotFound, CodeNotFound, "No app type %q in this workspace. Declare it with PUT /v1/workspaces/{ws}/app-types/%s.", name, name)
	}
	return t, err
}
