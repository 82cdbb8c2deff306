package sfemu

// Names, places and numbers for the demo org: addresses, phones, emails,
// companies and the users who own the records.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

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
