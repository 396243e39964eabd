package importer

import (
	"cmp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rapport-app/rapport/data/shop"
)

// aheadRows is how far ahead of the row being stored the phone numbers are read:
// well within what package shop remembers of the numbers read lately, so that a
// number read ahead is still there when its row comes.
const aheadRows = 1024

// phonesAhead reads the phone numbers of the rows ahead of the one being stored,
// in a goroutine of its own: reading a number (libphonenumber) takes about as
// long as storing the customer, and the transaction can only be written from one
// goroutine, so the second core reads while the first writes; the rows then find
// their numbers read (package shop remembers them). It reads the file's cells
// only, writes nothing, and stays at most aheadRows rows ahead. step is called
// once per record the import reaches; stop ends the goroutine and waits for it.
//
// Sales grouped by order are stored in another order than the file's: nothing is
// read ahead for them.
func (r *run) phonesAhead() (step, stop func()) {
	none := func() {}
	if r.tx == nil {
		return none, none
	}
	phoneField, countryCol := "customer_phone", -1
	if r.m.Kind == "customers" {
		phoneField = "phone"
		if fi, ok := r.fieldIdx["country"]; ok {
			countryCol = r.colIdx[fi]
		}
	}
	fi, ok := r.fieldIdx[phoneField]
	if !ok || r.colIdx[fi] < 0 {
		return none, none
	}
	if oi, ok := r.fieldIdx["order"]; ok && r.colIdx[oi] >= 0 {
		return none, none
	}
	col := r.colIdx[fi]
	rows, shopCountry := r.f.Rows, r.shopCountry
	// Each number read puts a token in; each record reached takes one out.
	tokens := make(chan struct{}, aheadRows)
	done := make(chan struct{})
	var reached atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < len(rows); i++ {
			// Behind the rows stored already: nothing to gain there.
			i = max(i, int(reached.Load()))
			if i >= len(rows) {
				return
			}
			select {
			case tokens <- struct{}{}:
			case <-done:
				return
			}
			raw := rows[i]
			if col >= len(raw) {
				continue
			}
			phone := strings.TrimSpace(raw[col])
			if phone == "" {
				continue
			}
			country := ""
			if countryCol >= 0 && countryCol < len(raw) {
				country = strings.ToUpper(strings.TrimSpace(raw[countryCol]))
			}
			shop.PhoneKey(phone, cmp.Or(country, shopCountry))
		}
	}()
	step = func() {
		reached.Add(1)
		select {
		case <-tokens:
		default:
		}
	}
	stop = func() {
		close(done)
		wg.Wait()
	}
	return step, stop
}
