package engine

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Several computers on one shop: a window shows what the others change within
// two seconds. Changes tells it that something was written, by any process: on
// PostgreSQL every write transaction notifies the channel pgChangesChannel when it
// commits (dialect.go) and a connection of its own LISTENs to it; on a file,
// SQLite's data_version, read on a connection of its own, moves when another
// connection commits.

// pgChangesChannel is the channel of PostgreSQL's NOTIFY that writes are told on.
const pgChangesChannel = "rapport_changes"

// changesPoll is how often a file's data_version is read, and how long a lost
// connection to the server waits before it is made again.
const changesPoll = 500 * time.Millisecond

// Changes returns a channel that receives a value soon (well within 2 s) after a
// write to the shop is committed, by this process or another; several writes
// close together may come as one. It is closed when ctx ends. A lost connection
// to the server is made again; the changes missed meanwhile come as one.
func (s *DB) Changes(ctx context.Context) (<-chan struct{}, error) {
	ch := make(chan struct{}, 1)
	tell := func() {
		select {
		case ch <- struct{}{}:
		default: // one is waiting already
		}
	}
	if s.pg {
		conn, err := s.listen(ctx)
		if err != nil {
			return nil, explainPG(err)
		}
		go func() {
			defer close(ch)
			for {
				if conn == nil {
					select {
					case <-ctx.Done():
						return
					case <-time.After(changesPoll):
					}
					if conn, _ = s.listen(ctx); conn == nil {
						continue
					}
					tell() // what happened while it was away
				}
				_, err := conn.WaitForNotification(ctx)
				if err == nil {
					tell()
					continue
				}
				conn.Close(context.Background()) //nolint:errcheck // it is given up
				conn = nil
				if ctx.Err() != nil {
					return
				}
			}
		}()
		return ch, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, s.Plain(err)
	}
	version := func() (int64, error) {
		var v int64
		err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
		return v, err
	}
	last, err := version()
	if err != nil {
		conn.Close()
		return nil, s.Plain(err)
	}
	go func() {
		defer close(ch)
		defer conn.Close()
		t := time.NewTicker(changesPoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if v, err := version(); err == nil && v != last {
				last = v
				tell()
			}
		}
	}()
	return ch, nil
}

// listen opens a connection of its own to the server that listens for changes.
func (s *DB) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, s.pgConfig.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+pgChangesChannel); err != nil {
		conn.Close(context.Background()) //nolint:errcheck // the error that matters is LISTEN's
		return nil, err
	}
	return conn, nil
}

// notifySQL is what a PostgreSQL write transaction runs last, so that the
// listeners hear of it when it commits (a notification is sent at commit, and not
// at all when the transaction is rolled back).
var notifySQL = `SELECT pg_notify('` + pgChangesChannel + `', '')`
