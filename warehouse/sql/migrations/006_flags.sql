-- 006: consistency flags (what `evidence check` finds) and their reviews.
-- `flags` is rewritten by every check run; `flag_reviews` is never touched by a check run
-- or by re-ingestion, so a reviewer's decision survives both (keyed by the stable flag id).

CREATE TABLE IF NOT EXISTS flags (
    flag_id     VARCHAR PRIMARY KEY,   -- hash of the check and the facts involved
    check_name  VARCHAR NOT NULL,
    family      VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,      -- 'error', 'warning', 'info'
    doc_id      VARCHAR NOT NULL,      -- the document of the figure found wanting
    doc_ids     VARCHAR[] NOT NULL,    -- every document involved
    message     VARCHAR NOT NULL,      -- in words, with the arithmetic
    expected    DOUBLE,                -- what the other figures imply (midpoint, base units)
    found       DOUBLE,                -- what is printed (base units)
    abs_diff    DOUBLE,                -- how far apart, beyond every rounding and hedge slack
    rel_diff    DOUBLE,                -- abs_diff / |expected|
    facts       STRUCT(fact_id VARCHAR, "role" VARCHAR, doc_id VARCHAR, page INTEGER, bbox DOUBLE[4],
                       quote VARCHAR, raw VARCHAR)[] NOT NULL,
    checked_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS flag_reviews (
    flag_id     VARCHAR PRIMARY KEY,
    status      VARCHAR NOT NULL,      -- 'confirmed' or 'dismissed'
    note        VARCHAR,
    reviewed_at TIMESTAMP NOT NULL
);

-- Each flag with its review status ('open' until a reviewer confirms or dismisses it).
CREATE OR REPLACE VIEW flags_reviewed AS
SELECT f.*, coalesce(r.status, 'open') AS status, r.note, r.reviewed_at
FROM flags f LEFT JOIN flag_reviews r USING (flag_id);
