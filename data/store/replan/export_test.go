package replan

import (
	"context"
	"database/sql"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

// BatchRows is how many rows one statement of a batch writes at most.
const BatchRows = batchRows

// PlansOf is the planner's input a re-plan loads inside tx as of now: for the
// whole shop when ids is empty, else for the customers ids.
func PlansOf(ctx context.Context, tx *sql.Tx, now time.Time, ids ...shop.ID) ([]planner.CustomerPlan, error) {
	pc, err := loadPlanContext(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	l := planLoad{}
	if len(ids) > 0 {
		l.ids = ids
	}
	plans, _, _, err := loadPlans(ctx, tx, pc, l)
	return plans, err
}
