// Package nlp reads Japanese security news: it normalises and tokenises text,
// parses Japanese numbers and record counts, and finds the incidents an article
// reports with their organisation, causes, actor, count and data types, each
// with the sentence it was read from. It does no I/O.
package nlp
