package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Scores summarises the 1–5 scores of the quick survey (FOLLOWUP_RULES.md §5).
type Scores struct {
	Label   string  `json:"label"`
	Count   int     `json:"count"`
	Average float64 `json:"average"` // 0 when Count is 0
	// Dist counts the scores 1 to 5 (Dist[0] is how many gave 1).
	Dist [5]int `json:"distribution"`
}

func (s *Scores) add(score int) {
	s.Average = (s.Average*float64(s.Count) + float64(score)) / float64(s.Count+1)
	s.Count++
	s.Dist[score-1]++
}

// LowScore is a low score with what the customer said, to learn from.
type LowScore struct {
	Date     string `json:"date"` // YYYY-MM-DD, the shop's day
	Customer string `json:"customer"`
	Person   string `json:"person"`
	Score    int    `json:"score"`
	About    string `json:"about"`
	Notes    string `json:"notes"`
}

// Feedback is what customers scored the follow-ups done in the period.
type Feedback struct {
	Total  Scores   `json:"total"`
	Months []Scores `json:"months"`
	// Topics: scores by issue type, and those after a sale or about something
	// else.
	Topics []Scores `json:"topics"`
	People []Scores `json:"people"`
	// Lowest lists the scores of LowScoreAtMost or lower, lowest and newest first,
	// at most MaxLowScores of them.
	Lowest []LowScore `json:"lowest"`
}

// Which low scores the report quotes.
const (
	LowScoreAtMost = 2
	MaxLowScores   = 12
)

// Topic labels for scores that are not about an issue.
const (
	TopicSale  = "After a sale"
	TopicOther = "Other"
)

func (c *calc) feedback() Feedback {
	var out Feedback
	out.Total.Label = "All"
	months := c.months()
	monthIdx := map[string]int{}
	for i, m := range months {
		monthIdx[m] = i
		out.Months = append(out.Months, Scores{Label: m})
	}
	issueType := map[shop.ID]shop.IssueType{}
	for _, is := range c.in.Issues {
		issueType[is.ID] = is.Type
	}
	topics := map[string]*Scores{}
	people := map[string]*Scores{}
	get := func(m map[string]*Scores, k string) *Scores {
		if m[k] == nil {
			m[k] = &Scores{Label: k}
		}
		return m[k]
	}
	for i := range c.in.FollowUps {
		f := &c.in.FollowUps[i]
		if f.Status != shop.StatusDone || f.Score < 1 || f.Score > 5 || !c.inPeriod(f.CompletedAt) {
			continue
		}
		out.Total.add(f.Score)
		if i, ok := monthIdx[monthOf(f.CompletedAt, c.loc)]; ok {
			out.Months[i].add(f.Score)
		}
		topic := c.topic(f, issueType)
		get(topics, topic).add(f.Score)
		get(people, c.person(f.AssigneeID)).add(f.Score)
		if f.Score <= LowScoreAtMost {
			about := ""
			if len(f.Reasons) > 0 {
				about = f.Reasons[0].Text
			}
			if about == "" {
				about = topic
			}
			out.Lowest = append(out.Lowest, LowScore{Date: f.CompletedAt.In(c.loc).Format(time.DateOnly), Customer: c.in.Names[f.CustomerID],
				Person: c.person(f.AssigneeID), Score: f.Score, About: about, Notes: f.Notes})
		}
	}
	// Topics in the order of the issue types, then sales, then the rest.
	for _, t := range shop.IssueTypes {
		if s := topics[t.Label()]; s != nil {
			out.Topics = append(out.Topics, *s)
		}
	}
	for _, k := range []string{TopicSale, TopicOther} {
		if s := topics[k]; s != nil {
			out.Topics = append(out.Topics, *s)
		}
	}
	for _, s := range people {
		out.People = append(out.People, *s)
	}
	slices.SortFunc(out.People, func(a, b Scores) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Label, b.Label)
	})
	slices.SortStableFunc(out.Lowest, func(a, b LowScore) int {
		if c := cmp.Compare(a.Score, b.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.Date, a.Date)
	})
	if len(out.Lowest) > MaxLowScores {
		out.Lowest = out.Lowest[:MaxLowScores]
	}
	return out
}

// topic is what a follow-up was about: the type of the first issue among its
// reasons, else a sale, else something else (a promise, a relationship call).
func (c *calc) topic(f *shop.FollowUp, types map[shop.ID]shop.IssueType) string {
	sale := false
	for _, r := range f.Reasons {
		if t, ok := types[r.IssueID]; ok {
			return t.Label()
		}
		if r.PurchaseID != 0 {
			sale = true
		}
	}
	if sale {
		return TopicSale
	}
	return TopicOther
}
