package engine

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// sqliteMagic opens every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// fileKind is what lookFile and look found at a database path.
type fileKind int

const (
	fileMissing fileKind = iota // nothing there
	fileZero                    // an empty (zero-byte) file: Rapport's to fill
	fileBlank                   // an SQLite file without a table: Rapport's to fill
	fileOlder                   // Rapport's, with an older schema (or not yet stamped as Rapport's)
	fileCurrent                 // Rapport's, up to date
	fileSQLite                  // an SQLite file not yet looked into (lookFile only)
)

// header is what Rapport reads of an SQLite file's 100-byte header.
type header struct {
	pageSize  int64
	pages     int64 // the database size in pages, when sizeValid
	sizeValid bool
	appID     uint32
}

// lookFile tells, without SQLite and without a lock, what is at path: nothing, an
// empty file, or an SQLite file. It refuses (*OpenError) what is not a regular file
// (without opening it: a FIFO would wait for a writer), what is not SQLite, another
// program's SQLite file (by its application ID) and a file cut short.
func lookFile(path string) (fileKind, error) {
	refuse := func(err error, format string, args ...any) error {
		return &OpenError{Path: path, Reason: fmt.Sprintf(format, args...), Err: err}
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		if lst, lerr := os.Lstat(path); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			return 0, refuse(err, "it is a link to a file that does not exist")
		}
		return fileMissing, nil
	}
	if err != nil {
		return 0, refuse(err, "cannot read it: %v", plainPathError(err))
	}
	if reason := notRegular(st.Mode()); reason != "" {
		return 0, refuse(nil, "%s, not a Rapport database; it was left as it is", reason)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNoBlock, 0)
	if err != nil {
		return 0, refuse(err, "cannot read it: %v", plainPathError(err))
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return 0, refuse(err, "cannot read it: %v", err)
	}
	if reason := notRegular(st.Mode()); reason != "" { // replaced since the Stat above
		return 0, refuse(nil, "%s, not a Rapport database; it was left as it is", reason)
	}
	if st.Size() == 0 {
		return fileZero, nil
	}
	h, err := readHeader(f)
	if err != nil {
		if errors.Is(err, errNotSQLite) {
			return 0, refuse(nil, "it is not a Rapport database: it is not an SQLite file")
		}
		return 0, refuse(err, "cannot read it: %v", err)
	}
	if h.appID != 0 && h.appID != rapportAppID {
		return 0, refuse(nil, "it is an SQLite database of another program, not Rapport's; choose another file")
	}
	if h.pageSize < 512 || h.pageSize > 65536 || h.pageSize&(h.pageSize-1) != 0 {
		return 0, refuse(nil, "it is damaged (its header is not readable); it was left as it is")
	}
	// A -wal beside the file may hold pages a checkpoint had not yet written back
	// when it was cut short by a crash; then SQLite reads them from there.
	if !walHasContent(path) {
		if st.Size() < 100 || st.Size()%h.pageSize != 0 || (h.sizeValid && st.Size() < h.pages*h.pageSize) {
			want := h.pages * h.pageSize
			if !h.sizeValid || want < st.Size() {
				want = (st.Size()/h.pageSize + 1) * h.pageSize
			}
			return 0, refuse(nil, "it is damaged: it is cut short (%d of its %d bytes are there); it was left as it is", st.Size(), want)
		}
	}
	return fileSQLite, nil
}

// notRegular says what a path that is not a regular file is, "" for a regular one.
func notRegular(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "it is a folder"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "it is a device"
	case m&fs.ModeNamedPipe != 0:
		return "it is a pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "it is a socket"
	}
	return "it is not a plain file"
}

var errNotSQLite = errors.New("not an SQLite file")

// readHeader reads the header of an SQLite file.
func readHeader(r io.Reader) (header, error) {
	b := make([]byte, 100)
	n, err := io.ReadFull(r, b)
	if n < len(sqliteMagic) || string(b[:len(sqliteMagic)]) != string(sqliteMagic) {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return header{}, err
		}
		return header{}, errNotSQLite
	}
	if n < 100 {
		return header{pageSize: 4096}, nil // cut short; the size check says so
	}
	h := header{pageSize: int64(binary.BigEndian.Uint16(b[16:18])), appID: binary.BigEndian.Uint32(b[68:72])}
	if h.pageSize == 1 {
		h.pageSize = 65536
	}
	h.pages = int64(binary.BigEndian.Uint32(b[28:32]))
	// The size in the header is good when it was written by the same change as the
	// change counter (SQLite 3.7.0 and later).
	h.sizeValid = h.pages > 0 && binary.BigEndian.Uint32(b[24:28]) == binary.BigEndian.Uint32(b[92:96])
	return h, nil
}

// look tells what is at path and its schema version, reading it through a
// read-only connection (nothing is written, nor made beside it). Besides what
// lookFile refuses, it refuses a file whose tables are not Rapport's, one with
// Rapport's tables missing, and one made by a newer Rapport. full also reads every
// page (PRAGMA quick_check): a damaged page shows there. That reads the whole file
// (about 0.6 s for 100,000 customers), so Open does it only before a migration
// and after an unclean close, and the daily backup does it (Backup).
func look(path string, full bool) (fileKind, int, error) {
	kind, err := lookFile(path)
	if err != nil || kind != fileSQLite {
		return kind, 0, err
	}
	refuse := func(err error, format string, args ...any) error {
		return &OpenError{Path: path, Reason: fmt.Sprintf(format, args...), Err: err}
	}
	damaged := func(err error) error {
		msg := "it is damaged"
		if code, raw, ok := driverError(err); ok {
			if m := noSuchTable.FindStringSubmatch(raw.Error()); code == sqliteError && m != nil {
				msg = "it is damaged: its table " + m[1] + " is missing"
			}
		} else if err != nil {
			msg += " (" + err.Error() + ")"
		}
		return refuse(err, "%s; it was left as it is", msg)
	}
	notOurs := func() error {
		return refuse(nil, "it is an SQLite database of another program, not Rapport's; choose another file")
	}
	// Read-only: journal_mode(WAL) would otherwise rewrite the header of a database
	// that is not ours, and a migration would write into a damaged one.
	ro, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return 0, 0, refuse(err, "cannot read it: %v", err)
	}
	defer ro.Close()
	// The application ID is read through SQLite: the header in the file may be
	// older than the one in the -wal.
	var appID int64
	if err := ro.QueryRow(`PRAGMA application_id`).Scan(&appID); err != nil {
		return 0, 0, damaged(err)
	}
	if appID != 0 && appID != rapportAppID {
		return 0, 0, notOurs()
	}
	ours := appID == rapportAppID
	tables, err := tableNames(ro)
	if err != nil {
		return 0, 0, damaged(err)
	}
	if len(tables) == 0 {
		if ours {
			return 0, 0, refuse(nil, "it is damaged: it has none of Rapport's tables; it was left as it is")
		}
		return fileBlank, 0, nil
	}
	if !tables["schema_migrations"] {
		if ours {
			return 0, 0, refuse(nil, "it is damaged: its table schema_migrations is missing; it was left as it is")
		}
		return 0, 0, notOurs()
	}
	// A file from before Rapport stamped its files (application_id 0) is known by
	// its migrations table, which must be Rapport's own (version, applied_at), and by
	// the shop's table.
	cols, err := columnNames(ro, "schema_migrations")
	if err != nil {
		return 0, 0, damaged(err)
	}
	if strings.Join(cols, ",") != "version,applied_at" {
		if ours {
			return 0, 0, refuse(nil, "it is damaged: its table schema_migrations is not Rapport's; it was left as it is")
		}
		return 0, 0, notOurs()
	}
	var v int
	if err := ro.QueryRow(`SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, 0, damaged(err)
	}
	if !ours && ((v == 0 && len(tables) > 1) || (v > 0 && !tables["business"])) {
		return 0, 0, notOurs()
	}
	if known := newestMigration(); v > known {
		return 0, 0, refuse(nil, "it was made by a newer Rapport (schema version %d; this one knows up to %d); update Rapport to open it", v, known)
	}
	var missing []string
	for _, t := range tablesAt(v) {
		if !tables[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		what := "its table " + missing[0] + " is missing"
		if len(missing) > 1 {
			what = "its tables " + strings.Join(missing, ", ") + " are missing"
		}
		return 0, 0, refuse(nil, "it is damaged: %s; it was left as it is", what)
	}
	if full {
		if err := quickCheck(ro); err != nil {
			return 0, 0, damaged(err)
		}
	}
	if v == newestMigration() && ours {
		return fileCurrent, v, nil
	}
	return fileOlder, v, nil
}

// queryer is what quickCheck and the table readers need of a *sql.DB or *sql.Tx.
type rowsQueryer interface {
	Query(query string, args ...any) (*sql.Rows, error)
}

// quickCheck runs PRAGMA quick_check, which reads every page: nil when SQLite
// finds the file sound.
func quickCheck(db rowsQueryer) error {
	rows, err := db.Query(`PRAGMA quick_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		problems = append(problems, line)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	return pageProblems(problems)
}

// pageProblems is what PRAGMA quick_check found: SQLite's lines, kept for support
// (Error says only how many).
type pageProblems []string

func (p pageProblems) Error() string {
	if len(p) == 1 {
		return "SQLite's check of its pages found a problem"
	}
	return fmt.Sprintf("SQLite's check of its pages found %d problems", len(p))
}

func tableNames(db rowsQueryer) (map[string]bool, error) {
	names, err := stringsOf(db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`))
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out, err
}

func columnNames(db rowsQueryer, table string) ([]string, error) {
	return stringsOf(db.Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, table))
}

// stringsOf reads the one text column of every row a query returned, and closes
// the rows: stringsOf(db.Query(…)).
func stringsOf(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// rapportTables are the tables of Rapport's schema, each with the version of the
// migration that made it (0 for schema_migrations, which migrate makes before
// any); no migration has dropped one. A file's tables are checked against them
// on every open: applying the migrations to a database in memory to learn them
// took the first open of every command 25 ms. TestRapportTablesAreTheMigrations
// applies the migrations one by one and holds this list to what each makes.
var rapportTables = []struct {
	name  string
	since int
}{
	{"schema_migrations", 0},
	{"business", 1}, {"contacts", 1}, {"customers", 1}, {"followup_reasons", 1}, {"followups", 1}, {"issues", 1},
	{"overrides", 1}, {"promises", 1}, {"purchases", 1}, {"settings", 1}, {"staff", 1},
	{"import_batches", 3}, {"import_rows", 3},
	{"letter_templates", 5},
	{"customer_changes", 6},
	{"email_reasons", 11}, {"email_settings", 11}, {"emails", 11},
	{"plan_state", 14},
}

// tablesAt lists the tables a Rapport file of schema version v has, by name.
func tablesAt(v int) []string {
	var out []string
	for _, t := range rapportTables {
		if t.since <= v {
			out = append(out, t.name)
		}
	}
	sort.Strings(out)
	return out
}
