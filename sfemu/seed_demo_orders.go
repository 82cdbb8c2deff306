package sfemu

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

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
