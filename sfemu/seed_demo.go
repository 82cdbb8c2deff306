package sfemu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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

// Names, places, numbers.

func (d *demoSeeder) city() *demoCity { return &demoCities[d.weighted(d.cityWeights...)] }

// address returns a street address in c.
func (d *demoSeeder) address(c *demoCity) demoAddress {
	types := demoStreetTypesNA
	if c.country == "United Kingdom" {
		types = demoStreetTypesUK
	}
	street := strconv.Itoa(1+d.rng.IntN(4999)) + " " + demoPick(d, demoStreets) + " " + demoPick(d, types)
	if c.country != "United Kingdom" && d.chance(0.25) {
		street += "\n" + demoPick(d, demoStreetUnits)
	}
	return demoAddress{street: street, postal: d.postalCode(c), city: c}
}

func (d *demoSeeder) postalCode(c *demoCity) string {
	const (
		digits    = "0123456789"
		caLetters = "ABCEGHJKLMNPRSTVWXYZ"
		ukLetters = "ABDEFGHJLNPQRSTUWXYZ"
	)
	p := demoPick(d, c.postal)
	ch := func(set string) string { return string(set[d.rng.IntN(len(set))]) }
	switch c.country {
	case "Canada":
		return p + ch(caLetters) + " " + ch(digits) + ch(caLetters) + ch(digits)
	case "United Kingdom":
		return p + " " + ch(digits) + ch(ukLetters) + ch(ukLetters)
	}
	return fmt.Sprintf("%s%02d", p, d.rng.IntN(100))
}

// phone hands out a fictional number near c that no record has yet, so
// only the duplicates the seeder means to make share a number.
func (d *demoSeeder) phone(c *demoCity) string {
	start := d.rng.IntN(len(c.phones))
	for i := range c.phones {
		if n, ok := d.takeNumber(c.phones[(start+i)%len(c.phones)]); ok {
			return n
		}
	}
	for _, other := range demoCities {
		if other.country != c.country {
			continue
		}
		for _, p := range other.phones {
			if n, ok := d.takeNumber(p); ok {
				return n
			}
		}
	}
	for _, p := range demoSpareNANP {
		if n, ok := d.takeNumber(p); ok {
			return n
		}
	}
	panic("sfemu: demo seed ran out of fictional phone numbers")
}

// takeNumber returns the next unused number of a prefix. Numbers come in
// a scrambled but repeatable order: k*mult mod size visits every suffix
// once when mult is prime to size.
func (d *demoSeeder) takeNumber(prefix string) (string, bool) {
	digits, mult := 2, 37 // (415) 555-01xx
	switch {
	case strings.HasPrefix(prefix, "+44"):
		digits, mult = 3, 367 // 020 7946 0xxx
	case strings.HasPrefix(prefix, "+61"):
		digits, mult = 4, 3677 // (02) 5550 xxxx
	}
	size := int(math.Pow10(digits))
	k := d.phones[prefix]
	if k >= size {
		return "", false
	}
	d.phones[prefix] = k + 1
	return fmt.Sprintf("%s%0*d", prefix, digits, (k*mult+11)%size), true
}

// demoASCII lower-cases a name and keeps only ASCII letters and digits,
// folding accented letters, for emails and usernames.
func demoASCII(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case demoNameFold[r] != "":
			b.WriteString(demoNameFold[r])
		}
	}
	return b.String()
}

// email makes a unique address at domain in one of the common styles:
// first.last, flast or first_last.
func (d *demoSeeder) email(first, last, domain string, style int) string {
	f, l := demoASCII(first), demoASCII(last)
	local := f + "." + l
	switch style {
	case 1:
		local = f[:1] + l
	case 2:
		local = f + "_" + l
	}
	addr := local + "@" + domain
	for n := 2; d.emails[addr]; n++ {
		addr = local + strconv.Itoa(n) + "@" + domain
	}
	d.emails[addr] = true
	return addr
}

// company invents a company name no other record uses, in the industry
// at index ind of demoIndustryNouns, with a legal suffix usual in country.
func (d *demoSeeder) company(ind int, country string) (name, domain string) {
	nouns := demoIndustryNouns[ind].nouns
	var base string
	for try := 0; ; try++ {
		base = demoPick(d, demoCompanyWords) + " " + demoPick(d, nouns)
		if try > 20 {
			base += " " + demoPick(d, demoCities).city
		}
		if !d.companies[strings.ToLower(base)] {
			break
		}
	}
	d.companies[strings.ToLower(base)] = true
	name = base
	if d.chance(0.6) {
		name += demoPick(d, demoLegalSuffixes[country])
	}
	return name, demoASCII(base) + ".example"
}

// industry picks an index into demoIndustryNouns; technology and
// manufacturing are over-represented, as in most CRMs.
func (d *demoSeeder) industry() int {
	switch {
	case d.chance(0.2):
		return demoIndustry("Technology")
	case d.chance(0.1):
		return demoIndustry("Manufacturing")
	}
	return d.rng.IntN(len(demoIndustryNouns))
}

func demoIndustry(name string) int {
	for i, e := range demoIndustryNouns {
		if e.industry == name {
			return i
		}
	}
	panic("sfemu: no demo industry " + name)
}

// Users.

func (d *demoSeeder) users() error {
	ids := make([]string, len(demoUserSpecs))
	created := make([]time.Time, len(demoUserSpecs))
	for i := range created {
		created[i] = d.between(d.born.Add(time.Hour), d.born.Add(14*demoDay))
	}
	slices.SortFunc(created, time.Time.Compare)
	for i, u := range demoUserSpecs {
		profile := d.find("Profile", "Name", u.profile)
		if profile == "" {
			return fmt.Errorf("seeding demo users: no %s profile", u.profile)
		}
		city := &demoCities[slices.IndexFunc(demoCities, func(c demoCity) bool { return c.city == u.city })]
		local := demoASCII(u.first) + "." + demoASCII(u.last)
		alias := demoASCII(u.first)[:1] + demoASCII(u.last)
		alias = alias[:min(len(alias), 8)]
		f := map[string]any{
			"Username":          local + "@demo.sfemu.example",
			"Email":             local + "@demo.sfemu.example",
			"FirstName":         u.first,
			"LastName":          u.last,
			"Alias":             alias,
			"CommunityNickname": local,
			"Title":             u.title,
			"Department":        u.department,
			"Division":          "Americas",
			"CompanyName":       "sfemu Demo",
			"Phone":             d.phone(city),
			"MobilePhone":       d.phone(city),
			"EmployeeNumber":    "E" + strconv.Itoa(10400+7*i),
			"IsActive":          u.active,
			"ProfileId":         profile,
			"UserType":          "Standard",
			"TimeZoneSidKey":    u.timeZone,
			"LocaleSidKey":      u.locale,
			"LanguageLocaleKey": "en_US",
			"EmailEncodingKey":  "UTF-8",
		}
		if city.country != "United States" && city.country != "Canada" {
			f["Division"] = "EMEA"
		}
		d.address(city).put(f, "")
		if u.manager >= 0 {
			f["ManagerId"] = ids[u.manager]
		}
		modified := d.between(created[i], d.now)
		if u.active {
			f["LastLoginDate"] = demoDateTime(d.between(d.now.Add(-10*demoDay), d.now))
		} else {
			// Deactivated some months ago; that was the last edit.
			modified = d.between(d.born.Add(90*demoDay), d.now.Add(-30*demoDay))
			f["LastLoginDate"] = demoDateTime(d.between(modified.Add(-20*demoDay), modified))
		}
		r, err := d.create("User", d.admin, created[i], modified, f)
		if err != nil {
			return err
		}
		ids[i] = r.id
		if !u.active {
			continue
		}
		switch u.role {
		case "seller":
			d.sellers = append(d.sellers, r.id)
		case "sdr":
			d.sdrs = append(d.sdrs, r.id)
		case "support":
			d.support = append(d.support, r.id)
		}
	}
	return nil
}

// catalog creates the products and their standard price book entries.
func (d *demoSeeder) catalog() error {
	at := d.born.Add(14 * demoDay)
	for i, p := range demoProducts {
		created := at.Add(time.Duration(i) * 7 * time.Minute)
		modified := d.touched(created)
		prod, err := d.create("Product2", d.admin, created, modified, map[string]any{
			"Name":                  p.name,
			"ProductCode":           p.code,
			"StockKeepingUnit":      p.code,
			"IsActive":              p.active,
			"QuantityUnitOfMeasure": "Each",
			"Description":           p.name + ", list price " + strconv.FormatFloat(p.price, 'f', 0, 64) + " USD.",
		})
		if err != nil {
			return err
		}
		entry, err := d.create("PricebookEntry", d.admin, created.Add(time.Minute), modified, map[string]any{
			"Pricebook2Id":     d.pricebook,
			"Product2Id":       prod.id,
			"UnitPrice":        p.price,
			"IsActive":         p.active,
			"UseStandardPrice": false,
			"Name":             p.name,
			"ProductCode":      p.code,
		})
		if err != nil {
			return err
		}
		if p.active {
			d.products = append(d.products, demoProduct{id: prod.id, entry: entry.id, price: p.price, qty: [2]int{p.minQty, p.maxQty}})
		}
	}
	return nil
}

// Accounts and contacts.

func (d *demoSeeder) accounts() error {
	created := make([]time.Time, demoAccounts)
	for i := range created {
		created[i] = d.between(d.born.Add(30*demoDay), d.now.Add(-14*demoDay))
	}
	slices.SortFunc(created, time.Time.Compare)
	for i := range demoAccounts {
		a := &demoAccount{emailStyle: d.rng.IntN(3)}
		a.created, a.owner = created[i], demoPick(d, d.sellers)
		ind := d.industry()
		city := d.city()
		typ := demoAccountTypes[d.weighted(35, 35, 10, 7, 3, 5, 5)]
		a.customer = strings.HasPrefix(typ, "Customer")
		employees := d.logUniform(8, 60000, 1)
		f := map[string]any{
			"Type":              typ,
			"NumberOfEmployees": employees,
			"AnnualRevenue":     d.logUniform(employees*60000, employees*300000, 1000),
			"Rating":            demoPick(d, ratings),
			"AccountSource":     demoPick(d, leadSources),
			"Ownership":         "Private",
			"Site":              "Headquarters",
		}
		if parent, name := d.parentAccount(i, city); parent != nil {
			a.subsidiary = true
			a.name = name
			a.domain, a.emailStyle = parent.domain, parent.emailStyle
			f["ParentId"] = parent.id
			f["Ownership"] = "Subsidiary"
			f["Site"] = city.city
			f["Industry"] = d.acctIndustry(parent)
		} else {
			a.name, a.domain = d.company(ind, city.country)
			f["Industry"] = demoIndustryNouns[ind].industry
			if employees > 5000 && d.chance(0.6) {
				f["Ownership"] = "Public"
				f["TickerSymbol"] = strings.ToUpper(demoASCII(a.name)[:3+d.rng.IntN(2)])
			}
		}
		a.addr = d.address(city)
		f["Name"] = a.name
		f["Website"] = "https://www." + a.domain
		f["Phone"] = d.phone(city)
		if d.chance(0.3) {
			f["Fax"] = d.phone(city)
		}
		if a.customer {
			f["AccountNumber"] = fmt.Sprintf("CD%06d", 100000+(i*7919)%900000)
		}
		if d.chance(0.4) {
			size := "Mid-size"
			switch {
			case employees < 200:
				size = "Small"
			case employees > 5000:
				size = "Large"
			}
			f["Description"] = fmt.Sprintf("%s %s company based in %s.", size, strings.ToLower(f["Industry"].(string)), city.city)
		}
		a.addr.put(f, "Billing")
		if d.chance(0.8) {
			a.addr.put(f, "Shipping")
		} else {
			d.address(city).put(f, "Shipping")
		}
		r, err := d.create("Account", a.owner, a.created, d.touched(a.created), f)
		if err != nil {
			return err
		}
		a.id = r.id
		d.accts = append(d.accts, a)
	}
	return nil
}

// parentAccount picks, for about one account in twelve after the first
// few, an older account (not itself a subsidiary) to be its parent, and
// names the subsidiary after it and its city.
func (d *demoSeeder) parentAccount(i int, city *demoCity) (*demoAccount, string) {
	if i < 20 || !d.chance(0.08) {
		return nil, ""
	}
	p := demoPick(d, d.accts)
	name := p.name + " (" + city.city + ")"
	if p.subsidiary || d.companies[strings.ToLower(name)] {
		return nil, ""
	}
	d.companies[strings.ToLower(name)] = true
	return p, name
}

// acctIndustry returns the Industry value stored on an account.
func (d *demoSeeder) acctIndustry(a *demoAccount) any {
	r := d.o.byID[a.id]
	return r.get(r.obj.Field("Industry"))
}

func (d *demoSeeder) contacts() error {
	// Every account gets two contacts; the rest go to bigger accounts
	// more often.
	type slot struct {
		acct    *demoAccount
		created time.Time
	}
	weights := make([]int, len(d.accts))
	for i, a := range d.accts {
		weights[i] = 1
		if a.customer {
			weights[i] = 3
		}
	}
	slots := make([]slot, 0, demoContacts)
	for i := range demoContacts {
		a := d.accts[i%len(d.accts)]
		if i >= 2*len(d.accts) {
			a = d.accts[d.weighted(weights...)]
		}
		created := d.between(a.created, d.now.Add(-demoDay))
		if i < len(d.accts) {
			// The first contact came with the account.
			created = d.between(a.created, a.created.Add(3*demoDay))
		}
		slots = append(slots, slot{a, created})
	}
	slices.SortStableFunc(slots, func(x, y slot) int { return x.created.Compare(y.created) })
	for _, s := range slots {
		a := s.acct
		c := &demoContact{acct: a, first: demoPick(d, demoFirstNames), last: demoPick(d, demoLastNames)}
		c.created = s.created
		c.owner = a.owner
		if d.chance(0.1) {
			c.owner = demoPick(d, d.sellers)
		}
		title := demoPick(d, demoTitles)
		if len(a.contacts) == 0 {
			title = demoTitles[d.rng.IntN(7)] // an executive
		}
		c.title = title.title
		c.email = d.email(c.first, c.last, a.domain, a.emailStyle)
		city := a.addr.city
		c.phone = d.phone(city)
		f := map[string]any{
			"AccountId":  a.id,
			"FirstName":  c.first,
			"LastName":   c.last,
			"Title":      c.title,
			"Department": title.department,
			"Email":      c.email,
			"Phone":      c.phone,
		}
		if d.chance(0.05) {
			f["Salutation"] = "Dr."
		}
		if d.chance(0.5) {
			f["MobilePhone"] = d.phone(city)
		}
		if d.chance(0.6) {
			f["LeadSource"] = demoPick(d, leadSources)
		}
		if d.chance(0.15) {
			f["Birthdate"] = demoDate(d.between(d.now.AddDate(-65, 0, 0), d.now.AddDate(-24, 0, 0)))
		}
		f["HasOptedOutOfEmail"] = d.chance(0.05)
		f["DoNotCall"] = d.chance(0.03)
		if len(a.contacts) > 0 && d.chance(0.5) {
			f["ReportsToId"] = a.contacts[0].id
		}
		if d.chance(0.85) {
			a.addr.put(f, "Mailing")
		} else {
			d.address(d.city()).put(f, "Mailing") // works remotely
		}
		r, err := d.create("Contact", c.owner, c.created, d.touched(c.created), f)
		if err != nil {
			return err
		}
		c.id = r.id
		a.contacts = append(a.contacts, c)
		d.people = append(d.people, c)
	}
	return nil
}

// contactBefore picks one of a's contacts that existed at t, or nil.
func (d *demoSeeder) contactBefore(a *demoAccount, t time.Time) *demoContact {
	n, _ := slices.BinarySearchFunc(a.contacts, t, func(c *demoContact, t time.Time) int {
		if c.created.After(t) {
			return 1
		}
		return -1
	})
	if n == 0 {
		return nil
	}
	return a.contacts[d.rng.IntN(n)]
}

// Leads.

func (d *demoSeeder) leadOwner() string {
	if d.chance(0.75) {
		return demoPick(d, d.sdrs)
	}
	return demoPick(d, d.sellers)
}

func (d *demoSeeder) leads() error {
	plans := make([]demoPlan, 0, demoFreshLeads+demoConvertedLeads+demoEmailDupLeads+demoPhoneDupLeads)
	keep := func(r *record) error {
		d.leadRefs = append(d.leadRefs, demoRef{id: r.id, created: d.createdOf(r), owner: d.ownerOf(r)})
		return nil
	}

	// Fresh leads, some of them colleagues at the same company.
	type leadCompany struct {
		name, domain string
		ind, style   int
		addr         demoAddress
		employees    float64
	}
	var companies []leadCompany
	for range demoFreshLeads {
		var co leadCompany
		if len(companies) > 0 && d.chance(0.35) {
			co = companies[d.rng.IntN(len(companies))]
		} else {
			city := d.city()
			co.ind, co.style = d.industry(), d.rng.IntN(3)
			co.name, co.domain = d.company(co.ind, city.country)
			co.addr = d.address(city)
			co.employees = d.logUniform(5, 20000, 1)
			companies = append(companies, co)
		}
		first, last := demoPick(d, demoFirstNames), demoPick(d, demoLastNames)
		created := d.between(d.born.Add(30*demoDay), d.now)
		status := []string{"Open - Not Contacted", "Working - Contacted", "Closed - Not Converted"}[d.weighted(35, 35, 30)]
		modified := d.touched(created)
		if status != "Open - Not Contacted" {
			modified = d.between(created, d.now)
		}
		f := map[string]any{
			"FirstName":          first,
			"LastName":           last,
			"Company":            co.name,
			"Title":              demoPick(d, demoTitles).title,
			"Phone":              d.phone(co.addr.city),
			"Status":             status,
			"HasOptedOutOfEmail": d.chance(0.04),
			"DoNotCall":          d.chance(0.02),
			"IsUnreadByOwner":    status == "Open - Not Contacted" && d.chance(0.3),
		}
		co.addr.put(f, "")
		if d.chance(0.9) {
			f["Email"] = d.email(first, last, co.domain, co.style)
		}
		if d.chance(0.3) {
			f["MobilePhone"] = d.phone(co.addr.city)
		}
		if d.chance(0.6) {
			f["Website"] = "https://www." + co.domain
		}
		if d.chance(0.8) {
			f["LeadSource"] = demoPick(d, leadSources)
		}
		if d.chance(0.7) {
			f["Industry"] = demoIndustryNouns[co.ind].industry
		}
		if d.chance(0.5) {
			f["Rating"] = demoPick(d, ratings)
		}
		if d.chance(0.6) {
			f["NumberOfEmployees"] = co.employees
		}
		if d.chance(0.4) {
			f["AnnualRevenue"] = d.logUniform(co.employees*60000, co.employees*250000, 1000)
		}
		if d.chance(0.3) {
			f["Description"] = demoPick(d, demoLeadDescriptions)
		}
		plans = append(plans, demoPlan{created: created, modified: modified, user: d.leadOwner(), fields: f, done: keep})
	}

	// Leads that became contacts, and leads that duplicate a contact by
	// email or by phone: what duplicate rules and matching work on.
	picked := d.rng.Perm(len(d.people))
	next := func() *demoContact { c := d.people[picked[0]]; picked = picked[1:]; return c }
	person := func(c *demoContact) map[string]any {
		f := map[string]any{
			"FirstName":  c.first,
			"LastName":   c.last,
			"Company":    c.acct.name,
			"Title":      c.title,
			"Industry":   d.acctIndustry(c.acct),
			"LeadSource": demoPick(d, leadSources),
		}
		c.acct.addr.put(f, "")
		return f
	}
	for range demoConvertedLeads {
		c := next()
		f := person(c)
		f["Email"], f["Phone"] = c.email, c.phone
		f["Status"] = "Closed - Converted"
		f["IsConverted"] = true
		f["ConvertedDate"] = demoDate(c.created)
		f["ConvertedAccountId"] = c.acct.id
		f["ConvertedContactId"] = c.id
		created := d.between(demoLater(d.born.Add(30*demoDay), c.created.Add(-90*demoDay)), c.created)
		plans = append(plans, demoPlan{created: created, modified: c.created, user: c.owner, fields: f})
	}
	for i := range demoEmailDupLeads + demoPhoneDupLeads {
		c := next()
		f := person(c)
		f["Status"] = []string{"Open - Not Contacted", "Working - Contacted"}[d.rng.IntN(2)]
		f["LeadSource"] = "Web"
		if i < demoEmailDupLeads {
			f["Email"] = c.email
			if d.chance(0.25) {
				f["Email"] = strings.ToUpper(c.email) // typed into a web form
			}
			f["Phone"] = d.phone(c.acct.addr.city)
		} else {
			f["Phone"] = c.phone
			f["Email"] = d.email(c.first, c.last, "mail.example", 0)
		}
		created := d.between(c.created, d.now)
		plans = append(plans, demoPlan{created: created, modified: d.touched(created), user: d.leadOwner(), fields: f, done: keep})
	}
	return d.createAll("Lead", plans)
}

func (d *demoSeeder) createdOf(r *record) time.Time {
	return r.get(r.obj.Field("CreatedDate")).(dateTime).time()
}

func (d *demoSeeder) ownerOf(r *record) string {
	s, _ := r.get(r.obj.Field("OwnerId")).(string)
	return s
}

// Opportunities.

func (d *demoSeeder) opportunities() error {
	weights := make([]int, len(d.accts))
	for i, a := range d.accts {
		weights[i] = 1
		if a.customer {
			weights[i] = 4
		}
	}
	plans := make([]demoPlan, 0, demoOpportunities)
	for i := range demoOpportunities {
		a := d.accts[d.weighted(weights...)]
		stage := opportunityStageNames[d.weighted(7, 7, 7, 7, 7, 7, 7, 6, 25, 20)]
		if i < len(opportunityStageNames) {
			stage = opportunityStageNames[i] // every stage at least once
		}
		closed := strings.HasPrefix(stage, "Closed")
		var created, closeAt, modified time.Time
		if closed {
			created = d.between(a.created, d.now.Add(-21*demoDay))
			closeAt = demoEarlier(created.Add(time.Duration(14+d.rng.IntN(180))*demoDay), d.now.Add(-demoDay))
			modified = d.between(closeAt, demoEarlier(closeAt.Add(2*demoDay), d.now))
		} else {
			created = d.between(a.created, d.now)
			closeAt = demoLater(d.now.Add(time.Duration(d.rng.IntN(330)-30)*demoDay), created.Add(7*demoDay))
			modified = d.between(created, d.now)
		}
		owner := a.owner
		if d.chance(0.2) {
			owner = demoPick(d, d.sellers)
		}
		year, quarter := closeAt.Year(), (int(closeAt.Month())+2)/3
		f := map[string]any{
			"AccountId":     a.id,
			"Name":          a.name + " - " + demoPick(d, demoOppSuffixes),
			"StageName":     stage,
			"CloseDate":     demoDate(closeAt),
			"Amount":        d.logUniform(5000, 400000, 500),
			"FiscalYear":    year,
			"FiscalQuarter": quarter,
			"Fiscal":        fmt.Sprintf("%d %d", year, quarter),
		}
		f["Type"] = "New Customer"
		if a.customer {
			f["Type"] = []string{"Existing Customer - Upgrade", "Existing Customer - Replacement", "Existing Customer - Downgrade"}[d.weighted(6, 3, 1)]
		}
		if d.chance(0.7) {
			f["LeadSource"] = demoPick(d, leadSources)
		}
		if !closed {
			f["NextStep"] = demoPick(d, demoNextSteps)
		}
		if c := d.contactBefore(a, created); c != nil && d.chance(0.5) {
			f["ContactId"] = c.id
		}
		if d.chance(0.2) {
			f["Description"] = demoPick(d, demoNoteLines)
		}
		plans = append(plans, demoPlan{created: created, modified: modified, user: owner, fields: f, done: func(r *record) error {
			opp := &demoOpp{demoRef: demoRef{id: r.id, created: created, owner: owner}, acct: a}
			a.opps = append(a.opps, opp)
			d.opps = append(d.opps, opp)
			return nil
		}})
	}
	return d.createAll("Opportunity", plans)
}

// Activities and notes.

// activityTarget picks whom and what an activity is about: a contact with
// its account or one of the account's opportunities, or (when leads is
// set, some of the time) a lead alone, since a lead cannot be combined
// with a WhatId. It returns the fields and when they all existed.
func (d *demoSeeder) activityTarget(leads bool) (f map[string]any, since time.Time, owner string) {
	if leads && d.chance(0.35) {
		l := demoPick(d, d.leadRefs)
		return map[string]any{"WhoId": l.id}, l.created, l.owner
	}
	c := demoPick(d, d.people)
	f = map[string]any{"WhoId": c.id, "AccountId": c.acct.id, "WhatId": c.acct.id}
	since = c.created
	if len(c.acct.opps) > 0 && d.chance(0.5) {
		opp := demoPick(d, c.acct.opps)
		f["WhatId"] = opp.id
		since = demoLater(since, opp.created)
	}
	return f, since, c.owner
}

func (d *demoSeeder) tasks() error {
	plans := make([]demoPlan, 0, demoTasks)
	reps := slices.Concat(d.sellers, d.sdrs)
	for range demoTasks {
		f, since, owner := d.activityTarget(true)
		if d.chance(0.2) {
			owner = demoPick(d, reps) // a colleague helping out
		}
		kind := d.weighted(45, 40, 15) // call, email, to-do
		created := d.between(since, d.now)
		modified := created
		priority := []string{"High", "Normal", "Low"}[d.weighted(15, 75, 10)]
		f["Priority"] = priority
		f["IsHighPriority"] = priority == "High"
		switch kind {
		case 0:
			f["Subject"], f["Type"], f["TaskSubtype"] = demoPick(d, demoCallSubjects), "Call", "Call"
			f["CallType"] = []string{"Outbound", "Inbound"}[d.weighted(4, 1)]
			f["CallDisposition"] = demoPick(d, demoDispositions)
			f["CallDurationInSeconds"] = 20 + d.rng.IntN(1800)
		case 1:
			f["Subject"], f["Type"], f["TaskSubtype"] = demoPick(d, demoEmailSubjects), "Email", "Email"
			f["Description"] = demoPick(d, demoEmailBodies)
		default:
			f["Subject"], f["Type"], f["TaskSubtype"] = demoPick(d, demoTodoSubjects), "Other", "Task"
		}
		if kind < 2 && d.chance(0.75) {
			// Logged after the fact: done when it was written down.
			f["ActivityDate"] = demoDate(created)
			f["Status"] = "Completed"
			f["CompletedDateTime"] = demoDateTime(created)
		} else {
			due := created.Add(time.Duration(1+d.rng.IntN(21)) * demoDay)
			f["ActivityDate"] = demoDate(due)
			switch {
			case due.Before(d.now) && d.chance(0.8):
				done := d.between(created, demoEarlier(due.Add(2*demoDay), d.now))
				f["Status"] = "Completed"
				f["CompletedDateTime"] = demoDateTime(done)
				modified = done
			default:
				f["Status"] = []string{"Not Started", "In Progress", "Waiting on someone else", "Deferred"}[d.weighted(60, 25, 10, 5)]
				modified = d.touched(created)
			}
		}
		plans = append(plans, demoPlan{created: created, modified: modified, user: owner, fields: f})
	}
	return d.createAll("Task", plans)
}

func (d *demoSeeder) events() error {
	plans := make([]demoPlan, 0, demoEvents)
	for range demoEvents {
		f, since, owner := d.activityTarget(false)
		// Meetings start on the half hour in North American office hours.
		start := d.between(since.Add(demoDay), d.now.Add(60*demoDay)).Truncate(demoDay)
		start = start.Add(time.Duration(14*60+30*d.rng.IntN(16)) * time.Minute)
		minutes := []int{30, 60, 60, 90, 120}[d.rng.IntN(5)]
		end := start.Add(time.Duration(minutes) * time.Minute)
		created := d.between(demoLater(since, start.Add(-21*demoDay)), demoEarlier(start, d.now))
		modified := d.between(created, demoEarlier(end.Add(demoDay), d.now))
		f["Subject"] = demoPick(d, demoEventSubjects)
		f["Type"] = "Meeting"
		f["Location"] = demoPick(d, demoEventPlaces)
		if strings.HasPrefix(f["Subject"].(string), "Onsite") {
			f["Location"] = "Customer office"
		}
		f["StartDateTime"] = demoDateTime(start)
		f["EndDateTime"] = demoDateTime(end)
		f["ActivityDateTime"] = demoDateTime(start)
		f["ActivityDate"] = demoDate(start)
		f["EndDate"] = demoDate(end)
		f["DurationInMinutes"] = minutes
		f["ShowAs"] = "Busy"
		if d.chance(0.3) {
			f["Description"] = demoPick(d, demoNoteLines)
		}
		plans = append(plans, demoPlan{created: created, modified: modified, user: owner, fields: f})
	}
	return d.createAll("Event", plans)
}

func (d *demoSeeder) notes() error {
	plans := make([]demoPlan, 0, demoNotes)
	for range demoNotes {
		var parent demoRef
		if d.chance(0.6) {
			parent = demoPick(d, d.accts).demoRef
		} else {
			parent = demoPick(d, d.opps).demoRef
		}
		var lines []string
		for _, i := range d.rng.Perm(len(demoNoteLines))[:2+d.rng.IntN(3)] {
			lines = append(lines, demoNoteLines[i])
		}
		created := d.between(parent.created, d.now)
		plans = append(plans, demoPlan{created: created, modified: d.touched(created), user: parent.owner, fields: map[string]any{
			"ParentId":  parent.id,
			"Title":     demoPick(d, demoNoteTitles),
			"Body":      strings.Join(lines, "\n"),
			"IsPrivate": d.chance(0.05),
		}})
	}
	return d.createAll("Note", plans)
}

// Orders.

func (d *demoSeeder) orders() error {
	var customers []*demoAccount
	for _, a := range d.accts {
		if a.customer {
			customers = append(customers, a)
		}
	}
	plans := make([]demoPlan, 0, demoOrders)
	for range demoOrders {
		a := demoPick(d, customers)
		created := d.between(a.created, d.now.Add(-demoDay))
		effective := created.Add(time.Duration(d.rng.IntN(30)) * demoDay)
		activate := effective.Before(d.now) && d.chance(0.6)
		f := map[string]any{
			"AccountId":     a.id,
			"Pricebook2Id":  d.pricebook,
			"EffectiveDate": demoDate(effective),
			"Status":        "Draft",
			"StatusCode":    "Draft",
			"TotalAmount":   0,
		}
		if d.chance(0.7) {
			f["PoNumber"] = fmt.Sprintf("PO-%05d", 10000+d.rng.IntN(90000))
			f["PoDate"] = demoDate(created)
		}
		if c := d.contactBefore(a, created); c != nil {
			f["BillToContactId"], f["ShipToContactId"] = c.id, c.id
			f["CustomerAuthorizedById"], f["CustomerAuthorizedDate"] = c.id, demoDate(created)
		}
		a.addr.put(f, "Billing")
		a.addr.put(f, "Shipping")
		plans = append(plans, demoPlan{created: created, modified: created, user: a.owner, fields: f, done: func(r *record) error {
			return d.fillOrder(r, created, demoDate(effective), a.owner, activate)
		}})
	}
	return d.createAll("Order", plans)
}

// fillOrder adds one to four products to a new draft order, then records
// its total and, for orders to activate, activates it as a user would once
// the products are in.
func (d *demoSeeder) fillOrder(order *record, created time.Time, effective, owner string, activate bool) error {
	total := 0.0
	at := created
	for _, k := range d.rng.Perm(len(d.products))[:1+d.rng.IntN(4)] {
		p := d.products[k]
		qty := float64(p.qty[0] + d.rng.IntN(p.qty[1]-p.qty[0]+1))
		price := math.Round(p.price*(1-0.05*float64(d.rng.IntN(5)))*100) / 100
		total += qty * price
		at = demoEarlier(at.Add(time.Duration(1+d.rng.IntN(20))*time.Minute), d.now)
		d.orderItems++
		if _, err := d.create("OrderItem", owner, at, at, map[string]any{
			"OrderId":          order.id,
			"PricebookEntryId": p.entry,
			"Product2Id":       p.id,
			"Quantity":         qty,
			"UnitPrice":        price,
			"ListPrice":        p.price,
			"ServiceDate":      effective,
			"OrderItemNumber":  fmt.Sprintf("%010d", 100+d.orderItems),
		}); err != nil {
			return err
		}
	}
	change := map[string]any{"TotalAmount": math.Round(total*100) / 100}
	modified := at
	if activate {
		modified = d.between(at, d.now)
		change["Status"] = "Activated"
		change["StatusCode"] = "Activated"
		change["ActivatedDate"] = demoDateTime(modified)
		change["ActivatedById"] = owner
	}
	r, err := d.t.update(order.obj, order.id, change, writeOptions{system: true, userID: owner})
	if err != nil {
		return fmt.Errorf("updating demo Order: %w", err)
	}
	d.backdate(r, created, modified)
	return nil
}

// Cases.

func (d *demoSeeder) cases() error {
	var comments []demoPlan
	plans := make([]demoPlan, 0, demoCases)
	for range demoCases {
		a := demoPick(d, d.accts)
		c := demoPick(d, a.contacts)
		created := d.between(c.created, d.now.Add(-demoDay))
		status := []string{"New", "Working", "Escalated", "Closed"}[d.weighted(8, 10, 4, 18)]
		modified := d.touched(created)
		if status != "New" {
			modified = d.between(created, d.now)
		}
		owner := demoPick(d, d.support)
		origin := []string{"Phone", "Email", "Web"}[d.rng.IntN(3)]
		f := map[string]any{
			"AccountId":    a.id,
			"ContactId":    c.id,
			"ContactEmail": c.email,
			"ContactPhone": c.phone,
			"Subject":      demoPick(d, demoCaseSubjects),
			"Description":  demoPick(d, demoNoteLines),
			"Status":       status,
			"Priority":     []string{"High", "Medium", "Low"}[d.weighted(2, 5, 3)],
			"Origin":       origin,
			"Type":         []string{"Electronic", "Electrical", "Other"}[d.rng.IntN(3)],
			"Reason":       demoPick(d, []string{"Installation", "Performance", "Breakdown", "Feedback", "Other"}),
			"IsEscalated":  status == "Escalated",
		}
		if status == "Closed" {
			f["ClosedDate"] = demoDateTime(modified)
		}
		if origin == "Web" {
			f["SuppliedName"] = c.first + " " + c.last
			f["SuppliedEmail"] = c.email
			f["SuppliedPhone"] = c.phone
			f["SuppliedCompany"] = a.name
		}
		n := d.rng.IntN(4)
		if status == "Closed" {
			n = 2 + d.rng.IntN(3)
		}
		plans = append(plans, demoPlan{created: created, modified: modified, user: owner, fields: f, done: func(r *record) error {
			for range n {
				at := d.between(created, modified)
				comments = append(comments, demoPlan{created: at, modified: at, user: owner, fields: map[string]any{
					"ParentId":    r.id,
					"CommentBody": demoPick(d, demoCaseComments),
					"IsPublished": d.chance(0.5),
				}})
			}
			return nil
		}})
	}
	if err := d.createAll("Case", plans); err != nil {
		return err
	}
	return d.createAll("CaseComment", comments)
}
