package leakwatch

import "time"

// SortOrder orders search results.
type SortOrder string

// Sort orders.
const (
	SortRelevance SortOrder = "relevance"
	SortDate      SortOrder = "date"    // newest first
	SortRecords   SortOrder = "records" // largest count first
)

// Query is a full-text search with structured filters. Zero values mean "any".
type Query struct {
	Text       string
	Causes     []Cause
	Actors     []Actor
	DataTypes  []DataType
	Org        string
	Sources    []string
	From, To   time.Time // inclusive days in Japan time; zero means open
	MinRecords *int64
	MaxRecords *int64
	Sort       SortOrder
	Page       int // 1-based
	Size       int
}

// Hit is one article found by a search.
type Hit struct {
	Article  Article  `json:"article"` // Text may be left empty by the index
	Score    float64  `json:"score"`
	Snippets []string `json:"snippets,omitempty"` // HTML with <mark> around matches
}

// FacetCount is one value of a facet and how many results have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult is a page of hits with the total and facet counts.
type SearchResult struct {
	Total  uint64                  `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets,omitempty"`
	Took   time.Duration           `json:"took_ns"`
}
