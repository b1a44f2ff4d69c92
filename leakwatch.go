// Package leakwatch holds the domain types shared by every stage of the pipeline:
// articles as crawled, incidents as read from them, sources, search queries and
// their results. It depends on the standard library only; each stage lives in a
// package of its own and exchanges these values (see DESIGN.md).
package leakwatch

import "errors"

// Sentinel errors. Stages wrap them with context; only the api package maps them
// to HTTP statuses.
var (
	// ErrNotFound reports that a requested record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid reports input that breaks a rule (an unknown cause, a bad date).
	ErrInvalid = errors.New("invalid input")
	// ErrBadQuery reports a search query that cannot be parsed.
	ErrBadQuery = errors.New("bad query")
)
