package doctor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Status is a check's verdict.
type Status string

// The verdicts. Only Fail makes a report not OK.
const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
)

// The check IDs; see the package documentation for what each checks.
const (
	CheckConnected    = "connected"
	CheckToken        = "token"
	CheckAPIEnabled   = "api_enabled"
	CheckAPIBudget    = "api_budget"
	CheckApprovalCap  = "approval_cap"
	CheckObjectAccess = "object_access"
	CheckFieldAccess  = "field_access"
	CheckPicklist     = "restricted_picklist"
	CheckMapping      = "mapping"
)

// Check is one finding. Object and Field are set for the checks of an
// object or a field. Fix, set unless the check passed, says what to do.
type Check struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Status  Status `json:"status"`
	Object  string `json:"object,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
}

// Summary counts a report's checks by status.
type Summary struct {
	Pass int `json:"pass"`
	Warn int `json:"warn"`
	Fail int `json:"fail"`
}

// Report is what a doctor run found.
type Report struct {
	WorkspaceID  string `json:"workspace_id"`
	ConnectionID string `json:"connection_id"`
	// OK says no check failed; warnings leave it true.
	OK      bool    `json:"ok"`
	Checks  []Check `json:"checks"`
	Summary Summary `json:"summary"`
	// APICalls is how far the org's daily API usage moved while the
	// doctor ran (as for sync runs: other traffic of the org at the same
	// time counts too), or the calls it made when Salesforce did not say.
	APICalls  int       `json:"api_calls"`
	CheckedAt time.Time `json:"checked_at"`
}

// Failed returns the checks that failed.
func (r Report) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Status == Fail {
			out = append(out, c)
		}
	}
	return out
}

// Options narrow a run.
type Options struct {
	// Objects limits the object checks to these Salesforce objects,
	// whether or not their mappings are enabled (the check before
	// enabling one). Empty means the objects of [Requirements] and
	// every object with an enabled mapping.
	Objects []string
	// ObjectsOnly skips the connection checks (token, API access, daily
	// budget, approval cap), so the run costs one describe per object.
	ObjectsOnly bool
}

// Store is what the doctor reads from sfbridge's store; store.Store is
// one.
type Store interface {
	ListObjectMappings(ctx context.Context, connectionID string) ([]store.ObjectMapping, error)
	ListFieldMappings(ctx context.Context, connectionID string) ([]store.FieldMapping, error)
	GetAppType(ctx context.Context, workspaceID, name string) (store.AppType, error)
	CountLaterAuthorizations(ctx context.Context, c store.Connection) (int, error)
}

// Connections is the connection lifecycle the doctor uses;
// *connection.Service is one.
type Connections interface {
	Get(ctx context.Context, workspaceID, id string) (store.Connection, error)
	// Client is the connection's own API client.
	Client(ctx context.Context, workspaceID, id string) (*salesforce.Client, error)
	// ReportFailure records what a failed call says about the
	// connection and returns it with the status reason and message.
	ReportFailure(ctx context.Context, workspaceID, id string, err error) (store.Connection, error)
	// Test is Test Connection, run when the checks find that a
	// connection marked not synced works again, so syncing resumes.
	Test(ctx context.Context, workspaceID, id string) (connection.TestResult, error)
}

// Deps are the doctor's collaborators.
type Deps struct {
	Store       Store
	Connections Connections
	// ApprovalCap is how many approvals Salesforce keeps per user and
	// connected app; 0 means 5, Salesforce's number.
	ApprovalCap int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// defaultApprovalCap is Salesforce's number of approvals per user and app.
const defaultApprovalCap = 5

// Run checks a connection of a workspace. Failing checks are in the
// report, not the error: the error is for what kept the doctor from
// checking at all (no such connection, the store failing), and a
// *connection.Error for a connection that does not exist.
func Run(ctx context.Context, deps Deps, workspaceID, connectionID string, opts Options) (Report, error) {
	if deps.Store == nil || deps.Connections == nil {
		return Report{}, errors.New("doctor: Deps.Store and Deps.Connections are required")
	}
	if deps.ApprovalCap <= 0 {
		deps.ApprovalCap = defaultApprovalCap
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	c, err := deps.Connections.Get(ctx, workspaceID, connectionID)
	if err != nil {
		return Report{}, err
	}
	r := &runner{deps: deps, conn: c}
	plans, err := r.plan(ctx, opts)
	if err != nil {
		return Report{}, err
	}
	if err := r.run(ctx, plans, opts); err != nil {
		return Report{}, err
	}
	return r.report(), nil
}

// CheckObject checks one object of a connection as its mapping stands
// in the store, without the connection checks: what to run before
// enabling the object's mapping. It costs one describe.
func CheckObject(ctx context.Context, deps Deps, workspaceID, connectionID, object string) (Report, error) {
	return Run(ctx, deps, workspaceID, connectionID, Options{Objects: []string{object}, ObjectsOnly: true})
}

// runner is one doctor run.
type runner struct {
	deps   Deps
	conn   store.Connection
	client *salesforce.Client
	checks []Check
	meter  meter
}

func (r *runner) add(c Check) { r.checks = append(r.checks, c) }

// run adds the checks: the connection's, then each object's, stopping at
// a failure that leaves nothing else to check.
func (r *runner) run(ctx context.Context, plans []*objectPlan, opts Options) error {
	client, err := r.deps.Connections.Client(ctx, r.conn.WorkspaceID, r.conn.ID)
	var ce *connection.Error
	if errors.As(err, &ce) && ce.Code == connection.CodeNotConnected {
		r.add(Check{ID: CheckConnected, Title: "Connection authorized", Status: Fail,
			Message: fmt.Sprintf("The connection %q has no Salesforce token (status %s), so nothing can be checked.", r.conn.Name, r.conn.Status),
			Fix:     "Authorize the connection with a Salesforce user (POST .../connections/{id}/authorize), then run the doctor again."})
		return nil
	}
	if err != nil {
		return fmt.Errorf("opening the client of connection %s: %w", r.conn.ID, err)
	}
	r.client = client
	if !opts.ObjectsOnly {
		goOn, err := r.connectionChecks(ctx)
		if err != nil || !goOn {
			return err
		}
	}
	for _, p := range plans {
		goOn, err := r.checkObject(ctx, p)
		if err != nil || !goOn {
			return err
		}
	}
	return nil
}

// report sums up the checks.
func (r *runner) report() Report {
	rep := Report{WorkspaceID: r.conn.WorkspaceID, ConnectionID: r.conn.ID, Checks: r.checks,
		APICalls: r.meter.calls(), CheckedAt: r.deps.Now().UTC()}
	if rep.Checks == nil {
		rep.Checks = []Check{}
	}
	for _, c := range r.checks {
		switch c.Status {
		case Pass:
			rep.Summary.Pass++
		case Warn:
			rep.Summary.Warn++
		case Fail:
			rep.Summary.Fail++
		}
	}
	rep.OK = rep.Summary.Fail == 0
	return rep
}

// meter counts a run's API calls from the usage Salesforce reports on
// every answer, falling back to the calls made.
type meter struct {
	made        int
	known       bool
	first, last int
}

// observe notes one call made with client.
func (m *meter) observe(client *salesforce.Client) {
	m.made++
	if u, ok := client.Usage(); ok {
		m.note(u.Used)
	}
}

// note records a usage reading.
func (m *meter) note(used int) {
	if !m.known {
		m.known, m.first, m.last = true, used, used
		return
	}
	m.last = max(m.last, used)
}

// calls is the usage counter's move, counting the call that gave the
// first reading.
func (m *meter) calls() int {
	if !m.known {
		return m.made
	}
	return max(m.last-m.first+1, m.made)
}
