package importer

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/shop"
)

// The floors of the import benchmarks: the rows an import writes, written by
// SQLite alone through the same driver, with the store's pragmas, in one
// transaction and with prepared statements.

// floorDB opens path as the store does, with statement journals in memory as an
// import's transaction has them (engine.InBulkTx; the floor sorts nothing, so
// temp_store can stay MEMORY throughout).
func floorDB(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	return sql.Open("sqlite", "file:"+path+"?"+q.Encode())
}

// inFloorTx runs fn in one transaction on path.
func inFloorTx(path string, fn func(tx *sql.Tx) error) error {
	db, err := floorDB(path)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// salesFloor looks up n customers by email key (c1, c9974, … as the benchmark's
// file names them) and adds a sale of day for each, with the import's log entry
// and its rows.
func salesFloor(path string, n int, day time.Time) error {
	return inFloorTx(path, func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO import_batches (kind, file_name, source, at, rows, sales) VALUES ('sales', 'floor', 'generic', ?, ?, ?)`,
			day.Unix(), n, n)
		if err != nil {
			return err
		}
		batch, _ := res.LastInsertId()
		find, err := tx.Prepare(`SELECT id FROM customers WHERE email_key = ? ORDER BY id DESC LIMIT 1`)
		if err != nil {
			return err
		}
		add, err := tx.Prepare(`INSERT INTO purchases (customer_id, at, items, amount_cents, channel) VALUES (?, ?, 'Beans', ?, 'visit')`)
		if err != nil {
			return err
		}
		log, err := tx.Prepare(`INSERT INTO import_rows (batch_id, tbl, row_id, action) VALUES (?, 'purchases', ?, 'added')`)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			var cust int64
			if err := find.QueryRow(fmt.Sprintf("c%d@example.com", 1+i*9973)).Scan(&cust); err != nil {
				return err
			}
			res, err := add.Exec(cust, day.Add(time.Duration(i)*time.Hour).Unix(), 2050+100*i)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			if _, err := log.Exec(batch, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// floorCustomer is one customer row as the import stores it, with the snapshot
// its log keeps.
type floorCustomer struct {
	name, email, phone, emailKey, phoneKey, nameKey, after string
}

// customerRows are the rows demotest.CustomersCSV(n) becomes, worked out beforehand: the
// floor only writes them.
func customerRows(n int) []floorCustomer {
	out := make([]floorCustomer, n)
	for i := range out {
		c := shop.Customer{Name: fmt.Sprintf("New Person %d", i), Email: fmt.Sprintf("np%d@example.org", i), TimeZone: "America/New_York",
			Kind: shop.KindConsumer, PreferredCallMinute: -1}
		c.Phone, _ = shop.NormalisePhone(demotest.Phone(i), "US")
		after, _ := json.Marshal(c)
		out[i] = floorCustomer{name: c.Name, email: c.Email, phone: c.Phone, emailKey: strings.ToLower(c.Email), phoneKey: shop.PhoneKey(c.Phone, "US"),
			nameKey: strings.ToLower(c.Name), after: string(after)}
	}
	return out
}

// customersFloor inserts the customers and the import's log entry and rows.
func customersFloor(path string, rows []floorCustomer) error {
	return inFloorTx(path, func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO import_batches (kind, file_name, source, at, rows, new_customers) VALUES ('customers', 'floor', 'generic', 0, ?, ?)`,
			len(rows), len(rows))
		if err != nil {
			return err
		}
		batch, _ := res.LastInsertId()
		add, err := tx.Prepare(`INSERT INTO customers (name, kind, phone, email, time_zone, customer_since, email_key, phone_key, name_key)
			VALUES (?, 'consumer', ?, ?, 'America/New_York', 0, ?, ?, ?)`)
		if err != nil {
			return err
		}
		// The log's rows go in statements of 128, as an import writes them.
		const perLog = 128
		logSQL := func(n int) string {
			return `INSERT INTO import_rows (batch_id, tbl, row_id, action, after) VALUES ` +
				strings.TrimSuffix(strings.Repeat(`(?, 'customers', ?, 'added', ?), `, n), ", ")
		}
		log, err := tx.Prepare(logSQL(perLog))
		if err != nil {
			return err
		}
		var logged []any
		for _, c := range rows {
			res, err := add.Exec(c.name, c.phone, c.email, c.emailKey, c.phoneKey, c.nameKey)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			if logged = append(logged, batch, id, c.after); len(logged) == perLog*3 {
				if _, err := log.Exec(logged...); err != nil {
					return err
				}
				logged = logged[:0]
			}
		}
		if len(logged) > 0 {
			_, err = tx.Exec(logSQL(len(logged)/3), logged...)
		}
		return err
	})
}
