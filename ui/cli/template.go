package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/rapport-app/rapport/letters"
)

// templateView is a letter kind's template as rapport template prints it.
type templateView struct {
	Kind         string   `json:"kind"`
	Name         string   `json:"name"`
	Own          bool     `json:"own"`
	Body         string   `json:"body"`
	Placeholders []string `json:"placeholders"`
}

func templateOf(k letters.Kind, own map[string]string) templateView {
	v := templateView{Kind: k.Key(), Name: k.String(), Body: letters.DefaultTemplate(k), Placeholders: []string{}}
	if b, ok := own[k.Key()]; ok {
		v.Own, v.Body = true, b
	}
	for _, p := range letters.Placeholders(k) {
		v.Placeholders = append(v.Placeholders, "{"+p.Name+"}")
	}
	return v
}

func kindKeys() []string {
	var keys []string
	for _, k := range letters.Kinds {
		keys = append(keys, k.Key())
	}
	return keys
}

// runTemplate lists the letter templates, prints one, or sets or resets one:
// rapport template [KIND] [--json], template set KIND FILE, template reset KIND.
func runTemplate(e *env, args []string) error {
	own, err := e.st.LetterTemplates(e.ctx)
	if err != nil {
		return err
	}
	if len(args) > 0 && (args[0] == "set" || args[0] == "reset") {
		return runTemplateSet(e, args[0], args[1:])
	}
	fs := newFlags("template")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return fmt.Errorf("template takes at most one kind (%s): %w", strings.Join(kindKeys(), ", "), errUsage)
	}
	if len(pos) == 1 {
		k, ok := letters.KindByKey(pos[0])
		if !ok {
			return fmt.Errorf("template: %q is not a kind of letter (%s): %w", pos[0], strings.Join(kindKeys(), ", "), errUsage)
		}
		v := templateOf(k, own)
		if *asJSON {
			return printJSON(e.out, v)
		}
		_, err := fmt.Fprintln(e.out, v.Body)
		return err
	}
	var out []templateView
	for _, k := range letters.Kinds {
		out = append(out, templateOf(k, own))
	}
	if *asJSON {
		return printJSON(e.out, out)
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tTEXT\tLETTER")
	for _, v := range out {
		text := "default"
		if v.Own {
			text = "your own"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", v.Kind, text, v.Name)
	}
	return tw.Flush()
}

func runTemplateSet(e *env, verb string, args []string) error {
	cmd := "template " + verb
	want := 2
	if verb == "reset" {
		want = 1
	}
	if len(args) != want {
		if verb == "reset" {
			return fmt.Errorf("template reset takes a kind of letter (%s): %w", strings.Join(kindKeys(), ", "), errUsage)
		}
		return fmt.Errorf("template set takes a kind of letter and a text file: %w", errUsage)
	}
	k, ok := letters.KindByKey(args[0])
	if !ok {
		return fmt.Errorf("%s: %q is not a kind of letter (%s): %w", cmd, args[0], strings.Join(kindKeys(), ", "), errUsage)
	}
	body := ""
	if verb == "set" {
		f, err := os.Open(args[1])
		if err != nil {
			return fmt.Errorf("%s: %w", cmd, err)
		}
		b, err := io.ReadAll(io.LimitReader(f, 64<<10))
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: read %s: %w", cmd, args[1], err)
		}
		if body = string(b); strings.TrimSpace(body) == "" {
			return fmt.Errorf("%s: %s is empty; use template reset to go back to the default text", cmd, args[1])
		}
	}
	err := e.st.SaveLetterTemplate(e.ctx, k.Key(), body, func(b string) error { return letters.CheckTemplate(k, b) })
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was changed", cmd, err)
	}
	if verb == "reset" {
		fmt.Fprintf(e.out, "The %s prints the default text again.\n", k)
	} else {
		fmt.Fprintf(e.out, "The %s prints your text from %s.\n", k, args[1])
	}
	return nil
}
