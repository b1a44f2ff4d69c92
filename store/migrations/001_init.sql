-- Articles, keyed by canonical URL. Times are Unix nanoseconds (NULL when
-- unknown); dated is published, or fetched when the page gave no date, so
-- that every article has a day to be filtered and counted on.
CREATE TABLE articles (
	id           INTEGER PRIMARY KEY,
	url          TEXT    NOT NULL UNIQUE CHECK (url <> ''),
	source_id    TEXT    NOT NULL DEFAULT '',
	title        TEXT    NOT NULL DEFAULT '',
	text         TEXT    NOT NULL DEFAULT '',
	summary      TEXT    NOT NULL DEFAULT '',
	published    INTEGER,
	fetched      INTEGER,
	dated        INTEGER,
	content_hash TEXT,
	extract_note TEXT    NOT NULL DEFAULT '',
	is_incident  INTEGER NOT NULL DEFAULT 0,
	analyzed     INTEGER,
	created      INTEGER NOT NULL,
	updated      INTEGER NOT NULL
);
CREATE INDEX articles_content_hash ON articles (content_hash, id);
CREATE INDEX articles_dated ON articles (dated);
CREATE INDEX articles_source ON articles (source_id);

-- The page or feed item as fetched, gzip-compressed, one per article.
CREATE TABLE raw_pages (
	article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	media_type TEXT    NOT NULL DEFAULT '',
	encoding   TEXT    NOT NULL DEFAULT 'gzip',
	size       INTEGER NOT NULL,
	data       BLOB    NOT NULL
);

CREATE TABLE incidents (
	id                INTEGER PRIMARY KEY,
	article_id        INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	seq               INTEGER NOT NULL,
	org               TEXT    NOT NULL DEFAULT '',
	org_aliases       TEXT    NOT NULL DEFAULT '[]',
	-- org_search is the organisation and its aliases, NFKC-folded and
	-- lower-cased, one per line, for substring filters.
	org_search        TEXT    NOT NULL DEFAULT '',
	primary_cause     TEXT    NOT NULL,
	actor             TEXT    NOT NULL,
	records           INTEGER CHECK (records IS NULL OR records >= 0),
	records_qualifier TEXT    NOT NULL DEFAULT '',
	records_text      TEXT    NOT NULL DEFAULT '',
	summary           TEXT    NOT NULL DEFAULT '',
	evidence          TEXT    NOT NULL DEFAULT '[]',
	UNIQUE (article_id, seq)
);
CREATE INDEX incidents_primary_cause ON incidents (primary_cause);
CREATE INDEX incidents_actor ON incidents (actor);
CREATE INDEX incidents_records ON incidents (records);

CREATE TABLE incident_causes (
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	cause       TEXT    NOT NULL,
	PRIMARY KEY (incident_id, pos)
);
CREATE INDEX incident_causes_cause ON incident_causes (cause, incident_id);

CREATE TABLE incident_data_types (
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	data_type   TEXT    NOT NULL,
	PRIMARY KEY (incident_id, pos)
);
CREATE INDEX incident_data_types_type ON incident_data_types (data_type, incident_id);

CREATE TABLE crawl_state (
	source_id     TEXT    NOT NULL,
	feed_url      TEXT    NOT NULL,
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	last_attempt  INTEGER,
	last_success  INTEGER,
	failures      INTEGER NOT NULL DEFAULT 0,
	next_attempt  INTEGER,
	last_error    TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (source_id, feed_url)
);

CREATE TABLE crawl_runs (
	id             INTEGER PRIMARY KEY,
	started        INTEGER,
	finished       INTEGER,
	sources_ok     INTEGER NOT NULL DEFAULT 0,
	sources_failed INTEGER NOT NULL DEFAULT 0,
	new_articles   INTEGER NOT NULL DEFAULT 0,
	incidents      INTEGER NOT NULL DEFAULT 0,
	errors         TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX crawl_runs_started ON crawl_runs (started);
