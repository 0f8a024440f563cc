-- 008: chunks of a distributed run (or a Parquet dataset) already loaded, so that loading
-- the same dataset again, or re-running the same job, adds no rows.

CREATE TABLE IF NOT EXISTS loaded_chunks (
    chunk_id          VARCHAR PRIMARY KEY,  -- hash of the chunk's files and the extractor version
    run_id            VARCHAR NOT NULL,     -- the run that extracted it
    n_docs            INTEGER NOT NULL,
    extractor_version VARCHAR NOT NULL,
    loaded_at         TIMESTAMP NOT NULL
);
