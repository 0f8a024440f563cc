-- Named queries (aiosql style: "-- name: NAME" starts a query). Values are bound as
-- parameters ($name); nothing here is ever assembled from user input.

-- name: document_ids_like
SELECT doc_id FROM documents WHERE doc_id LIKE $prefix || '%' ORDER BY doc_id;

-- name: document_exists
SELECT count(*) > 0 FROM documents WHERE doc_id = $doc_id;

-- name: document_list
SELECT d.doc_id, d.file_name, d.title, d.year, d.n_pages,
       (SELECT count(*) FROM tables t WHERE t.doc_id = d.doc_id) AS n_tables,
       (SELECT count(*) FROM blocks b WHERE b.doc_id = d.doc_id) AS n_blocks,
       d.ingested_at, d.warnings
FROM documents d
ORDER BY d.ingested_at, d.file_name;

-- name: document_get
SELECT * FROM documents WHERE doc_id = $doc_id;

-- name: delete_facts
DELETE FROM facts WHERE doc_id = $doc_id;

-- name: delete_table_cells
DELETE FROM table_cells WHERE doc_id = $doc_id;

-- name: delete_tables
DELETE FROM tables WHERE doc_id = $doc_id;

-- name: delete_blocks
DELETE FROM blocks WHERE doc_id = $doc_id;

-- name: delete_pages
DELETE FROM pages WHERE doc_id = $doc_id;

-- name: delete_documents
DELETE FROM documents WHERE doc_id = $doc_id;

-- name: block_ids_like
SELECT block_id FROM blocks WHERE block_id LIKE $prefix || '%' ORDER BY block_id;

-- name: block_get
SELECT b.*, d.file_name, d.title
FROM blocks b JOIN documents d USING (doc_id)
WHERE b.block_id = $block_id;

-- name: table_ids_like
SELECT table_id FROM tables WHERE table_id LIKE $prefix || '%' ORDER BY table_id;

-- name: table_get
SELECT t.*, d.file_name, d.title
FROM tables t JOIN documents d USING (doc_id)
WHERE t.table_id = $table_id;

-- name: table_cells
SELECT * FROM table_cells WHERE table_id = $table_id ORDER BY "row", col;

-- name: page_get
SELECT p.*, d.file_name, d.title
FROM pages p JOIN documents d USING (doc_id)
WHERE p.doc_id = $doc_id AND p.page = $page;

-- name: page_blocks
SELECT block_id, kind, text, bbox FROM blocks
WHERE doc_id = $doc_id AND page = $page ORDER BY seq;

-- name: page_tables
SELECT table_id, label, caption, bbox FROM tables
WHERE list_contains(pages, $page) AND doc_id = $doc_id ORDER BY table_id;

-- name: export_blocks
SELECT block_id, doc_id, page, seq, kind, text, bbox, column_no, level, section,
       marker, note_refs, continues, table_id, font_size, bold
FROM blocks
WHERE $doc_id IS NULL OR doc_id = $doc_id
ORDER BY doc_id, seq;

-- name: export_tables
SELECT t.table_id, t.doc_id, t.page, t.pages, t.bbox, t.label, t.caption, t.units,
       t.notes, t.n_rows, t.n_cols, t.n_header_rows, t.method,
       (SELECT list(struct_pack("row" := c."row", col := c.col, text := c.text, value := c.value,
                                markers := c.markers, page := c.page, bbox := c.bbox,
                                row_span := c.row_span, col_span := c.col_span,
                                is_header := c.is_header, header_path := c.header_path,
                                row_path := c.row_path)
                    ORDER BY c."row", c.col)
        FROM table_cells c WHERE c.table_id = t.table_id) AS cells
FROM tables t
WHERE $doc_id IS NULL OR t.doc_id = $doc_id
ORDER BY t.doc_id, t.table_id;

-- name: export_table_cells
SELECT table_id, doc_id, page, "row", col, text, value, markers, bbox, row_span, col_span,
       is_header, header_path, row_path
FROM table_cells
WHERE $doc_id IS NULL OR doc_id = $doc_id
ORDER BY doc_id, table_id, "row", col;

-- name: export_facts
SELECT * FROM facts
WHERE $doc_id IS NULL OR doc_id = $doc_id
ORDER BY doc_id, fact_id;

-- name: totals
SELECT (SELECT count(*) FROM documents) AS documents,
       (SELECT count(*) FROM pages) AS pages,
       (SELECT count(*) FROM blocks) AS blocks,
       (SELECT count(*) FROM tables) AS tables,
       (SELECT count(*) FROM table_cells) AS table_cells,
       (SELECT count(*) FROM facts) AS facts;

-- name: run_start
INSERT INTO ingest_runs (run_id, started_at, extractor_version, command)
VALUES ($run_id, now()::TIMESTAMP, $version, $command);

-- name: run_finish
UPDATE ingest_runs
SET finished_at = now()::TIMESTAMP, n_files = $n_files, n_ingested = $n_ingested,
    n_skipped = $n_skipped, n_failed = $n_failed
WHERE run_id = $run_id;

-- name: failure_record
INSERT INTO ingest_failures VALUES ($run_id, $file, $sha256, $reason, $error_class, now()::TIMESTAMP);

-- Loading: each inserts the registered Arrow batch "_new_<table>" of one document.

-- name: insert_documents
INSERT INTO documents BY NAME SELECT *, now()::TIMESTAMP AS ingested_at FROM _new_documents;

-- name: insert_pages
INSERT INTO pages BY NAME SELECT * FROM _new_pages;

-- name: insert_blocks
INSERT INTO blocks BY NAME SELECT * FROM _new_blocks;

-- name: insert_tables
INSERT INTO tables BY NAME SELECT * FROM _new_tables;

-- name: insert_facts
INSERT INTO facts BY NAME SELECT * FROM _new_facts;

-- name: insert_table_cells
INSERT INTO table_cells BY NAME SELECT * FROM _new_table_cells;

-- name: failure_list
SELECT f.file, f.sha256, f.reason, f.error_class, f.failed_at,
       d.doc_id IS NOT NULL AS ingested_since
FROM ingest_failures f
LEFT JOIN documents d ON d.doc_id = f.sha256
ORDER BY f.failed_at, f.file;

-- name: facts_query
-- Facts matching structured filters (every filter optional: NULL means any). Periods
-- overlap [year_from, year_to] on the years they name ("1980-1984", "2008-01/2008-11").
SELECT f.fact_id, f.doc_id, d.title, f.page, f.bbox, f.source, f.entity, f.indicator,
       f.period, f.raw, f.value, f.value_low, f.value_high, f.unit, f.qualifier, f.change,
       f.quote, f.table_id, f."row", f.col
FROM facts AS f JOIN documents AS d USING (doc_id)
WHERE NOT f.missing
  AND ($doc_id IS NULL OR f.doc_id = $doc_id)
  AND ($indicators IS NULL OR list_contains($indicators::VARCHAR[], f.indicator))
  AND ($entity_patterns IS NULL OR EXISTS (
        SELECT 1 FROM unnest($entity_patterns::VARCHAR[]) AS p(rx)
        WHERE regexp_matches(lower(coalesce(f.entity, '')), p.rx)))
  AND ($unit IS NULL OR f.unit = $unit)
  AND ($source IS NULL OR f.source = $source)
  AND ($min IS NULL OR coalesce(f.value, f.value_high) >= $min)
  AND ($max IS NULL OR coalesce(f.value, f.value_low) <= $max)
  AND ($year_from IS NULL OR (
        f.period IS NOT NULL
        AND (SELECT max(y::INTEGER) FROM unnest(regexp_extract_all(f.period, '\d{4}')) AS u(y)) >= $year_from
        AND (SELECT min(y::INTEGER) FROM unnest(regexp_extract_all(f.period, '\d{4}')) AS u(y)) <= $year_to))
ORDER BY d.title, f.page, f.fact_id
LIMIT $limit;

-- name: search
-- BM25 over search_items/search_postings for the bound list of terms; the text of each
-- hit comes from its block, fact or claim.
WITH wanted AS (SELECT unnest($terms::VARCHAR[]) AS term),
items AS (
    SELECT * FROM search_items
    WHERE list_contains($kinds::VARCHAR[], kind) AND ($doc_id IS NULL OR doc_id = $doc_id)
),
stats AS (SELECT count(*) AS n, avg(n_terms) AS avg_len FROM items),
postings AS (
    SELECT p.* FROM search_postings AS p
    JOIN items AS i USING (kind, item_id)
    WHERE p.term IN (SELECT term FROM wanted)
),
df AS (SELECT term, count(*) AS df FROM postings GROUP BY term),
scored AS (
    SELECT p.kind, p.item_id, p.doc_id,
           sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
               * p.tf * ($k1 + 1) / (p.tf + $k1 * (1 - $b + $b * i.n_terms / s.avg_len))) AS score
    FROM postings AS p
    JOIN df USING (term)
    JOIN items AS i USING (kind, item_id)
    CROSS JOIN stats AS s
    GROUP BY p.kind, p.item_id, p.doc_id
)
SELECT sc.kind, sc.item_id, sc.doc_id, coalesce(d.title, d.file_name) AS title, i.page, sc.score,
       coalesce(b.text, f.quote) AS text
FROM scored AS sc
JOIN items AS i USING (kind, item_id)
JOIN documents AS d ON d.doc_id = sc.doc_id
LEFT JOIN blocks AS b ON sc.kind = 'block' AND b.block_id = sc.item_id
LEFT JOIN facts AS f ON sc.kind = 'fact' AND f.fact_id = sc.item_id
ORDER BY sc.score DESC, sc.item_id
LIMIT $limit;

-- name: delete_search_items
DELETE FROM search_items WHERE doc_id = $doc_id;

-- name: delete_search_postings
DELETE FROM search_postings WHERE doc_id = $doc_id;

-- name: insert_search_items
INSERT INTO search_items BY NAME SELECT * FROM _new_search_items;

-- name: insert_search_postings
INSERT INTO search_postings BY NAME SELECT * FROM _new_search_postings;
