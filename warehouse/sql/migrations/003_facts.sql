-- 003: facts, one row per figure a document reports (an indicator value), normalised,
-- with its source: a text block (block_id) or a table cell (table_id, row, col).

CREATE TABLE IF NOT EXISTS facts (
    fact_id       VARCHAR PRIMARY KEY,
    doc_id        VARCHAR NOT NULL,
    page          INTEGER NOT NULL,
    bbox          DOUBLE[4] NOT NULL,
    source        VARCHAR NOT NULL,      -- 'text' or 'table'
    quote         VARCHAR NOT NULL,      -- the sentence, or 'caption | row | column: cell'
    raw           VARCHAR NOT NULL,      -- as printed
    value         DOUBLE,                -- base units, every scale applied
    value_low     DOUBLE,
    value_high    DOUBLE,
    unit          VARCHAR,               -- ISO 4217, 'percent', 'percentage_points', 'count', ...
    decimals      INTEGER,
    qualifier     VARCHAR,
    change        VARCHAR,
    entity        VARCHAR,
    entity_how    VARCHAR,
    indicator     VARCHAR,               -- canonical name from the vocabulary, else in the text's words (how: 'open')
    indicator_raw VARCHAR,
    indicator_how VARCHAR,               -- 'sentence', 'previous sentence', 'heading', 'unit', 'open', or a table header
    period        VARCHAR,
    period_how    VARCHAR,
    block_id      VARCHAR,
    table_id      VARCHAR,
    "row"         INTEGER,
    col           INTEGER,
    missing       BOOLEAN NOT NULL
);
