package shop

import (
	"strings"
	"testing"
)

func TestNoAnswerTriesDefaultsToThreeAndMustBeAtLeastOne(t *testing.T) {
	r := DefaultRules()
	if r.NoAnswerTries != 3 {
		t.Errorf("NoAnswerTries defaults to %d, want 3", r.NoAnswerTries)
	}
	f, ok := RuleFieldByKey("no_answer_tries")
	if !ok {
		t.Fatal("no_answer_tries is not a rule the settings and rapport rules set can change")
	}
	if n, err := f.Parse("5"); err != nil || n != 5 {
		t.Errorf("Parse(5) = %d, %v", n, err)
	}
	r.NoAnswerTries = 0
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), f.Label) {
		t.Errorf("0 tries: %v; want an error naming %q", err, f.Label)
	}
}
