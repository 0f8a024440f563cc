-- 007: the full-text index behind `evidence search`, built at ingest from each document's
-- blocks and facts (one item each) and stored with the document, so ranking (BM25) needs
-- nothing but SQL and no network.

CREATE TABLE IF NOT EXISTS search_items (
    item_id   VARCHAR NOT NULL,   -- a block_id, fact_id or claim_id
    kind      VARCHAR NOT NULL,   -- 'block', 'fact' or 'claim'
    doc_id    VARCHAR NOT NULL,
    page      INTEGER NOT NULL,
    n_terms   INTEGER NOT NULL,   -- the item's length in indexed terms
    PRIMARY KEY (kind, item_id)
);

CREATE TABLE IF NOT EXISTS search_postings (
    term      VARCHAR NOT NULL,   -- lower-cased, light plural folding ("zones" -> "zone")
    kind      VARCHAR NOT NULL,
    item_id   VARCHAR NOT NULL,
    doc_id    VARCHAR NOT NULL,
    tf        INTEGER NOT NULL    -- how often the term occurs in the item
);
