package importer

import (
	"context"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/store/storetest"

	"github.com/rapport-app/rapport/data/store"
)

// The importer's tests share the store's test helpers.
var (
	fixedNow     = storetest.Now
	openTest     = storetest.Open
	mustCustomer = storetest.Customer
	count        = storetest.Count
)

// importString imports a CSV file's text with the mapping guessed from its header,
// as `rapport import KIND FILE` does.
func importString(t testing.TB, s *store.Store, kind, body string) (store.ImportBatch, error) {
	t.Helper()
	f, err := ReadCSV(strings.NewReader(body), kind)
	if err != nil {
		return store.ImportBatch{}, err
	}
	m := GuessMapping(kind, f.Header)
	m.GuessFormats(f)
	return Import(context.Background(), s, f, m)
}
