package sfemu

// The word tables the demo seed (seed_demo.go) draws from. They are small
// on purpose: a few dozen entries combine into thousands of plausible,
// clearly fictional people and companies. Every domain uses the .example
// TLD and every phone number a range reserved for fiction (555-01xx in
// North America, Ofcom's drama ranges in the UK, 5550 xxxx in Australia).

// demoFirstNames include accented and hyphen-free names alike, so clients
// see some non-ASCII text; emails fold them to ASCII.
var demoFirstNames = []string{
	"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael",
	"Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan",
	"Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel",
	"Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Margaret",
	"Steven", "Sandra", "Andrew", "Ashley", "Joshua", "Emily", "Kevin",
	"Donna", "Brian", "Michelle", "George", "Carol", "Timothy", "Amanda",
	"Ryan", "Melissa", "Jacob", "Deborah", "Nicholas", "Stephanie", "Eric",
	"Rebecca", "Jonathan", "Laura", "Samuel", "Rachel", "Aisha", "Wei",
	"Hiroshi", "Yuki", "Priya", "Arjun", "Fatima", "Omar", "Mateo",
	"Sofía", "José", "Lucía", "Chloé", "Renée", "Björn", "Zoë", "Ngozi",
	"Kwame", "Mei", "Hana", "Ines", "Lars", "Sven", "Anika", "Noah", "Ava",
}

var demoLastNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
	"Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
	"Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
	"Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
	"Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
	"Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
	"Carter", "Roberts", "Patel", "Shah", "Kim", "Park", "Chen", "Wang",
	"Tanaka", "Sato", "Okafor", "Mensah", "Haddad", "Khan", "O'Connor",
	"McAllister", "Fitzgerald", "Novak", "Kowalski", "Schmidt", "Müller",
	"Núñez", "Larsen", "Johansson", "Dubois", "Rossi", "Ferreira",
	"Van der Berg", "Singh", "Murphy", "Kelly", "Sullivan",
}

// demoNameFold maps the accented letters of the name tables to ASCII for
// email addresses and usernames.
var demoNameFold = map[rune]string{
	'á': "a", 'à': "a", 'å': "a", 'ä': "a", 'é': "e", 'è': "e", 'ë': "e",
	'í': "i", 'ó': "o", 'ö': "o", 'ø': "o", 'ú': "u", 'ü': "u", 'ñ': "n",
	'ç': "c",
}

// demoCompanyWords are the first half of company names.
var demoCompanyWords = []string{
	"Aspen", "Beacon", "Blue Harbor", "Bright Path", "Cedar", "Cobalt",
	"Copper Creek", "Driftwood", "Evergreen", "Falcon", "Granite",
	"Harborview", "Horizon", "Ironwood", "Juniper", "Kestrel", "Keystone",
	"Lakeside", "Lighthouse", "Maple", "Meridian", "Nimbus", "Northstar",
	"Oakridge", "Orchard", "Pioneer", "Prairie", "Quarry", "Redwood",
	"Ridgeline", "Riverbend", "Sierra", "Silverline", "Stonebridge",
	"Summit", "Thornbury", "Tidewater", "Upland", "Vantage", "Westfield",
	"Willow", "Zephyr", "Alder", "Brookside", "Clearwater", "Fernhill",
	"Highgate", "Larkspur",
}

// demoIndustryNouns gives each industry the second halves of company
// names, so "Cedar Logistics" is in Transportation. The keys are values of
// the Industry picklist.
var demoIndustryNouns = []struct {
	industry string
	nouns    []string
}{
	{"Agriculture", []string{"Farms", "Agritech", "Growers"}},
	{"Apparel", []string{"Apparel", "Outfitters", "Threads"}},
	{"Banking", []string{"Bank", "Savings", "Credit Union"}},
	{"Biotechnology", []string{"Biosciences", "Therapeutics", "Genomics"}},
	{"Chemicals", []string{"Chemical", "Materials", "Polymers"}},
	{"Communications", []string{"Communications", "Signal"}},
	{"Construction", []string{"Builders", "Construction", "Contractors"}},
	{"Consulting", []string{"Consulting", "Advisors", "Partners"}},
	{"Education", []string{"Learning", "Academy", "Education"}},
	{"Electronics", []string{"Electronics", "Devices", "Circuits"}},
	{"Energy", []string{"Energy", "Solar", "Power"}},
	{"Engineering", []string{"Engineering", "Design Works"}},
	{"Entertainment", []string{"Studios", "Entertainment"}},
	{"Finance", []string{"Capital", "Financial", "Investments"}},
	{"Food & Beverage", []string{"Foods", "Brewing", "Provisions"}},
	{"Healthcare", []string{"Health", "Medical", "Clinics"}},
	{"Hospitality", []string{"Hotels", "Hospitality", "Resorts"}},
	{"Insurance", []string{"Insurance", "Assurance", "Mutual"}},
	{"Machinery", []string{"Machinery", "Equipment"}},
	{"Manufacturing", []string{"Manufacturing", "Industries", "Fabrication", "Works"}},
	{"Media", []string{"Media", "Publishing"}},
	{"Retail", []string{"Market", "Goods", "Supply"}},
	{"Technology", []string{"Systems", "Software", "Labs", "Networks", "Data", "Cloud"}},
	{"Telecommunications", []string{"Telecom", "Wireless"}},
	{"Transportation", []string{"Logistics", "Freight", "Transport"}},
	{"Utilities", []string{"Utilities", "Water"}},
}

// demoCity is a place records live: the postal codes and fictional phone
// number prefixes that go with it. weight makes big cities more common.
type demoCity struct {
	city, state, country string
	postal               []string // US ZIP3, Canadian FSA start, UK outward code, AU first two digits
	phones               []string // number prefixes; phoneDigits random digits follow
	weight               int
}

var demoCities = []demoCity{
	{"San Francisco", "CA", "United States", []string{"941"}, []string{"(415) 555-01", "(628) 555-01"}, 6},
	{"Los Angeles", "CA", "United States", []string{"900"}, []string{"(213) 555-01", "(310) 555-01", "(323) 555-01"}, 5},
	{"San Diego", "CA", "United States", []string{"921"}, []string{"(619) 555-01", "(858) 555-01"}, 3},
	{"San Jose", "CA", "United States", []string{"951"}, []string{"(408) 555-01", "(669) 555-01"}, 3},
	{"Seattle", "WA", "United States", []string{"981"}, []string{"(206) 555-01", "(425) 555-01"}, 4},
	{"Portland", "OR", "United States", []string{"972"}, []string{"(503) 555-01", "(971) 555-01"}, 2},
	{"Denver", "CO", "United States", []string{"802"}, []string{"(303) 555-01", "(720) 555-01"}, 3},
	{"Phoenix", "AZ", "United States", []string{"850"}, []string{"(602) 555-01", "(480) 555-01"}, 2},
	{"Salt Lake City", "UT", "United States", []string{"841"}, []string{"(801) 555-01", "(385) 555-01"}, 1},
	{"Austin", "TX", "United States", []string{"787"}, []string{"(512) 555-01", "(737) 555-01"}, 3},
	{"Dallas", "TX", "United States", []string{"752"}, []string{"(214) 555-01", "(469) 555-01", "(972) 555-01"}, 4},
	{"Houston", "TX", "United States", []string{"770"}, []string{"(713) 555-01", "(832) 555-01"}, 3},
	{"Chicago", "IL", "United States", []string{"606"}, []string{"(312) 555-01", "(773) 555-01", "(872) 555-01"}, 5},
	{"Minneapolis", "MN", "United States", []string{"554"}, []string{"(612) 555-01", "(952) 555-01"}, 2},
	{"Detroit", "MI", "United States", []string{"482"}, []string{"(313) 555-01", "(248) 555-01"}, 1},
	{"Columbus", "OH", "United States", []string{"432"}, []string{"(614) 555-01", "(380) 555-01"}, 2},
	{"Nashville", "TN", "United States", []string{"372"}, []string{"(615) 555-01", "(629) 555-01"}, 2},
	{"Atlanta", "GA", "United States", []string{"303"}, []string{"(404) 555-01", "(678) 555-01"}, 3},
	{"Miami", "FL", "United States", []string{"331"}, []string{"(305) 555-01", "(786) 555-01"}, 3},
	{"Charlotte", "NC", "United States", []string{"282"}, []string{"(704) 555-01", "(980) 555-01"}, 2},
	{"Raleigh", "NC", "United States", []string{"276"}, []string{"(919) 555-01", "(984) 555-01"}, 2},
	{"Washington", "DC", "United States", []string{"200"}, []string{"(202) 555-01", "(771) 555-01"}, 2},
	{"Philadelphia", "PA", "United States", []string{"191"}, []string{"(215) 555-01", "(267) 555-01"}, 3},
	{"New York", "NY", "United States", []string{"100"}, []string{"(212) 555-01", "(646) 555-01", "(917) 555-01"}, 7},
	{"Boston", "MA", "United States", []string{"021"}, []string{"(617) 555-01", "(857) 555-01"}, 4},
	{"Toronto", "ON", "Canada", []string{"M5"}, []string{"(416) 555-01", "(647) 555-01"}, 3},
	{"Vancouver", "BC", "Canada", []string{"V6"}, []string{"(604) 555-01", "(778) 555-01"}, 2},
	{"Montréal", "QC", "Canada", []string{"H3"}, []string{"(514) 555-01", "(438) 555-01"}, 2},
	{"Calgary", "AB", "Canada", []string{"T2"}, []string{"(403) 555-01", "(587) 555-01"}, 1},
	{"London", "", "United Kingdom", []string{"EC2A", "EC1V", "SE1", "WC2N", "N1", "W1D"}, []string{"+44 20 7946 0"}, 5},
	{"Manchester", "", "United Kingdom", []string{"M1", "M2", "M3", "M4"}, []string{"+44 161 496 0"}, 2},
	{"Edinburgh", "", "United Kingdom", []string{"EH1", "EH2", "EH3"}, []string{"+44 131 496 0"}, 1},
	{"Bristol", "", "United Kingdom", []string{"BS1", "BS2", "BS8"}, []string{"+44 117 496 0"}, 1},
	{"Sydney", "NSW", "Australia", []string{"20"}, []string{"+61 2 5550 "}, 3},
	{"Melbourne", "VIC", "Australia", []string{"30"}, []string{"+61 3 5550 "}, 2},
	{"Brisbane", "QLD", "Australia", []string{"40"}, []string{"+61 7 5550 "}, 1},
}

// demoSpareNANP are further North American prefixes for when a city's
// own run of a hundred fictional numbers is used up.
var demoSpareNANP = []string{
	"(201) 555-01", "(203) 555-01", "(207) 555-01", "(208) 555-01",
	"(216) 555-01", "(225) 555-01", "(231) 555-01", "(240) 555-01",
	"(252) 555-01", "(262) 555-01", "(270) 555-01", "(281) 555-01",
	"(301) 555-01", "(302) 555-01", "(304) 555-01", "(307) 555-01",
	"(314) 555-01", "(316) 555-01", "(317) 555-01", "(319) 555-01",
	"(401) 555-01", "(402) 555-01", "(405) 555-01", "(406) 555-01",
	"(410) 555-01", "(412) 555-01", "(414) 555-01", "(417) 555-01",
}

// demoLegalSuffixes are the company name endings usual in each country.
var demoLegalSuffixes = map[string][]string{
	"United States":  {" Inc.", " LLC", " Corp.", " Co."},
	"Canada":         {" Inc.", " Ltd."},
	"United Kingdom": {" Ltd", " PLC"},
	"Australia":      {" Pty Ltd"},
}

var (
	demoStreets = []string{
		"Main", "Oak", "Market", "Mission", "Harbor", "Lake", "Hill", "Park",
		"Washington", "Cedar", "Elm", "Pine", "Maple", "King", "Queen",
		"Church", "High", "Station", "Mill", "River", "Bridge", "Spring",
		"Union", "Franklin", "Madison", "Commerce", "Industrial", "Ridge",
		"Sunset", "Valley",
	}
	demoStreetTypesNA = []string{"St", "Ave", "Blvd", "Rd", "Dr", "Way", "Pkwy", "Ct"}
	demoStreetTypesUK = []string{"Street", "Road", "Lane", "Way", "Place", "Row"}
	demoStreetUnits   = []string{"Suite 100", "Suite 200", "Suite 350", "Floor 4", "Floor 12", "Unit 7", "Building B"}
)

// demoTitles are contact job titles and the department each sits in.
var demoTitles = []struct{ title, department string }{
	{"Chief Executive Officer", "Executive"},
	{"Chief Financial Officer", "Finance"},
	{"Chief Technology Officer", "Engineering"},
	{"Chief Information Officer", "IT"},
	{"VP of Operations", "Operations"},
	{"VP of Sales", "Sales"},
	{"VP of Marketing", "Marketing"},
	{"Director of IT", "IT"},
	{"Director of Procurement", "Procurement"},
	{"Director of Engineering", "Engineering"},
	{"Head of Customer Success", "Customer Success"},
	{"IT Manager", "IT"},
	{"Operations Manager", "Operations"},
	{"Procurement Manager", "Procurement"},
	{"Marketing Manager", "Marketing"},
	{"Finance Manager", "Finance"},
	{"Office Manager", "Administration"},
	{"Project Manager", "Operations"},
	{"Product Manager", "Product"},
	{"Systems Administrator", "IT"},
	{"Software Engineer", "Engineering"},
	{"Data Analyst", "Finance"},
	{"Purchasing Agent", "Procurement"},
	{"Account Manager", "Sales"},
	{"Controller", "Finance"},
	{"HR Director", "Human Resources"},
	{"Facilities Manager", "Facilities"},
	{"Executive Assistant", "Executive"},
}

// demoProducts is the price list: name, code, list price, whether the
// product is still sold, and how many an order line usually takes.
var demoProducts = []struct {
	name, code     string
	price          float64
	active         bool
	minQty, maxQty int
}{
	{"Analytics Platform - Standard (annual)", "AP-STD-12", 12000, true, 1, 1},
	{"Analytics Platform - Professional (annual)", "AP-PRO-12", 30000, true, 1, 1},
	{"Analytics Platform - Enterprise (annual)", "AP-ENT-12", 75000, true, 1, 1},
	{"Additional User Seat (annual)", "AP-SEAT-12", 480, true, 10, 250},
	{"Data Connector Pack", "DC-PACK-01", 5000, true, 1, 3},
	{"Sandbox Environment (annual)", "AP-SBX-12", 6000, true, 1, 2},
	{"Edge Gateway GX-100", "HW-GX100", 2500, true, 1, 20},
	{"Edge Gateway GX-400", "HW-GX400", 7800, true, 1, 8},
	{"Sensor Kit (10 units)", "HW-SK10", 1200, true, 1, 40},
	{"Rack Mount Kit", "HW-RMK", 350, true, 1, 20},
	{"Edge Gateway GX-50 (discontinued)", "HW-GX50", 1500, false, 1, 10},
	{"Implementation Services (per day)", "SV-IMPL-D", 1800, true, 2, 30},
	{"Solution Architect (per day)", "SV-ARCH-D", 2400, true, 1, 10},
	{"Data Migration Package", "SV-MIGR", 15000, true, 1, 1},
	{"Admin Training Course (per seat)", "SV-TRN-ADM", 950, true, 1, 6},
	{"End User Training Course (per seat)", "SV-TRN-USR", 400, true, 5, 60},
	{"Standard Support (annual)", "SU-STD-12", 3000, true, 1, 1},
	{"Premium Support (annual)", "SU-PRM-12", 9000, true, 1, 1},
	{"24x7 Mission Critical Support (annual)", "SU-MC-12", 20000, true, 1, 1},
	{"Extended Hardware Warranty (3 years)", "SU-HWW-36", 900, true, 1, 20},
}

// Activity and note text.
var (
	demoCallSubjects  = []string{"Call", "Discovery call", "Follow-up call", "Intro call", "Check-in call", "Pricing call"}
	demoEmailSubjects = []string{
		"Email: Introduction", "Email: Proposal follow-up", "Email: Pricing questions",
		"Email: Meeting recap", "Email: Contract redlines", "Email: Renewal reminder",
		"Email: Case study you asked for",
	}
	demoTodoSubjects = []string{"Send Quote", "Send Letter", "Prepare proposal", "Update account plan", "Book onsite visit", "Other"}
	demoDispositions = []string{"Connected", "Left voicemail", "No answer", "Meeting booked", "Wrong number"}
	demoEmailBodies  = []string{
		"Thanks for your time today. As discussed, I've attached the overview and pricing.",
		"Following up on our conversation about the rollout timeline.",
		"Here is the recap of our meeting and the agreed next steps.",
		"Just checking in to see whether you had a chance to review the proposal.",
		"Sharing the case study from a customer in your industry.",
	}
	demoEventSubjects = []string{"Meeting", "Product demo", "Quarterly business review", "Technical deep dive", "Executive briefing", "Onsite workshop"}
	demoEventPlaces   = []string{"Video call", "Customer office", "Our office", "Conference room B", "Phone"}
	demoNextSteps     = []string{
		"Schedule demo", "Send proposal", "Security review", "Legal review of MSA",
		"Confirm budget", "Meet economic buyer", "Technical validation", "Finalize pricing",
	}
	demoOppSuffixes = []string{
		"Platform Expansion", "New Business", "Renewal", "Seats Add-on",
		"Pilot", "Enterprise Upgrade", "Services Engagement", "Hardware Refresh",
		"Support Upgrade", "Regional Rollout",
	}
	demoNoteTitles = []string{
		"Call notes", "Pricing discussion", "Requirements", "Next steps",
		"Org chart", "Competitive landscape", "Budget and timing", "Meeting notes",
	}
	demoNoteLines = []string{
		"Budget is approved for this fiscal year.",
		"They are evaluating two competitors.",
		"IT wants a security questionnaire before the pilot.",
		"Champion is the director of operations.",
		"Procurement needs three weeks for a new vendor.",
		"Current contract with the incumbent ends next quarter.",
		"Asked for references in the same industry.",
		"Decision expected after the board meeting.",
		"Integration with their ERP is a must-have.",
		"Pilot scoped to one region first.",
	}
	demoCaseSubjects = []string{
		"Gateway offline after firmware update", "Cannot log in to the dashboard",
		"Report export times out", "Sensor readings missing since Monday",
		"Question about invoice", "Request for additional training",
		"Data connector failing with authentication error", "Slow performance in the EU region",
		"How do I add a new user?", "Replacement unit needed",
	}
	demoCaseComments = []string{
		"Asked the customer for logs and a screenshot.",
		"Reproduced the issue in a test environment.",
		"Escalated to tier 2 engineering.",
		"Workaround provided; waiting for confirmation.",
		"Customer confirmed the fix works.",
		"Shipped a replacement unit.",
		"Scheduled a call to walk through the settings.",
	}
	demoLeadDescriptions = []string{
		"Requested a demo through the website.",
		"Met at the regional trade show.",
		"Downloaded the analytics buyer's guide.",
		"Referred by a partner.",
		"Attended the product webinar.",
	}
)

// demoUserSpecs are the org's people. manager indexes an earlier entry.
var demoUserSpecs = []struct {
	first, last, title, department, profile string
	role                                    string // seller, sdr, support or other
	city, timeZone, locale                  string
	manager                                 int
	active                                  bool
}{
	{"Maya", "Chen", "VP of Sales", "Sales", "Standard User", "seller", "San Francisco", "America/Los_Angeles", "en_US", -1, true},
	{"Daniel", "Okafor", "Regional Sales Manager, West", "Sales", "Standard User", "seller", "Seattle", "America/Los_Angeles", "en_US", 0, true},
	{"Priya", "Raman", "Regional Sales Manager, East", "Sales", "Standard User", "seller", "New York", "America/New_York", "en_US", 0, true},
	{"Lucas", "Ferreira", "Account Executive", "Sales", "Standard User", "seller", "San Francisco", "America/Los_Angeles", "en_US", 1, true},
	{"Emma", "Walsh", "Account Executive", "Sales", "Standard User", "seller", "Denver", "America/Denver", "en_US", 1, true},
	{"Kenji", "Watanabe", "Account Executive", "Sales", "Standard User", "seller", "Seattle", "America/Los_Angeles", "en_US", 1, true},
	{"Grace", "Mensah", "Account Executive", "Sales", "Standard User", "seller", "Boston", "America/New_York", "en_US", 2, true},
	{"Ethan", "Brooks", "Account Executive", "Sales", "Standard User", "seller", "Chicago", "America/Chicago", "en_US", 2, true},
	{"Isabella", "Rossi", "Account Executive, EMEA", "Sales", "Standard User", "seller", "London", "Europe/London", "en_GB", 2, true},
	{"Sofía", "Álvarez", "Sales Development Representative", "Sales", "Standard User", "sdr", "Austin", "America/Chicago", "en_US", 1, true},
	{"Liam", "O'Brien", "Sales Development Representative", "Sales", "Standard User", "sdr", "New York", "America/New_York", "en_US", 2, true},
	{"Hannah", "Becker", "Marketing Manager", "Marketing", "Marketing User", "sdr", "San Francisco", "America/Los_Angeles", "en_US", -1, true},
	{"Marcus", "Reid", "Customer Support Agent", "Support", "Standard User", "support", "Denver", "America/Denver", "en_US", -1, true},
	{"Nadia", "Petrova", "Support Team Lead", "Support", "Standard User", "support", "Toronto", "America/New_York", "en_CA", -1, true},
	{"Owen", "Clarke", "Finance Analyst", "Finance", "Read Only", "other", "New York", "America/New_York", "en_US", -1, true},
	{"Greg", "Holt", "Account Executive", "Sales", "Standard User", "seller", "Chicago", "America/Chicago", "en_US", 2, false},
	{"Olivia", "Grant", "Sales Development Representative", "Sales", "Standard User", "sdr", "Austin", "America/Chicago", "en_US", 1, false},
	{"Tom", "Brandt", "Marketing Coordinator", "Marketing", "Marketing User", "other", "San Francisco", "America/Los_Angeles", "en_US", 11, false},
}

// demoAccountTypes are the values of Account.Type, in the order the seed
// weights them.
var demoAccountTypes = []string{
	"Prospect", "Customer - Direct", "Customer - Channel",
	"Channel Partner / Reseller", "Installation Partner", "Technology Partner", "Other",
}
