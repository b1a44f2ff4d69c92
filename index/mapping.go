package index

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	leakwatch "github.com/leakwatch/leakwatch"
)

// Field names. An article and its incidents are one document: the
// incidents' values are flattened into lists (any incident's cause is the
// article's cause), and the record count is the largest incident count.
const (
	// fieldText is the title and the body, as two values of one field:
	// every word is one posting list to read instead of one per field.
	// Stored with term vectors, for highlighting.
	fieldText   = "text"
	fieldTitle  = "title"  // the title again, indexed only, to weigh title matches
	fieldOrg    = "org"    // text: organisations and their aliases
	fieldOrgKW  = "org_kw" // keyword: organisations as written
	fieldCause  = "cause"  // keyword
	fieldActor  = "actor"  // keyword
	fieldData   = "data"   // keyword: data types
	fieldSource = "source" // keyword
	fieldMonth  = "month"  // keyword YYYY-MM in Japan time
	// fieldFacet holds every faceted value as "name=value" (cause=ransomware,
	// month=2024-05 …) with doc values: the facets of a search then read one
	// doc-value field per hit instead of five, which at 100,000 articles was
	// half the time of a broad query.
	fieldFacet     = "facet"
	fieldRecords   = "records"   // number: largest incident count
	fieldPublished = "published" // date
	fieldIncident  = "incident"  // bool: the article reports an incident
	fieldURL       = "url"       // stored only
	fieldMeta      = "meta"      // stored only: the article without text, as JSON
)

// titleBoost weighs a match in the title over one in the body.
const titleBoost = 3.0

// newMapping builds the index mapping. Dynamic mapping is off: only the
// fields above exist, each with its own options.
func newMapping() *mapping.IndexMappingImpl {
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = AnalyzerName
		f.Store = store
		f.IncludeTermVectors = store // positions and offsets, for highlighting
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues // facets and sorting read doc values
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	num := bleve.NewNumericFieldMapping()
	num.Store = false
	num.IncludeInAll = false
	num.DocValues = true
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true
	boolean := bleve.NewBooleanFieldMapping()
	boolean.Store = false
	boolean.IncludeInAll = false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, text(true))
	dm.AddFieldMappingsAt(fieldTitle, text(false))
	dm.AddFieldMappingsAt(fieldOrg, text(false))
	// Filters only look terms up; facets read the one facet field.
	for _, f := range []string{fieldOrgKW, fieldCause, fieldActor, fieldData, fieldSource, fieldMonth} {
		dm.AddFieldMappingsAt(f, kw(false))
	}
	dm.AddFieldMappingsAt(fieldFacet, kw(true))
	dm.AddFieldMappingsAt(fieldRecords, num)
	dm.AddFieldMappingsAt(fieldPublished, date)
	dm.AddFieldMappingsAt(fieldIncident, boolean)
	dm.AddFieldMappingsAt(fieldURL, stored())
	dm.AddFieldMappingsAt(fieldMeta, stored())

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = AnalyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.ScoringModel = bindex.BM25Scoring
	return im
}

// docID is the bleve document id of an article.
func docID(id int64) string { return strconv.FormatInt(id, 10) }

// meta is what the index stores to rebuild a hit's Article without a trip
// to the store: everything but the text, the raw page and the evidence.
type meta struct {
	leakwatch.Article
}

// document flattens an article and its incidents into the indexed fields.
func document(a leakwatch.Article) (map[string]any, error) {
	d := map[string]any{
		fieldText:     []string{a.Title, bodyOf(a)},
		fieldTitle:    a.Title,
		fieldSource:   a.SourceID,
		fieldURL:      a.URL,
		fieldIncident: a.IsIncident,
	}
	if !a.Published.IsZero() {
		d[fieldPublished] = a.Published.UTC().Format(time.RFC3339)
		d[fieldMonth] = a.Published.In(leakwatch.JST).Format("2006-01")
	}
	var orgs, orgText, causes, actors, data []string
	var records *int64
	for _, in := range a.Incidents {
		if in.Org != "" {
			orgs = appendUnique(orgs, in.Org)
			orgText = appendUnique(orgText, in.Org)
		}
		for _, al := range in.OrgAliases {
			orgText = appendUnique(orgText, al)
		}
		for _, c := range in.Causes {
			causes = appendUnique(causes, string(c))
		}
		if in.Actor != "" {
			actors = appendUnique(actors, string(in.Actor))
		}
		for _, dt := range in.DataTypes {
			data = appendUnique(data, string(dt))
		}
		if in.Records != nil && (records == nil || *in.Records > *records) {
			records = in.Records
		}
	}
	setList(d, fieldOrgKW, orgs)
	setList(d, fieldOrg, orgText)
	setList(d, fieldCause, causes)
	setList(d, fieldActor, actors)
	setList(d, fieldData, data)
	var bucket string
	if records != nil {
		d[fieldRecords] = float64(*records)
		bucket = recordsBucket(*records)
	}
	setList(d, fieldFacet, facetTerms(causes, actors, data, a.SourceID, d[fieldMonth], bucket))
	m := a
	m.Text, m.Raw, m.RawType = "", nil, ""
	m.Incidents = make([]leakwatch.Incident, len(a.Incidents))
	for i, in := range a.Incidents {
		in.Evidence = nil
		m.Incidents[i] = in
	}
	js, err := json.Marshal(meta{m})
	if err != nil {
		return nil, err
	}
	d[fieldMeta] = string(js)
	return d, nil
}

// bodyOf is the text indexed as the body: the extracted text, or the feed's
// summary when the page could not be fetched.
func bodyOf(a leakwatch.Article) string {
	if a.Text != "" {
		return a.Text
	}
	return a.Summary
}

func setList(d map[string]any, field string, vs []string) {
	if len(vs) > 0 {
		d[field] = vs
	}
}

// recordBuckets are the record-count ranges of the records facet, by powers
// of ten, written as the api package reads them ("lo-hi" inclusive, "lo-"
// open). Counts below 1 (none given) fall in no bucket.
var recordBuckets = []struct {
	lo, hi int64 // hi 0: open
	name   string
}{
	{1, 999, "1-999"},
	{1000, 9999, "1000-9999"},
	{10000, 99999, "10000-99999"},
	{100000, 0, "100000-"},
}

// recordsBucket names the bucket of n, or "" for none.
func recordsBucket(n int64) string {
	for _, b := range recordBuckets {
		if n >= b.lo && (b.hi == 0 || n <= b.hi) {
			return b.name
		}
	}
	return ""
}

// primaryFacet starts the one facet term per document that holds its first
// cause, first actor and record range together ("p=cause|actor|range").
// Facets cost a map update per value per hit, and broad queries hit most of
// the index: one term for three low-cardinality values (at most a few
// hundred combinations) cut the values read per hit from seven to four.
// Further causes and actors get a term of their own (cause=…).
const primaryFacet = "p="

// facetTerms are the facet field's terms for one document.
func facetTerms(causes, actors, data []string, source string, month any, bucket string) []string {
	var c0, a0 string
	if len(causes) > 0 {
		c0 = causes[0]
	}
	if len(actors) > 0 {
		a0 = actors[0]
	}
	var out []string
	if c0 != "" || a0 != "" || bucket != "" {
		out = append(out, primaryFacet+c0+"|"+a0+"|"+bucket)
	}
	for i := 1; i < len(causes); i++ {
		out = append(out, FacetCause+"="+causes[i])
	}
	for i := 1; i < len(actors); i++ {
		out = append(out, FacetActor+"="+actors[i])
	}
	for _, v := range data {
		out = append(out, FacetData+"="+v)
	}
	if source != "" {
		out = append(out, FacetSource+"="+source)
	}
	if m, ok := month.(string); ok {
		out = append(out, FacetMonth+"="+m)
	}
	return out
}
