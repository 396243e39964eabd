// Package demotest gives tests and benchmarks their shops fast: each shop is
// written once per test binary as a template file, and every test gets a copy of
// its own, a real database file in its temporary folder.
package demotest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo"
	"github.com/rapport-app/rapport/data/store"
)

// templates are the files written so far, by what they hold.
var (
	mu        sync.Mutex
	dir       string
	templates = map[string]*template{}
)

type template struct {
	once sync.Once
	path string
	err  error
}

// KeepEnv names a folder in which the benchmark shops are kept from one test
// binary to the next (make bench-million sets it): the shop of a million customers
// takes minutes to write.
const KeepEnv = "RAPPORT_BENCH_SHOPS"

// templateFile writes the template named key with write, once per test binary, or
// once for good in the folder KeepEnv names (name is its file there).
func templateFile(key, name string, write func(path string) error) (string, error) {
	mu.Lock()
	if kept := os.Getenv(KeepEnv); kept != "" && name != "" {
		t, ok := templates[key]
		if !ok {
			t = &template{path: filepath.Join(kept, name)}
			templates[key] = t
		}
		mu.Unlock()
		t.once.Do(func() {
			if _, err := os.Stat(t.path); err == nil {
				return
			}
			if t.err = os.MkdirAll(kept, 0o700); t.err != nil {
				return
			}
			tmp := t.path + ".writing"
			os.Remove(tmp)
			if t.err = write(tmp); t.err == nil {
				t.err = os.Rename(tmp, t.path)
			}
		})
		return t.path, t.err
	}
	if dir == "" {
		d, err := os.MkdirTemp("", "rapport-test-shops-")
		if err != nil {
			mu.Unlock()
			return "", err
		}
		dir = d
	}
	t, ok := templates[key]
	if !ok {
		t = &template{path: filepath.Join(dir, fmt.Sprintf("shop-%d.db", len(templates)))}
		templates[key] = t
	}
	mu.Unlock()
	t.once.Do(func() { t.err = write(t.path) })
	return t.path, t.err
}

// Cleanup removes the templates of this test binary (not those kept in the folder
// KeepEnv names); a TestMain calls it after the tests ran.
func Cleanup() {
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
	}
}

// copyTo opens a copy of the template at src in tb's temporary folder, with the
// clock fixed at now, and closes it when tb ends.
func copyTo(tb testing.TB, src string, now time.Time) *store.Store {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "rapport.db")
	if err := copyFile(src, path); err != nil {
		tb.Fatal(err)
	}
	st, _, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	st.Now = func() time.Time { return now }
	tb.Cleanup(func() { st.Close() })
	return st
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Demo is the demo shop (demo.Seed) seeded at now, in a file of tb's own.
func Demo(tb testing.TB, now time.Time) *store.Store {
	tb.Helper()
	src, err := templateFile("demo "+now.UTC().Format(time.RFC3339), "", func(path string) error {
		st, _, err := store.Open(path)
		if err != nil {
			return err
		}
		st.Now = func() time.Time { return now }
		if err := demo.Seed(context.Background(), st, nil); err != nil {
			st.Close()
			return err
		}
		if err := st.Checkpoint(context.Background()); err != nil {
			st.Close()
			return err
		}
		return st.Close()
	})
	if err != nil {
		tb.Fatal(err)
	}
	return copyTo(tb, src, now)
}

// BenchShop is the benchmark shop (demo.WriteBenchShop) of 100,000 customers,
// 1,000,000 sales and 200,000 issues made at now, planned, in a file of tb's own.
// Writing it takes a minute, so only benchmarks ask for it.
func BenchShop(tb testing.TB, now time.Time) *store.Store {
	tb.Helper()
	return Sized(tb, now, 100_000, 1_000_000, 200_000)
}

// Sized is a benchmark shop of the given size, made at now and planned, in a file
// of tb's own.
func Sized(tb testing.TB, now time.Time, customers, sales, issues int) *store.Store {
	tb.Helper()
	key := fmt.Sprintf("bench %s %d %d %d", now.UTC().Format(time.RFC3339), customers, sales, issues)
	name := fmt.Sprintf("bench-%d-%d-%d-%s.db", customers, sales, issues, now.UTC().Format("20060102T150405"))
	src, err := templateFile(key, name, func(path string) error {
		if err := demo.WriteBenchShop(path, now, customers, sales, issues); err != nil {
			return err
		}
		st, _, err := store.Open(path)
		if err != nil {
			return err
		}
		st.Now = func() time.Time { return now }
		// Planned, as a shop that has been in use is.
		if _, err := st.Replan(context.Background()); err != nil {
			st.Close()
			return err
		}
		if err := st.Checkpoint(context.Background()); err != nil {
			st.Close()
			return err
		}
		return st.Close()
	})
	if err != nil {
		tb.Fatal(err)
	}
	return copyTo(tb, src, now)
}
