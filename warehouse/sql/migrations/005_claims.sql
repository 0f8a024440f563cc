-- 005: claims, one row per sentence of a document's running text that makes an argument
-- (its kind, topics, hedge, and the facts stated beside it); and claim_groups, similar
-- claims made by different documents, recomputed over the whole warehouse after each
-- load (`evidence add` runs it), so that a user sees which reports support the same point.

CREATE TABLE IF NOT EXISTS claims (
    claim_id      VARCHAR PRIMARY KEY,   -- '<block_id>-sNN'
    doc_id        VARCHAR NOT NULL,
    page          INTEGER NOT NULL,
    bbox          DOUBLE[4] NOT NULL,    -- the block the sentence starts in
    quote         VARCHAR NOT NULL,      -- the sentence
    section       VARCHAR[] NOT NULL,    -- heading path
    kind          VARCHAR NOT NULL,      -- success_factor, causal, recommendation, challenge, lesson, policy_description
    topics        VARCHAR[] NOT NULL,    -- names from extractor/claims/topics.toml
    hedge         VARCHAR NOT NULL,      -- 'weak', 'none', 'strong'
    confidence    DOUBLE NOT NULL,       -- the classifier's score (ranks claims; not calibrated)
    evidence      VARCHAR[] NOT NULL,    -- fact ids stated in the same sentence, else paragraph
    evidence_how  VARCHAR,               -- 'sentence' or 'paragraph'
    block_id      VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL       -- when the classifier was trained
);

-- Not a content table: it spans documents and is rebuilt from `claims` by
-- warehouse.claim_groups.regroup (a claim of a deleted document simply drops out).
CREATE TABLE IF NOT EXISTS claim_groups (
    claim_id   VARCHAR PRIMARY KEY,
    claim_group VARCHAR NOT NULL,        -- the smallest claim_id of the group
    similarity DOUBLE NOT NULL,          -- cosine similarity to the closest other member
    n_docs     INTEGER NOT NULL          -- documents in the group
);
