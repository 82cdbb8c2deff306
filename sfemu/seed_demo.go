package sfemu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// The demo org's random stream is fixed, so one clock always gives the
// same org, ids included.
const demoSeedHi, demoSeedLo = 0x5f3e_d0e5_0001, 0x0c0f_fee5_a1e5

// demoHistory is how far back the demo org's records reach: the org was
// "created" that long before o.now(), and every record since.
const demoHistory = 400 * 24 * time.Hour

// Sizes of the demo org. Leads get conversions and duplicates of contacts
// on top of demoFreshLeads.
const (
	demoAccounts       = 320
	demoContacts       = 2100
	demoFreshLeads     = 1000
	demoConvertedLeads = 40
	demoEmailDupLeads  = 35
	demoPhoneDupLeads  = 25
	demoOpportunities  = 600
	demoTasks          = 2400
	demoEvents         = 300
	demoNotes          = 400
	demoOrders         = 120
	demoCases          = 40
)

const demoDay = 24 * time.Hour

// seedDemo fills the org with a realistic sales org (Options.Seed "demo"):
// users, accounts with contacts, leads (a few duplicating contacts),
// opportunities in every stage, tasks, events, notes, products in the
// standard price book, orders and cases. Every record goes through
// tx.create as a system write, so it passes the validation an API insert
// does; audit dates are then spread over the org's history, up to
// o.now().
func (s *Server) seedDemo() error {
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	d := newDemoSeeder(o)
	for _, step := range []func() error{
		d.backdateBase, d.users, d.catalog, d.accounts, d.contacts, d.leads,
		d.opportunities, d.tasks, d.events, d.notes, d.orders, d.cases,
	} {
		if err := step(); err != nil {
			d.t.rollback()
			return err
		}
	}
	return nil
}

// demoSeeder builds the demo org in one transaction from one random
// stream. It remembers what it created so later records can point at it.
type demoSeeder struct {
	o    *org
	t    *tx
	rng  *rand.Rand
	now  time.Time // the org's clock, to the second
	born time.Time // when the demo org was set up

	cityWeights []int
	phones      map[string]int  // number prefix -> numbers handed out
	emails      map[string]bool // lower-case addresses in use
	companies   map[string]bool // lower-case company names in use

	admin     string
	pricebook string
	sellers   []string // active account executives and managers
	sdrs      []string // active users who work leads
	support   []string // active support agents

	orderItems int // OrderItems so far, for their numbers

	accts    []*demoAccount
	people   []*demoContact
	leadRefs []demoRef // open leads, for activities
	opps     []*demoOpp
	products []demoProduct
}

// demoRef is a created record others link to.
type demoRef struct {
	id      string
	created time.Time
	owner   string
}

type demoAccount struct {
	demoRef
	name, domain string
	emailStyle   int
	customer     bool
	subsidiary   bool
	addr         demoAddress
	contacts     []*demoContact // oldest first
	opps         []*demoOpp     // oldest first
}

type demoContact struct {
	demoRef
	acct               *demoAccount
	first, last, email string
	phone, title       string
}

type demoOpp struct {
	demoRef
	acct *demoAccount
}

type demoProduct struct {
	id, entry string // Product2 and standard PricebookEntry ids
	price     float64
	qty       [2]int // usual quantity on an order line, least and most
}

type demoAddress struct {
	street, postal string
	city           *demoCity
}

// put sets the address fields with prefix (Billing, Mailing, "" for Lead).
func (a demoAddress) put(fields map[string]any, prefix string) {
	fields[prefix+"Street"] = a.street
	fields[prefix+"City"] = a.city.city
	fields[prefix+"State"] = a.city.state
	fields[prefix+"PostalCode"] = a.postal
	fields[prefix+"Country"] = a.city.country
}

func newDemoSeeder(o *org) *demoSeeder {
	now := o.now().UTC().Truncate(time.Second)
	d := &demoSeeder{
		o:         o,
		t:         o.begin(),
		rng:       rand.New(rand.NewPCG(demoSeedHi, demoSeedLo)),
		now:       now,
		born:      now.Add(-demoHistory),
		phones:    map[string]int{},
		emails:    map[string]bool{},
		companies: map[string]bool{},
		admin:     o.adminID,
	}
	for _, c := range demoCities {
		d.cityWeights = append(d.cityWeights, c.weight)
	}
	return d
}

// demoPlan is one record to create: by whom, when, with what, and what to
// remember of it afterwards.
type demoPlan struct {
	created, modified time.Time
	user              string
	fields            map[string]any
	done              func(r *record) error
}

// createAll creates the plans oldest first, so ids rise with CreatedDate
// as they do in a real org.
func (d *demoSeeder) createAll(object string, plans []demoPlan) error {
	slices.SortStableFunc(plans, func(a, b demoPlan) int { return a.created.Compare(b.created) })
	for _, p := range plans {
		r, err := d.create(object, p.user, p.created, p.modified, p.fields)
		if err != nil {
			return err
		}
		if p.done != nil {
			if err := p.done(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// create inserts a record as user through the API's write path and
// backdates it.
func (d *demoSeeder) create(object, user string, created, modified time.Time, fields map[string]any) (*record, error) {
	r, err := d.t.create(d.o.object(object), fields, writeOptions{system: true, userID: user})
	if err != nil {
		return nil, fmt.Errorf("creating demo %s: %w", object, err)
	}
	return d.backdate(r, created, modified), nil
}

// backdate stores a new version of r with its audit dates in the past,
// since the write path stamps them with now. A few records get a
// SystemModstamp later than LastModifiedDate, as background recalculation
// gives them in real orgs; sync tools must key on SystemModstamp.
func (d *demoSeeder) backdate(r *record, created, modified time.Time) *record {
	created = demoEarlier(created, d.now)
	modified = demoEarlier(demoLater(modified, created), d.now)
	stamp := modified
	if d.chance(0.05) {
		stamp = d.between(modified, d.now)
	}
	c := r.clone()
	d.o.setSystem(c, "CreatedDate", toDateTime(created))
	d.o.setSystem(c, "LastModifiedDate", toDateTime(modified))
	d.o.setSystem(c, "SystemModstamp", toDateTime(stamp))
	d.t.put(c)
	return c
}

// backdateBase moves what seedBase created (the Organization row,
// profiles, the admin user, lead statuses, the standard price book) to
// the day the demo org was set up.
func (d *demoSeeder) backdateBase() error {
	for _, obj := range d.o.objectList() {
		for _, r := range d.o.tables[obj].rows {
			if r != nil {
				d.backdate(r, d.born, d.born)
			}
		}
	}
	d.pricebook = d.find("Pricebook2", "Name", "Standard Price Book")
	if d.pricebook == "" {
		return fmt.Errorf("seeding demo data: the standard price book is missing")
	}
	return nil
}

// find returns the id of the first live record of object whose field
// equals value.
func (d *demoSeeder) find(object, field, value string) string {
	obj := d.o.object(object)
	f := obj.Field(field)
	for _, r := range d.o.tables[obj].rows {
		if r != nil && !r.deleted && r.get(f) == value {
			return r.id
		}
	}
	return ""
}

// Random choices.

func (d *demoSeeder) chance(p float64) bool { return d.rng.Float64() < p }

// between returns an instant in [a, b] to the second, or a when b is
// not after it.
func (d *demoSeeder) between(a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(d.rng.Int64N(int64(b.Sub(a)/time.Second)+1)) * time.Second)
}

// touched picks a LastModifiedDate: a third of records were never edited.
func (d *demoSeeder) touched(created time.Time) time.Time {
	if d.chance(0.35) {
		return created
	}
	return d.between(created, d.now)
}

// weighted returns an index with probability proportional to its weight.
func (d *demoSeeder) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := d.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// logUniform returns a value between lo and hi whose logarithm is uniform,
// as company sizes and deal amounts are spread, rounded to a multiple of
// step.
func (d *demoSeeder) logUniform(lo, hi, step float64) float64 {
	v := math.Exp(math.Log(lo) + d.rng.Float64()*(math.Log(hi)-math.Log(lo)))
	return math.Max(step, math.Round(v/step)*step)
}

func demoPick[T any](d *demoSeeder, s []T) T { return s[d.rng.IntN(len(s))] }

func demoEarlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func demoLater(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func demoDate(t time.Time) string     { return t.Format(time.DateOnly) }
func demoDateTime(t time.Time) string { return t.Format(time.RFC3339) }
