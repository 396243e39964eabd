package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/rapport-app/rapport/letters"
)

// templateView is a letter's or an email's template as rapport template prints it.
type templateView struct {
	Kind         string   `json:"kind"`
	Name         string   `json:"name"`
	Own          bool     `json:"own"`
	Body         string   `json:"body"`
	Placeholders []string `json:"placeholders"`
}

func templateOf(t letters.Template, own map[string]string) templateView {
	v := templateView{Kind: t.Key, Name: t.Name, Body: t.Default, Placeholders: []string{}}
	if b, ok := own[t.Key]; ok {
		v.Own, v.Body = true, b
	}
	for _, p := range t.Placeholders {
		v.Placeholders = append(v.Placeholders, "{"+p.Name+"}")
	}
	return v
}

// allTemplates are the letters' templates, then the emails'.
func allTemplates() []letters.Template {
	return append(letters.LetterTemplates(), letters.EmailTemplates()...)
}

func kindKeys() []string {
	var keys []string
	for _, t := range allTemplates() {
		keys = append(keys, t.Key)
	}
	return keys
}

// runTemplate lists the letter and email templates, prints one, or sets or resets one:
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
		k, ok := letters.TemplateByKey(pos[0])
		if !ok {
			return fmt.Errorf("template: %q is not a kind of letter or email (%s): %w", pos[0], strings.Join(kindKeys(), ", "), errUsage)
		}
		v := templateOf(k, own)
		if *asJSON {
			return printJSON(e.out, v)
		}
		_, err := fmt.Fprintln(e.out, v.Body)
		return err
	}
	var out []templateView
	for _, t := range allTemplates() {
		out = append(out, templateOf(t, own))
	}
	if *asJSON {
		return printJSON(e.out, out)
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tTEXT\tWHAT")
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
			return fmt.Errorf("template reset takes a kind of letter or email (%s): %w", strings.Join(kindKeys(), ", "), errUsage)
		}
		return fmt.Errorf("template set takes a kind of letter or email and a text file: %w", errUsage)
	}
	k, ok := letters.TemplateByKey(args[0])
	if !ok {
		return fmt.Errorf("%s: %q is not a kind of letter or email (%s): %w", cmd, args[0], strings.Join(kindKeys(), ", "), errUsage)
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
	err := e.st.SaveLetterTemplate(e.ctx, k.Key, body, k.Check)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was changed", cmd, err)
	}
	if verb == "reset" {
		fmt.Fprintf(e.out, "The %s says the default text again.\n", k.Name)
	} else {
		fmt.Fprintf(e.out, "The %s says your text from %s.\n", k.Name, args[1])
	}
	return nil
}
