package sfemu

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

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
