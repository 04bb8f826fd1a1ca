// Full-text index of result text (FTS5). Contentless: the text lives in results.raw; the index holds
// only words → result ids. It is filled off the recording path by the search indexer, which keeps
// how far it got in search_index_state (results with a larger id are not indexed yet).
export default `
CREATE VIRTUAL TABLE result_text USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
CREATE TABLE search_index_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_upto INTEGER NOT NULL
);
INSERT INTO search_index_state (id, indexed_upto) VALUES (1, 0);
-- no merge of index segments inside a commit (a big one would stall the event loop): the indexer
-- merges a few pages at a time between its slices; only a real pile-up merges at once
INSERT INTO result_text (result_text, rank) VALUES ('automerge', 0);
INSERT INTO result_text (result_text, rank) VALUES ('crisismerge', 64);
`;
