// Package planner decides what follow-ups are due, when and by whom, the way a
// careful customer-service person would (FOLLOWUP_RULES.md). Plan is a pure
// function of its Input: the same input always gives the same plan, with no
// database, no clock and no randomness outside the seed in the rules. The rules
// the store and the screens ask about outside a plan live here too, each once:
// call windows (NextCallSlot, CallAllowed, CallHours), the small-ticket sample and
// relationship picks, the order of the day (RankDay), big-ticket, the look-back,
// the retry after no answer, when an accepted follow-up goes out, and the promise
// ledger's judgement (PromiseOutcome, EscalationDue, EscalateTo).
package planner
