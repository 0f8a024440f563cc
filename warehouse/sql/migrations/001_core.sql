-- 001: documents, pages, text blocks, tables and their cells, ingest runs and failures.
-- Every row that holds extracted content carries doc_id, page (1-based) and a bbox
-- [x0, top, x1, bottom] in PDF points with a top-left origin (pdfplumber's convention).

CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id            VARCHAR PRIMARY KEY,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    extractor_version VARCHAR NOT NULL,
    command           VARCHAR,
    n_files           INTEGER,
    n_ingested        INTEGER,
    n_skipped         INTEGER,
    n_failed          INTEGER
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id            VARCHAR PRIMARY KEY,  -- SHA-256 of the file's bytes
    file_name         VARCHAR NOT NULL,
    title             VARCHAR,
    authors           VARCHAR,
    publisher         VARCHAR,
    year              INTEGER,
    country           VARCHAR,
    currency          VARCHAR,
    kind              VARCHAR,
    source            VARCHAR,
    notes             VARCHAR,
    n_bytes           BIGINT NOT NULL,
    n_pages           INTEGER NOT NULL,
    pdf_producer      VARCHAR,
    pdf_title         VARCHAR,
    extractor_version VARCHAR NOT NULL,
    warnings          VARCHAR[],
    run_id            VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS pages (
    doc_id   VARCHAR NOT NULL,
    page     INTEGER NOT NULL,
    width    DOUBLE NOT NULL,
    height   DOUBLE NOT NULL,
    rotation INTEGER NOT NULL,
    n_chars  INTEGER NOT NULL,
    text     VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS blocks (
    block_id  VARCHAR PRIMARY KEY,
    doc_id    VARCHAR NOT NULL,
    page      INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    kind      VARCHAR NOT NULL,
    text      VARCHAR NOT NULL,
    bbox      DOUBLE[4] NOT NULL,
    column_no INTEGER NOT NULL,
    level     INTEGER,
    section   VARCHAR[] NOT NULL,
    marker    VARCHAR,
    note_refs VARCHAR[] NOT NULL,
    continues VARCHAR,
    table_id  VARCHAR,
    font_size DOUBLE,
    bold      BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS tables (
    table_id      VARCHAR PRIMARY KEY,
    doc_id        VARCHAR NOT NULL,
    page          INTEGER NOT NULL,
    pages         INTEGER[] NOT NULL,
    bbox          DOUBLE[4] NOT NULL,
    part_bboxes   STRUCT(page INTEGER, bbox DOUBLE[4])[] NOT NULL,
    n_rows        INTEGER NOT NULL,
    n_cols        INTEGER NOT NULL,
    n_header_rows INTEGER NOT NULL,
    method        VARCHAR NOT NULL,
    label         VARCHAR,
    caption       VARCHAR,
    caption_bbox  DOUBLE[4],
    units         VARCHAR,
    notes         STRUCT(marker VARCHAR, kind VARCHAR, text VARCHAR)[] NOT NULL
);

CREATE TABLE IF NOT EXISTS table_cells (
    table_id    VARCHAR NOT NULL,
    doc_id      VARCHAR NOT NULL,
    page        INTEGER NOT NULL,
    "row"       INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    value       VARCHAR NOT NULL,
    markers     VARCHAR[] NOT NULL,
    bbox        DOUBLE[4] NOT NULL,
    row_span    INTEGER NOT NULL,
    col_span    INTEGER NOT NULL,
    is_header   BOOLEAN NOT NULL,
    header_path VARCHAR[] NOT NULL,
    row_path    VARCHAR[] NOT NULL
);

CREATE TABLE IF NOT EXISTS ingest_failures (
    run_id      VARCHAR NOT NULL,
    file        VARCHAR NOT NULL,
    sha256      VARCHAR,
    reason      VARCHAR NOT NULL,
    error_class VARCHAR NOT NULL,
    failed_at   TIMESTAMP NOT NULL
);
