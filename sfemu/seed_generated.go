package sfemu

import (
	"fmt"
	"strconv"
	"time"
)

// maxGeneratedContacts bounds Options.GenerateContacts: ten million
// Contacts take several gigabytes of memory.
const maxGeneratedContacts = 10_000_000

// generatedNames are the first and last names generated Contacts cycle
// through; with the record's number they make every name unique.
var (
	generatedFirst = []string{"Ana", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kai", "Lena", "Mo", "Nia", "Omar", "Pia"}
	generatedLast  = []string{"Diaz", "Berg", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Patel"}
	generatedTitle = []string{"Buyer", "CFO", "Engineer", "Director of Sales", "Office Manager", "Analyst", "VP Operations", "Founder"}
	generatedCity  = []string{"Lyon", "Austin", "Leeds", "Porto", "Osaka", "Denver", "Malmo", "Pune"}
)

// generateContacts adds n Contacts with generated names, emails, phones,
// titles and cities: the bulk of a load test. They are owned by the
// admin user and created in batches, each its own transaction, so the
// undo log stays small. Their audit dates are a day and more in the
// past, a second apart, as in an org that has had them a while: a
// sync's incremental read after its first load then finds only what
// changed since.
func (s *Server) generateContacts(n int) error {
	if n < 0 || n > maxGeneratedContacts {
		return fmt.Errorf("GenerateContacts is %d; use 0 to %d", n, maxGeneratedContacts)
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	obj := o.object("Contact")
	if obj == nil {
		return errInvalidType("Contact")
	}
	const batch = 10_000
	oldest := o.now().Add(-24*time.Hour - time.Duration(n)*time.Second).UTC()
	for start := 0; start < n; start += batch {
		t := o.begin()
		for i := start; i < min(start+batch, n); i++ {
			num := strconv.Itoa(i + 1)
			first, last := generatedFirst[i%len(generatedFirst)], generatedLast[(i/len(generatedFirst))%len(generatedLast)]
			fields := map[string]any{
				"FirstName":   first,
				"LastName":    last + " " + num,
				"Email":       "contact" + num + "@load.sfemu.example",
				"Phone":       fmt.Sprintf("+1 415 %03d %04d", (i/10000)%1000, i%10000),
				"Title":       generatedTitle[i%len(generatedTitle)],
				"MailingCity": generatedCity[i%len(generatedCity)],
			}
			stamp := oldest.Add(time.Duration(i) * time.Second).Format("2006-01-02T15:04:05.000Z")
			fields["CreatedDate"], fields["LastModifiedDate"], fields["SystemModstamp"] = stamp, stamp, stamp
			if _, err := t.create(obj, fields, writeOptions{system: true}); err != nil {
				t.rollback()
				return fmt.Errorf("generating Contact %d: %s", i+1, err.Message)
			}
		}
	}
	return nil
}
