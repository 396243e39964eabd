package replan

// BatchRows is how many rows one statement of a batch writes at most.
const BatchRows = batchRows
