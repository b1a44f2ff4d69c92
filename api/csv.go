package api

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// csvHeader names the columns of the incidents export.
var csvHeader = []string{"article_id", "published", "source", "title", "url", "org", "causes", "cause_labels",
	"actor", "records", "records_qualifier", "records_text", "data_types", "summary"}

// writeCSV writes rows as CSV for spreadsheets: a UTF-8 byte order mark first
// (Excel reads BOM-less CSV as Shift_JIS and garbles Japanese), a header row,
// CRLF line ends, lists joined with ';'. A record count left unstated is an
// empty cell, never 0.
func writeCSV(w io.Writer, rows []incidentRow) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("api: csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("api: csv: %w", err)
	}
	for _, r := range rows {
		causes := make([]string, len(r.Causes))
		labels := make([]string, len(r.Causes))
		for i, c := range r.Causes {
			causes[i], labels[i] = string(c), c.Label()
		}
		data := make([]string, len(r.DataTypes))
		for i, d := range r.DataTypes {
			data[i] = string(d)
		}
		records := ""
		if r.Records != nil {
			records = strconv.FormatInt(*r.Records, 10)
		}
		rec := []string{strconv.FormatInt(r.ArticleID, 10), r.Published, r.Source, r.Title, r.URL, r.Org,
			strings.Join(causes, ";"), strings.Join(labels, ";"), string(r.Actor), records,
			string(r.RecordsQualifier), r.RecordsText, strings.Join(data, ";"), r.Summary}
		for i := range rec {
			rec[i] = defuseFormula(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("api: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("api: csv: %w", err)
	}
	return nil
}

// defuseFormula keeps text from crawled pages from running as a spreadsheet
// formula (CSV injection): a cell starting with = + - @ gets a leading quote.
func defuseFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
