package doctor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
)

// need is what sfbridge does with one field of an object, gathered from
// its own requirements and every mapping of the field.
type need struct {
	field          string
	read           bool
	create, update bool
	// pending says a mapping writes the field but the object mapping's
	// create and update directions are inbound: nothing is written yet.
	pending bool
	// why lists what needs the field, for messages.
	why []string
}

// writes says sfbridge writes the field now.
func (n *need) writes() bool { return n.create || n.update }

// objectPlan is what to check of one object.
type objectPlan struct {
	object  string
	mapping *store.ObjectMapping
	needs   []*need
	// lists are the list and multi-list mappings with options, to hold
	// against restricted picklists.
	lists []listMapping
	// problems are what is wrong with the mapping itself.
	problems []Check
}

// listMapping is a field mapping of an app list field with options.
type listMapping struct {
	m   store.FieldMapping
	app store.AppField
	// writes says the mapping writes the field now; otherwise the
	// object's directions are inbound and it will once one is both.
	writes bool
}

// need returns the need of field, adding it.
func (p *objectPlan) need(field string) *need {
	for _, n := range p.needs {
		if strings.EqualFold(n.field, field) {
			return n
		}
	}
	n := &need{field: field}
	p.needs = append(p.needs, n)
	return n
}

// wantsRead, wantsCreate and wantsUpdate say what the object must allow.
func (p *objectPlan) wantsRead() bool {
	return slices.ContainsFunc(p.needs, func(n *need) bool { return n.read })
}

func (p *objectPlan) wantsCreate() bool {
	return slices.ContainsFunc(p.needs, func(n *need) bool { return n.create })
}

func (p *objectPlan) wantsUpdate() bool {
	return slices.ContainsFunc(p.needs, func(n *need) bool { return n.update })
}

// plan decides the objects and fields to check, from the store alone.
func (r *runner) plan(ctx context.Context, opts Options) ([]*objectPlan, error) {
	oms, err := r.deps.Store.ListObjectMappings(ctx, r.conn.ID)
	if err != nil {
		return nil, fmt.Errorf("listing object mappings: %w", err)
	}
	fms, err := r.deps.Store.ListFieldMappings(ctx, r.conn.ID)
	if err != nil {
		return nil, fmt.Errorf("listing field mappings: %w", err)
	}
	var plans []*objectPlan
	find := func(object string) *objectPlan {
		for _, p := range plans {
			if strings.EqualFold(p.object, object) {
				return p
			}
		}
		return nil
	}
	// explicit says the objects were named: their mappings count
	// whether enabled or not.
	explicit := len(opts.Objects) > 0
	if explicit {
		for _, o := range opts.Objects {
			if o = strings.TrimSpace(o); o != "" && find(o) == nil {
				plans = append(plans, &objectPlan{object: o})
			}
		}
	} else {
		for _, req := range requirements {
			if find(req.Object) == nil {
				plans = append(plans, &objectPlan{object: req.Object})
			}
		}
		enabled := slices.Clone(oms)
		enabled = slices.DeleteFunc(enabled, func(m store.ObjectMapping) bool { return !m.Enabled })
		slices.SortFunc(enabled, func(a, b store.ObjectMapping) int { return strings.Compare(a.Object, b.Object) })
		for _, m := range enabled {
			if find(m.Object) == nil {
				plans = append(plans, &objectPlan{object: m.Object})
			}
		}
	}
	for _, req := range requirements {
		if p := find(req.Object); p != nil {
			n := p.need(req.Field)
			n.read = true
			if req.Edit {
				n.create, n.update = true, true
			}
			n.why = append(n.why, "sfbridge uses it")
		}
	}
	for i := range oms {
		om := &oms[i]
		p := find(om.Object)
		if p == nil || (!explicit && !om.Enabled) {
			continue
		}
		p.mapping = om
	}
	for _, p := range plans {
		if p.mapping == nil && !explicit {
			continue
		}
		if err := r.planMappings(ctx, p, fms); err != nil {
			return nil, err
		}
	}
	return plans, nil
}

// planMappings adds the needs of the field mappings of p's object.
func (r *runner) planMappings(ctx context.Context, p *objectPlan, fms []store.FieldMapping) error {
	var appType *store.AppType
	if p.mapping != nil && p.mapping.AppType != "" {
		at, err := r.deps.Store.GetAppType(ctx, r.conn.WorkspaceID, p.mapping.AppType)
		switch {
		case errors.Is(err, store.ErrNotFound):
			p.problems = append(p.problems, Check{ID: CheckMapping, Title: p.object + " mapped to a declared app type", Status: Fail, Object: p.object,
				Message: fmt.Sprintf("%s is mapped to the app type %s, which this workspace does not declare: nothing can be synced.", p.object, p.mapping.AppType),
				Fix:     fmt.Sprintf("Declare the app type with PUT /v1/workspaces/{ws}/app-types/%s, or map %s to another type.", p.mapping.AppType, p.object)})
		case err != nil:
			return fmt.Errorf("reading app type %s: %w", p.mapping.AppType, err)
		default:
			appType = &at
		}
	}
	createsOut := p.mapping != nil && p.mapping.CreateDirection == store.DirectionBoth
	updatesOut := p.mapping != nil && p.mapping.UpdateDirection == store.DirectionBoth
	for _, m := range fms {
		if !strings.EqualFold(m.Object, p.object) {
			continue
		}
		in := m.Direction == mapping.Inbound || m.Direction == mapping.Both
		out := m.Direction == mapping.Outbound || m.Direction == mapping.Both
		n := p.need(m.SFField)
		n.why = append(n.why, fmt.Sprintf("mapped to app field %s (%s)", m.AppField, m.Direction))
		n.read = n.read || in
		if out {
			n.create = n.create || createsOut
			n.update = n.update || updatesOut
			n.pending = n.pending || (!createsOut && !updatesOut)
		}
		if appType == nil || !out {
			continue
		}
		for _, f := range appType.Fields {
			if f.Name == m.AppField && (f.Type == store.AppList || f.Type == store.AppMultiList) && len(f.Options) > 0 {
				p.lists = append(p.lists, listMapping{m: m, app: f, writes: createsOut || updatesOut})
			}
		}
	}
	return nil
}
