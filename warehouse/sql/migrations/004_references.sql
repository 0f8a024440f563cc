-- 004: source links. "references" (a reserved word in SQL: always quote it) holds each
-- document's bibliography, one row per entry; citations holds every pointer from the text
-- to a source (author-year citations, note markers, items of "Source:" lines), resolved
-- or not; cite_links ties facts (and claims) to the citations that back them.

CREATE TABLE IF NOT EXISTS "references" (
    ref_id           VARCHAR PRIMARY KEY,
    doc_id           VARCHAR NOT NULL,
    page             INTEGER NOT NULL,
    bbox             DOUBLE[4] NOT NULL,
    block_id         VARCHAR NOT NULL,    -- the block the entry starts in
    seq              INTEGER NOT NULL,    -- 0-based order in the bibliography
    raw              VARCHAR NOT NULL,    -- the entry as printed
    authors          VARCHAR[] NOT NULL,  -- names as printed ('Porter, Michael', 'A. Venables')
    surnames         VARCHAR[] NOT NULL,  -- what citations are matched on
    aliases          VARCHAR[] NOT NULL,  -- other names of the first author ('MOFCOM')
    year             VARCHAR,             -- '2009', '2008b', 'Various years'
    title            VARCHAR,
    container        VARCHAR,             -- journal, book, publisher or series
    same_as_previous BOOLEAN NOT NULL,    -- written with a dash: the previous entry's authors
    label            VARCHAR              -- number of an entry of a numbered bibliography ('12')
);

CREATE TABLE IF NOT EXISTS citations (
    citation_id   VARCHAR PRIMARY KEY,
    doc_id        VARCHAR NOT NULL,
    page          INTEGER NOT NULL,
    bbox          DOUBLE[4] NOT NULL,     -- the bbox of the block it is printed in
    block_id      VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,       -- 'author_year', 'numbered', 'note_marker', 'source'
    form          VARCHAR NOT NULL,       -- 'parenthetical', 'narrative', 'note', 'source line', 'bracket', 'marker'
    raw           VARCHAR NOT NULL,
    "start"       INTEGER NOT NULL,       -- character offsets in the block's text
    "end"         INTEGER NOT NULL,
    authors       VARCHAR[] NOT NULL,     -- the cited names as printed
    year          VARCHAR,
    locator       VARCHAR,                -- page or chapter ('54')
    prefix        VARCHAR,                -- 'see', 'e.g.'
    marker        VARCHAR,                -- a note marker, or the number of a numbered citation
    note_block_id VARCHAR,                -- note markers: the note
    table_id      VARCHAR,                -- source lines of a table
    ref_id        VARCHAR,                -- NULL when unresolved
    how           VARCHAR NOT NULL        -- how ref_id or the note was found, or 'unresolved'/'ambiguous'
);

CREATE TABLE IF NOT EXISTS cite_links (
    doc_id       VARCHAR NOT NULL,
    subject_kind VARCHAR NOT NULL,        -- 'fact' or 'claim'
    subject_id   VARCHAR NOT NULL,
    citation_id  VARCHAR NOT NULL,
    ref_id       VARCHAR,
    how          VARCHAR NOT NULL,        -- 'sentence', 'note', 'via note', 'table source'
    PRIMARY KEY (subject_kind, subject_id, citation_id)
);
