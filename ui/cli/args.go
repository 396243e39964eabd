package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// newFlags is a flag set for a command that reports its mistakes as usage errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseInterspersed parses flags that may stand before, between or after the
// positional arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%s: %v: %w", fs.Name(), err, errUsage)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// keyValue is one KEY=VALUE argument.
type keyValue struct{ key, value string }

// keyValues reads KEY=VALUE arguments; a value may hold "=" and, written \n, a new
// line (an address).
func keyValues(cmd string, args []string) ([]keyValue, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%s takes KEY=VALUE arguments: %w", cmd, errUsage)
	}
	out := make([]keyValue, 0, len(args))
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("%s: %q is not KEY=VALUE: %w", cmd, a, errUsage)
		}
		out = append(out, keyValue{strings.ToLower(k), strings.ReplaceAll(v, `\n`, "\n")})
	}
	return out, nil
}

// unknownKey is the usage error for a key a command does not know.
func unknownKey(cmd, key string, known []string) error {
	return fmt.Errorf("%s: %q is not a key (%s): %w", cmd, key, strings.Join(known, ", "), errUsage)
}

// yesNo reads yes/no, true/false, on/off or 1/0.
func yesNo(key, v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "y", "true", "on", "1":
		return true, nil
	case "no", "n", "false", "off", "0":
		return false, nil
	}
	return false, &shop.FieldError{Field: key, Msg: fmt.Sprintf("%q is not yes or no", v)}
}

// valueError names the KEY=VALUE argument a refused value came from: a
// shop.FieldError (or several) of a key the command was given is shown as
// "key=value: what is wrong".
func valueError(cmd string, kvs []keyValue, err error) error {
	var es shop.FieldErrors
	var fe *shop.FieldError
	switch {
	case errors.As(err, &es):
	case errors.As(err, &fe):
		es = shop.FieldErrors{fe}
	default:
		return fmt.Errorf("%s: %w", cmd, err)
	}
	var parts []string
	for _, e := range es {
		arg := ""
		for _, kv := range kvs {
			if kv.key == e.Field || strings.ReplaceAll(kv.key, "-", "_") == e.Field {
				arg = kv.key + "=" + clip(kv.value)
			}
		}
		if arg == "" {
			parts = append(parts, e.Error())
		} else {
			parts = append(parts, arg+": "+e.Msg)
		}
	}
	return fmt.Errorf("%s: %s; nothing was changed", cmd, strings.Join(parts, "; "))
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// parseID reads the ID of a follow-up, an import or a customer.
func parseID(cmd, what, s string) (shop.ID, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s: %q is not the ID of %s: %w", cmd, s, what, errUsage)
	}
	return id, nil
}

// customerArg finds the customer an EMAIL|ID argument names.
func customerArg(e *env, cmd, arg string) (shop.Customer, error) {
	if id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64); err == nil {
		c, err := e.st.Customer(e.ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return c, fmt.Errorf("%s: there is no customer %d", cmd, id)
		}
		return c, err
	}
	if !strings.Contains(arg, "@") {
		return shop.Customer{}, fmt.Errorf("%s: %q is neither a customer's email address nor their number: %w", cmd, arg, errUsage)
	}
	c, err := e.st.CustomerByEmail(e.ctx, arg)
	if errors.Is(err, store.ErrNotFound) {
		return c, fmt.Errorf("%s: no customer has the email %s", cmd, arg)
	}
	return c, err
}

// staffArg finds a staff member by name, without case; "" is nobody.
func staffArg(e *env, cmd, flagName, name string) (shop.ID, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, nil
	}
	staff, err := e.st.Staff(e.ctx)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, s := range staff {
		if strings.EqualFold(s.Name, name) {
			return s.ID, nil
		}
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		return 0, fmt.Errorf("%s: %s %q: the shop has no staff yet (rapport staff add NAME)", cmd, flagName, name)
	}
	return 0, fmt.Errorf("%s: %s %q: no staff member has that name (staff: %s)", cmd, flagName, name, strings.Join(names, ", "))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens a value quoted back in a message: a refused value may be
// thousands of characters long, or not text at all.
func clip(v string) string {
	v = strings.ToValidUTF8(strings.ReplaceAll(v, "\x00", "\\0"), "\uFFFD")
	if r := []rune(v); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return v
}
