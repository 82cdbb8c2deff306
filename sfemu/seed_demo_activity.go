package sfemu

import (
	"slices"
	"strings"
	"time"
)

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
