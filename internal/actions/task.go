package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Who names the person a Task is about: an app record (AppType and
// AppID) linked to a Contact or Lead on the connection, or a Contact or
// Lead by SalesforceID.
type Who struct {
	AppType      string
	AppID        string
	SalesforceID string
}

// LogTaskParams is a Task to log. Empty values are left out, so the
// org's defaults apply (Status and Priority have them).
type LogTaskParams struct {
	WorkspaceID  string
	ConnectionID string
	Who          Who
	Subject      string
	Description  string
	// ActivityDate is the due date, YYYY-MM-DD.
	ActivityDate string
	Status       string
	Priority     string
	Type         string
}

// LoggedTask is a Task created, and the person it was logged on.
type LoggedTask struct {
	Created
	WhoID     string
	WhoObject string
}

// whoPrefixes are the key prefixes of the objects a Task's WhoId takes.
var whoPrefixes = map[string]string{"003": "Contact", "00Q": "Lead"}

// LogTask logs a Task on a Contact or Lead. The person is resolved
// first (an app record through its link), then the fields are checked
// against Task's describe, then the Task is created.
func (s *Service) LogTask(ctx context.Context, p LogTaskParams) (LoggedTask, error) {
	if p.ActivityDate != "" {
		if _, err := time.Parse(time.DateOnly, p.ActivityDate); err != nil {
			return LoggedTask{}, fmt.Errorf("%w: activity_date %q is not a date YYYY-MM-DD", ErrInvalid, p.ActivityDate)
		}
	}
	whoID, whoObject, err := s.resolveWho(ctx, p)
	if err != nil {
		return LoggedTask{}, err
	}
	fields := map[string]any{"WhoId": whoID}
	for name, v := range map[string]string{"Subject": p.Subject, "Description": p.Description, "ActivityDate": p.ActivityDate,
		"Status": p.Status, "Priority": p.Priority, "Type": p.Type} {
		if v != "" {
			fields[name] = v
		}
	}
	client, err := s.conns.Client(ctx, p.WorkspaceID, p.ConnectionID)
	if err != nil {
		return LoggedTask{}, err
	}
	c, err := s.create(ctx, client, "Task", fields)
	if err != nil {
		return LoggedTask{}, err
	}
	return LoggedTask{Created: c, WhoID: whoID, WhoObject: whoObject}, nil
}

// resolveWho finds the Salesforce id of the Task's person.
func (s *Service) resolveWho(ctx context.Context, p LogTaskParams) (id, object string, err error) {
	w := p.Who
	byApp := w.AppType != "" || w.AppID != ""
	switch {
	case byApp && w.SalesforceID != "":
		return "", "", fmt.Errorf("%w: name the person by app record (app_type and app_id) or by salesforce_id, not both", ErrInvalid)
	case w.SalesforceID != "":
		id := w.SalesforceID
		if len(id) != 15 && len(id) != 18 || strings.Trim(id, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" {
			return "", "", fmt.Errorf("%w: salesforce_id %q is not a Salesforce id (15 or 18 letters and digits)", ErrInvalid, id)
		}
		object, ok := whoPrefixes[id[:3]]
		if !ok {
			return "", "", fmt.Errorf("%w: salesforce_id %s is not a Contact (003...) or a Lead (00Q...)", ErrInvalid, id)
		}
		return id, object, nil
	case w.AppType == "" || w.AppID == "":
		return "", "", fmt.Errorf("%w: name the person: who needs app_type and app_id, or salesforce_id", ErrInvalid)
	}
	oms, err := s.store.ListObjectMappings(ctx, p.ConnectionID)
	if err != nil {
		return "", "", fmt.Errorf("reading object mappings: %w", err)
	}
	var objects []string
	for _, om := range oms {
		if om.AppType == w.AppType && slices.Contains([]string{"Contact", "Lead"}, om.Object) {
			objects = append(objects, om.Object)
		}
	}
	if len(objects) == 0 {
		return "", "", fmt.Errorf("%w: app type %q is not mapped to Contact or Lead on this connection, so its records cannot have Tasks", ErrInvalid, w.AppType)
	}
	for _, obj := range objects {
		ids, err := s.store.LookupSalesforceIDs(ctx, p.ConnectionID, obj, []string{w.AppID})
		if err != nil {
			return "", "", fmt.Errorf("reading links: %w", err)
		}
		if id := ids[w.AppID]; id != "" {
			return id, obj, nil
		}
	}
	if _, err := s.store.GetAppRecord(ctx, p.WorkspaceID, w.AppType, w.AppID); errors.Is(err, store.ErrNotFound) {
		return "", "", fmt.Errorf("%w: the workspace has no %s %s", ErrRecordNotFound, w.AppType, w.AppID)
	} else if err != nil {
		return "", "", fmt.Errorf("reading %s %s: %w", w.AppType, w.AppID, err)
	}
	return "", "", fmt.Errorf("%w: %s %s is not linked to a Salesforce %s on this connection yet (or its Salesforce record was deleted): sync it, or push it, first",
		ErrNotLinked, w.AppType, w.AppID, strings.Join(objects, " or "))
}
