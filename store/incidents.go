package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/unicode/norm"
)

// foldOrg is how organisation names are compared in substring filters:
// NFKC (ＮＴＴ = NTT) and lower case.
func foldOrg(s string) string { return strings.ToLower(norm.NFKC.String(strings.TrimSpace(s))) }

// marshalJSON encodes without HTML escaping, so Japanese and <> stay readable
// in the database and org aliases can be searched as text.
func marshalJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// validateIncident checks the vocabulary fields, so that nothing outside it
// reaches the filters and the statistics.
func validateIncident(in leakwatch.Incident) error {
	for _, c := range in.Causes {
		if !c.Valid() {
			return fmt.Errorf("cause %q: %w", c, leakwatch.ErrInvalid)
		}
	}
	if in.Actor != "" && !in.Actor.Valid() {
		return fmt.Errorf("actor %q: %w", in.Actor, leakwatch.ErrInvalid)
	}
	for _, d := range in.DataTypes {
		if !d.Valid() {
			return fmt.Errorf("data type %q: %w", d, leakwatch.ErrInvalid)
		}
	}
	return nil
}

// SaveAnalysis replaces an article's incidents and its is-incident flag with
// an, in one transaction: on any error the previous analysis stays whole. An
// empty Actor is stored as leakwatch.ActorUnknown. It wraps
// leakwatch.ErrNotFound when the article does not exist and
// leakwatch.ErrInvalid for causes, actors or data types outside the
// vocabulary.
func (s *Store) SaveAnalysis(ctx context.Context, articleID int64, an leakwatch.Analysis) error {
	for i, in := range an.Incidents {
		if err := validateIncident(in); err != nil {
			return fmt.Errorf("store: save analysis of article %d: incident %d: %w", articleID, i+1, err)
		}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE articles SET is_incident = ?, analyzed = ? WHERE id = ?",
			an.IsIncident, time.Now().UnixNano(), articleID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return leakwatch.ErrNotFound
		}
		// Causes and data types go with their incidents by ON DELETE CASCADE.
		if _, err := tx.ExecContext(ctx, "DELETE FROM incidents WHERE article_id = ?", articleID); err != nil {
			return err
		}
		for i, in := range an.Incidents {
			if err := insertIncident(ctx, tx, articleID, i, in); err != nil {
				return fmt.Errorf("incident %d: %w", i+1, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save analysis of article %d: %w", articleID, err)
	}
	return nil
}

func insertIncident(ctx context.Context, tx *sql.Tx, articleID int64, seq int, in leakwatch.Incident) error {
	aliases := in.OrgAliases
	if aliases == nil {
		aliases = []string{}
	}
	aliasJSON, err := marshalJSON(aliases)
	if err != nil {
		return err
	}
	evidence := in.Evidence
	if evidence == nil {
		evidence = []leakwatch.Evidence{}
	}
	evJSON, err := marshalJSON(evidence)
	if err != nil {
		return err
	}
	search := []string{foldOrg(in.Org)}
	for _, al := range in.OrgAliases {
		search = append(search, foldOrg(al))
	}
	actor := in.Actor
	if actor == "" {
		actor = leakwatch.ActorUnknown
	}
	var records sql.NullInt64
	if in.Records != nil {
		records = sql.NullInt64{Int64: *in.Records, Valid: true}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO incidents (article_id, seq, org, org_aliases, org_search,
		primary_cause, actor, records, records_qualifier, records_text, summary, evidence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		articleID, seq, in.Org, aliasJSON, strings.Join(search, "\n"), in.PrimaryCause(), actor, records,
		in.RecordsQualifier, in.RecordsText, in.Summary, evJSON)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	for pos, c := range in.Causes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO incident_causes (incident_id, pos, cause) VALUES (?, ?, ?)", id, pos, c); err != nil {
			return err
		}
	}
	for pos, d := range in.DataTypes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO incident_data_types (incident_id, pos, data_type) VALUES (?, ?, ?)", id, pos, d); err != nil {
			return err
		}
	}
	return nil
}

// incidentCols are the columns scanIncident reads, in order.
const incidentCols = `i.id, i.article_id, i.org, i.org_aliases, i.actor, i.records, i.records_qualifier,
	i.records_text, i.summary, i.evidence`

func scanIncident(sc interface{ Scan(...any) error }, extra ...any) (leakwatch.Incident, error) {
	var in leakwatch.Incident
	var aliases, evidence string
	var records sql.NullInt64
	dest := append([]any{&in.ID, &in.ArticleID, &in.Org, &aliases, &in.Actor, &records, &in.RecordsQualifier,
		&in.RecordsText, &in.Summary, &evidence}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return in, err
	}
	if records.Valid {
		v := records.Int64
		in.Records = &v
	}
	if err := json.Unmarshal([]byte(aliases), &in.OrgAliases); err != nil {
		return in, fmt.Errorf("incident %d: org aliases: %w", in.ID, err)
	}
	if len(in.OrgAliases) == 0 {
		in.OrgAliases = nil
	}
	if err := json.Unmarshal([]byte(evidence), &in.Evidence); err != nil {
		return in, fmt.Errorf("incident %d: evidence: %w", in.ID, err)
	}
	if len(in.Evidence) == 0 {
		in.Evidence = nil
	}
	return in, nil
}

// placeholders returns "?, ?, …" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// maxIn keeps IN lists well under SQLite's variable limit.
const maxIn = 500

// incidentsOf loads the incidents of the given articles, in saved order.
// attachIncidents reads the incidents of arts and sets each article's.
func attachIncidents(ctx context.Context, q querier, arts []leakwatch.Article) error {
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	byArticle, err := incidentsOf(ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range arts {
		arts[i].Incidents = byArticle[arts[i].ID]
	}
	return nil
}

func incidentsOf(ctx context.Context, q querier, articleIDs []int64) (map[int64][]leakwatch.Incident, error) {
	out := map[int64][]leakwatch.Incident{}
	for start := 0; start < len(articleIDs); start += maxIn {
		chunk := articleIDs[start:min(start+maxIn, len(articleIDs))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := q.QueryContext(ctx, "SELECT "+incidentCols+" FROM incidents i WHERE i.article_id IN ("+
			placeholders(len(chunk))+") ORDER BY i.article_id, i.seq", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			in, err := scanIncident(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[in.ArticleID] = append(out[in.ArticleID], in)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	var all []*leakwatch.Incident
	for id := range out {
		for i := range out[id] {
			all = append(all, &out[id][i])
		}
	}
	if err := fillVocab(ctx, q, all); err != nil {
		return nil, err
	}
	return out, nil
}

// fillVocab loads causes and data types into incidents, in saved order.
// Causes and DataTypes come back as empty, not nil, slices, as the JSON form
// of an incident always lists them.
func fillVocab(ctx context.Context, q querier, ins []*leakwatch.Incident) error {
	byID := make(map[int64]*leakwatch.Incident, len(ins))
	ids := make([]any, 0, len(ins))
	for _, in := range ins {
		in.Causes, in.DataTypes = []leakwatch.Cause{}, []leakwatch.DataType{}
		byID[in.ID] = in
		ids = append(ids, in.ID)
	}
	for start := 0; start < len(ids); start += maxIn {
		chunk := ids[start:min(start+maxIn, len(ids))]
		ph := placeholders(len(chunk))
		rows, err := q.QueryContext(ctx, `SELECT incident_id, 0, pos, cause FROM incident_causes WHERE incident_id IN (`+ph+`)
			UNION ALL SELECT incident_id, 1, pos, data_type FROM incident_data_types WHERE incident_id IN (`+ph+`)
			ORDER BY 1, 2, 3`, append(append([]any{}, chunk...), chunk...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var kind, pos int
			var v string
			if err := rows.Scan(&id, &kind, &pos, &v); err != nil {
				rows.Close()
				return err
			}
			in := byID[id]
			if kind == 0 {
				in.Causes = append(in.Causes, leakwatch.Cause(v))
			} else {
				in.DataTypes = append(in.DataTypes, leakwatch.DataType(v))
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
