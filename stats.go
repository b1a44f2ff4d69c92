package leakwatch

import "time"

// Stats are incident counts and record totals over a period, by primary cause,
// actor and month (YYYY-MM in Japan time).
type Stats struct {
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Articles  int       `json:"articles"`
	Incidents int       `json:"incidents"`
	// Records sums the known counts; incidents with no published count are in
	// Uncounted, never added as zero.
	Records   int64     `json:"records"`
	Uncounted int       `json:"uncounted"`
	ByCause   []StatRow `json:"by_cause"`
	ByActor   []StatRow `json:"by_actor"`
	ByMonth   []StatRow `json:"by_month"`
}

// StatRow is one line of a Stats table.
type StatRow struct {
	Key       string `json:"key"`
	Incidents int    `json:"incidents"`
	Records   int64  `json:"records"`
}
