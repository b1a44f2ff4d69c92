// Package index keeps the full-text index of articles and their incidents in
// bleve, with a Japanese analyzer built on the nlp package's kagome
// tokenizer. The index is derived from the store and can always be rebuilt
// from it (Rebuild, `leakwatch reindex`).
//
// # The ja analyzer
//
// Registered in bleve's registry as AnalyzerName ("ja"). The text is folded
// first (NFKC and lower case, keeping a map back to the original bytes so
// highlights land on the text as stored), spelling variants that the
// dictionary splits are rewritten (マルウエア → マルウェア), and kagome cuts
// it in normal mode. For each morpheme it indexes, at one position:
//
//   - the surface form and the base form (持ち出した → 持ち出し, 持ち出す:
//     indexing only base forms loses the noun 持ち出し, which half the
//     articles use);
//   - katakana long vowels stemmed as kuromoji does (サーバー → サーバ);
//   - synonyms replaced by their group's first word (synonyms.txt:
//     漏えい/漏洩/流出/リーク, ランサムウェア/ランサムウエア, …);
//   - for long nouns, their parts: kanji compounds by kagome's search mode
//     (京都教育大学 → 京都, 教育, 大学), katakana compounds by splitting into
//     dictionary words (クレジットカード → クレジット, カード). Only when
//     indexing, so the query クレジットカード does not match ポイントカード;
//   - a pair term for every two adjacent positions ("不正 アクセス").
//
// Particles, auxiliary verbs, symbols, conjunctions and a short list of light
// words (する, ある, こと …) are dropped but keep their position, so
// 不正にアクセス has no pair 不正 アクセス.
//
// Compounds and unknown words: a word index (normal mode) keeps
// 東京都 as 東京/都, so 京都 does not match it, where a bigram or substring
// index returns every 東京都 article. Search mode alone does not split
// クレジットカード or the unknown フィッシングサイト, so katakana compounds are
// split by looking their halves up in the dictionary; no n-gram sub-field
// is kept, which would double the index for the recall the parts give.
//
// Phrases: a query word of several tokens (不正アクセス, 委託先, "…") is
// answered from pair terms, one term lookup per adjacent pair, instead of a
// positional phrase query; measured.md puts phrase queries at p99 162 ms at
// 100,000 articles and pair lookups at 5.6 ms.
//
// # Against bleve's cjk analyzer
//
// TestCompareWithCJKBigrams runs the same searches over the fixtures with
// bleve's cjk analyzer (character bigrams, each query word a phrase):
//
//	query            cjk bigrams           ja
//	京都             京都府 + 東京都       京都府 only
//	ランサムウェア   misses ランサムウエア finds both spellings
//	漏えい           only 漏えい           漏えい, 漏洩, 流出
//	サーバー         misses サーバ         both
//	持ち出す         nothing               持ち出した, 持ち出し
//	カード, 個人情報, フィッシング, 委託先 持ち出し, 不正アクセス: the same.
//
// bench/index measures speed and size against SQLite FTS5.
//
// # The dictionary, once per process
//
// bleve builds analyzers itself, by name, from its registry, also when it
// reopens an index and reads the mapping from disk, so the tokenizer cannot
// be passed to the constructor. Open, Rebuild and SetTokenizer hand the
// process's one tokenizer to the package first; the registered constructor
// fails with ErrNoTokenizer rather than load a second copy of the dictionary
// (150 MiB, half a second).
//
// # Documents
//
// One document per article, id = article ID. The incidents are flattened:
// organisations (text field org and keyword org_kw), causes, actors and data
// types as keyword lists, records as the largest incident count, month
// (YYYY-MM, Japan time). Keyword fields are indexed for filters; one more
// keyword field holds every faceted value as name=value with doc values, so
// facets read one field per hit; the records facet is the record count's
// range (1-999, 1000-9999, 10000-99999, 100000-), as the api package reads
// ranges.
// Numbers and dates carry doc values for sorting. The title and the body are
// two values of one field, text, stored with term vectors for highlighting:
// a word is one posting list, not one per field. The title is indexed again
// on its own, and a match there is added to the score three times over. The
// article without its text is stored as JSON for hits.
//
// # Speed
//
// Indexing: kagome reads each text once, in normal mode. Search mode runs
// only on kanji nouns of three characters or more, once per distinct word
// (the splits are cached), so it costs nothing per text. Tokens and their
// terms are cut from a few blocks per text, and text that needs no folding
// keeps no offset map. Two batches are in flight at once: scorch analyses a
// batch on all cores but builds its segment on one goroutine, which left a
// core idle; batches sharing an article keep their order.
//
// Searching: a query matching most of the index spends its time per hit,
// on scoring and on facets. Facets are counted by a second, unscored walk
// over the hits beside the scored search (two cores), reading one doc-value
// field with four values per document (cause, actor and record range share
// one term, see primaryFacet) into a map that allocates only for values
// not seen before. The scored search keeps bleve's boolean filter: as a
// conjunction it would skip ahead faster, but bleve v2.6.3 then drops the
// title boost of some documents (TestFilterKeepsRanking); the unscored facet
// walk uses the conjunction.
//
// # Rebuild
//
// The index directory is a symbolic link to a generation directory beside
// it. Rebuild builds a new generation and replaces the link with one rename;
// a process that has the old index open keeps reading it until it reopens
// (restart `leakwatch serve` after `leakwatch reindex`). Writes to the old
// generation during a rebuild (a crawl running at the same time) are lost
// with it; the store still has them, and Check reports the difference.
package index
