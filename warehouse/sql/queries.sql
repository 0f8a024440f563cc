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
       (SELECT count(*) FROM citations c WHERE c.doc_id = d.doc_id) AS n_citations,
       (SELECT count(*) FROM citations c
        WHERE c.doc_id = d.doc_id AND c.ref_id IS NULL AND c.note_block_id IS NULL) AS n_unresolved,
       d.ingested_at, d.warnings
FROM documents d
ORDER BY d.ingested_at, d.file_name;

-- name: document_get
SELECT * FROM documents WHERE doc_id = $doc_id;

-- name: delete_cite_links
DELETE FROM cite_links WHERE doc_id = $doc_id;

-- name: delete_citations
DELETE FROM citations WHERE doc_id = $doc_id;

-- name: delete_references
DELETE FROM "references" WHERE doc_id = $doc_id;

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
-- overlap [year_from, year_to] on the years they name ("1980-1984", "2008-01/2008-11";
-- four-digit years compare as text). No subqueries: on a million facts, correlated
-- subqueries cost seconds even when their filter is off.
SELECT f.fact_id, f.doc_id, d.title, f.page, f.bbox, f.source, f.entity, f.indicator,
       f.period, f.raw, f.value, f.value_low, f.value_high, f.unit, f.qualifier, f.change,
       f.quote, f.table_id, f."row", f.col
FROM facts AS f JOIN documents AS d USING (doc_id)
WHERE NOT f.missing
  AND ($doc_id IS NULL OR f.doc_id = $doc_id)
  AND ($indicators IS NULL OR list_contains($indicators::VARCHAR[], f.indicator))
  AND ($entity_patterns IS NULL
       OR regexp_matches(lower(coalesce(f.entity, '')), array_to_string($entity_patterns::VARCHAR[], '|')))
  AND ($unit IS NULL OR f.unit = $unit)
  AND ($source IS NULL OR f.source = $source)
  AND ($min IS NULL OR coalesce(f.value, f.value_high) >= $min)
  AND ($max IS NULL OR coalesce(f.value, f.value_low) <= $max)
  AND ($year_from IS NULL OR (
        list_max(regexp_extract_all(f.period, '\d{4}')) >= $year_from::VARCHAR
        AND list_min(regexp_extract_all(f.period, '\d{4}')) <= $year_to::VARCHAR))
ORDER BY d.title, f.page, f.fact_id
LIMIT $limit;

-- name: search
-- BM25 over search_items/search_postings for the bound list of terms; the text of each
-- hit comes from its block, fact or claim. Shaped for large warehouses: postings are
-- filtered on their own columns (no join before the term filter), each matched item's
-- length is joined once, and texts are joined for the top hits only.
WITH wanted AS (SELECT unnest($terms::VARCHAR[]) AS term),
stats AS (
    SELECT count(*) AS n, avg(n_terms) AS avg_len FROM search_items
    WHERE list_contains($kinds::VARCHAR[], kind) AND ($doc_id IS NULL OR doc_id = $doc_id)
),
postings AS MATERIALIZED (
    SELECT term, kind, item_id, doc_id, tf FROM search_postings
    WHERE term IN (SELECT term FROM wanted)
      AND list_contains($kinds::VARCHAR[], kind) AND ($doc_id IS NULL OR doc_id = $doc_id)
),
df AS (SELECT term, count(*) AS df FROM postings GROUP BY term),
scored AS (
    SELECT p.kind, p.item_id, p.doc_id, any_value(i.page) AS page,
           sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
               * p.tf * ($k1 + 1) / (p.tf + $k1 * (1 - $b + $b * i.n_terms / s.avg_len))) AS score
    FROM postings AS p
    JOIN df USING (term)
    JOIN search_items AS i ON i.kind = p.kind AND i.item_id = p.item_id
    CROSS JOIN stats AS s
    GROUP BY p.kind, p.item_id, p.doc_id
),
top AS (SELECT * FROM scored ORDER BY score DESC, item_id LIMIT $limit)
SELECT t.kind, t.item_id, t.doc_id, coalesce(d.title, d.file_name) AS title, t.page, t.score,
       coalesce(b.text, f.quote, c.quote) AS text
FROM top AS t
JOIN documents AS d ON d.doc_id = t.doc_id
LEFT JOIN blocks AS b ON t.kind = 'block' AND b.block_id = t.item_id
LEFT JOIN facts AS f ON t.kind = 'fact' AND f.fact_id = t.item_id
LEFT JOIN claims AS c ON t.kind = 'claim' AND c.claim_id = t.item_id
ORDER BY t.score DESC, t.item_id;

-- name: delete_search_items
DELETE FROM search_items WHERE doc_id = $doc_id;

-- name: delete_search_postings
DELETE FROM search_postings WHERE doc_id = $doc_id;

-- name: insert_search_items
INSERT INTO search_items BY NAME SELECT * FROM _new_search_items;

-- name: insert_search_postings
INSERT INTO search_postings BY NAME SELECT * FROM _new_search_postings;

-- Consistency checks (warehouse/checks/): what they read, and the flags they write.

-- name: check_facts
SELECT f.fact_id, f.doc_id, f.page, f.bbox, f.source, f.quote, f.raw, f.value, f.value_low,
       f.value_high, f.unit, f.decimals, f.qualifier, f.change, f.entity, f.entity_how,
       f.indicator, f.indicator_raw, f.period, f.period_how, f.block_id, f.table_id,
       f."row", f.col, f.missing
FROM facts f
ORDER BY f.doc_id, f.fact_id;

-- name: check_cells
SELECT table_id, "row", col, text, value, is_header, header_path, row_path
FROM table_cells
ORDER BY table_id, "row", col;

-- name: check_tables
SELECT table_id, doc_id, label, caption, units, n_rows, n_cols, pages FROM tables ORDER BY table_id;

-- name: check_documents
SELECT doc_id, file_name, title, publisher, year, kind, ingested_at FROM documents ORDER BY doc_id;

-- name: flags_delete_all
DELETE FROM flags;

-- name: flags_delete_doc
DELETE FROM flags WHERE list_contains(doc_ids, $doc_id);

-- name: flags_insert
INSERT INTO flags BY NAME SELECT *, now()::TIMESTAMP AS checked_at FROM _new_flags;

-- name: flag_ids_like
SELECT flag_id FROM flags WHERE flag_id LIKE $prefix || '%' ORDER BY flag_id;

-- name: flag_review
INSERT OR REPLACE INTO flag_reviews VALUES ($flag_id, $status, $note, now()::TIMESTAMP);

-- name: flag_get
SELECT * FROM flags_reviewed WHERE flag_id = $flag_id;

-- name: flag_list
SELECT * FROM flags_reviewed
WHERE ($doc_id IS NULL OR list_contains(doc_ids, $doc_id))
ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, doc_id, check_name, flag_id;

-- name: export_flags
SELECT flag_id, check_name, family, severity, status, doc_id, doc_ids, message, expected, found,
       abs_diff, rel_diff, facts, note, reviewed_at, checked_at
FROM flags_reviewed
WHERE $doc_id IS NULL OR list_contains(doc_ids, $doc_id)
ORDER BY doc_id, check_name, flag_id;

-- Source links (migration 004): references, citations, and what each statement cites.

-- name: insert_references
INSERT INTO "references" BY NAME SELECT * FROM _new_references;

-- name: insert_citations
INSERT INTO citations BY NAME SELECT * FROM _new_citations;

-- name: insert_cite_links
INSERT INTO cite_links BY NAME SELECT * FROM _new_cite_links;

-- name: export_references
SELECT ref_id, doc_id, page, bbox, block_id, seq, label, authors, surnames, aliases, year, title,
       container, same_as_previous, raw
FROM "references"
WHERE $doc_id IS NULL OR doc_id = $doc_id
ORDER BY doc_id, seq;

-- name: export_citations
SELECT citation_id, doc_id, page, bbox, block_id, kind, form, raw, "start", "end", authors,
       year, locator, prefix, marker, note_block_id, table_id, ref_id, how
FROM citations
WHERE $doc_id IS NULL OR doc_id = $doc_id
ORDER BY doc_id, citation_id;

-- name: export_cite_links
SELECT doc_id, subject_kind, subject_id, citation_id, ref_id, how
FROM cite_links
WHERE $doc_id IS NULL OR doc_id = $doc_id
ORDER BY doc_id, subject_kind, subject_id, citation_id;

-- name: fact_ids_like
SELECT fact_id FROM facts WHERE fact_id LIKE $prefix || '%' ORDER BY fact_id;

-- name: fact_get
SELECT f.*, d.file_name, d.title
FROM facts f JOIN documents d USING (doc_id)
WHERE f.fact_id = $fact_id;

-- name: sources_of
-- Every citation linked to one statement, with its reference and (for a note marker) its note.
SELECT l.how AS link, c.citation_id, c.kind, c.form, c.raw, c.page, c.bbox, c.block_id,
       c.authors, c.year, c.locator, c.marker, c.note_block_id, c.how, c.ref_id,
       r.raw AS ref_raw, r.page AS ref_page, n.text AS note_text, n.page AS note_page
FROM cite_links l
JOIN citations c USING (citation_id)
LEFT JOIN "references" r ON r.ref_id = c.ref_id
LEFT JOIN blocks n ON n.block_id = c.note_block_id
WHERE l.subject_kind = $subject_kind AND l.subject_id = $subject_id
ORDER BY c.citation_id;

-- name: series_flagged
-- The fact ids of $fact_ids that take part in a flag nobody has dismissed.
SELECT DISTINCT x.fact_id
FROM flags_reviewed AS fl, unnest(fl.facts) AS u(x)
WHERE fl.status <> 'dismissed' AND list_contains($fact_ids::VARCHAR[], x.fact_id);

-- name: delete_claims
DELETE FROM claims WHERE doc_id = $doc_id;

-- name: insert_claims
INSERT INTO claims BY NAME SELECT * FROM _new_claims;

-- name: claim_ids_like
SELECT claim_id FROM claims WHERE claim_id LIKE $prefix || '%' ORDER BY claim_id;

-- name: claim_get
-- One claim with its document, its group, and the facts it cites as evidence.
SELECT c.*, d.file_name, d.title, g.claim_group, g.similarity AS group_similarity,
       (SELECT list(struct_pack(fact_id := f.fact_id, raw := f.raw, value := f.value, unit := f.unit,
                                indicator := f.indicator, entity := f.entity, period := f.period,
                                page := f.page) ORDER BY f.fact_id)
        FROM facts f WHERE list_contains(c.evidence, f.fact_id)) AS evidence_facts
FROM claims c JOIN documents d USING (doc_id)
LEFT JOIN claim_groups g USING (claim_id)
WHERE c.claim_id = $claim_id;

-- name: claim_group_members
-- The other claims of a claim's group (made by other documents, or the same one).
SELECT c.claim_id, c.doc_id, d.file_name, c.page, c.kind, c.quote, g.similarity
FROM claim_groups g JOIN claims c USING (claim_id) JOIN documents d USING (doc_id)
WHERE g.claim_group = $claim_group AND c.claim_id <> $claim_id
ORDER BY c.doc_id, c.claim_id;

-- name: export_claims
SELECT c.claim_id, c.doc_id, c.page, c.bbox, c.quote, c.section, c.kind, c.topics, c.hedge,
       c.confidence, c.evidence, c.evidence_how, c.block_id, g.claim_group, c.model_version
FROM claims c LEFT JOIN claim_groups g USING (claim_id)
WHERE $doc_id IS NULL OR c.doc_id = $doc_id
ORDER BY c.doc_id, c.claim_id;

-- name: claims_for_grouping
SELECT claim_id, doc_id, kind, quote FROM claims ORDER BY claim_id;

-- name: claim_groups_clear
DELETE FROM claim_groups;

-- name: claim_groups_insert
INSERT INTO claim_groups BY NAME SELECT * FROM _new_claim_groups;

-- name: chunk_loaded
SELECT chunk_id FROM loaded_chunks WHERE chunk_id = $chunk_id;

-- name: chunk_record
INSERT INTO loaded_chunks VALUES ($chunk_id, $run_id, $n_docs, $version, now()::TIMESTAMP)
ON CONFLICT DO NOTHING;

-- The web app (warehouse/web/): what its pages read beyond the queries above.

-- name: web_relations
-- Tables and views present (stages of the pipeline add theirs as they land).
SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database()
UNION ALL
SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal;

-- name: web_document_pages
-- A document's pages, each with how many facts and tables it holds.
SELECT p.page, p.width, p.height, p.n_chars,
       (SELECT count(*) FROM facts f WHERE f.doc_id = p.doc_id AND f.page = p.page AND NOT f.missing) AS n_facts,
       (SELECT count(*) FROM tables t WHERE t.doc_id = p.doc_id AND list_contains(t.pages, p.page)) AS n_tables
FROM pages p
WHERE p.doc_id = $doc_id
ORDER BY p.page;

-- name: web_document_tables
SELECT table_id, label, caption, page, pages, n_rows, n_cols, method
FROM tables WHERE doc_id = $doc_id ORDER BY page, table_id;

-- name: web_page_size
SELECT width, height, rotation FROM pages WHERE doc_id = $doc_id AND page = $page;

-- name: web_page_facts
-- The facts found on one page, in reading order of their boxes.
SELECT fact_id, raw, value, unit, entity, indicator, period, source, bbox, quote, table_id
FROM facts
WHERE doc_id = $doc_id AND page = $page AND NOT missing
ORDER BY bbox[2], bbox[1], fact_id;

-- name: web_fact_flags
-- The flags a fact takes part in, with their review status.
SELECT fl.flag_id, fl.check_name, fl.severity, fl.status, fl.message, x."role"
FROM flags_reviewed AS fl, unnest(fl.facts) AS u(x)
WHERE x.fact_id = $fact_id
ORDER BY fl.flag_id;

-- name: web_claims
-- Claims by kind, topic, hedge and document (each optional), strongest first.
SELECT c.claim_id, c.doc_id, coalesce(d.title, d.file_name) AS title, c.page, c.bbox, c.quote,
       c.kind, c.topics, c.hedge, c.confidence, len(c.evidence) AS n_evidence
FROM claims AS c JOIN documents AS d USING (doc_id)
WHERE ($kind IS NULL OR c.kind = $kind)
  AND ($topic IS NULL OR list_contains(c.topics, $topic))
  AND ($hedge IS NULL OR c.hedge = $hedge)
  AND ($doc_id IS NULL OR c.doc_id = $doc_id)
ORDER BY c.confidence DESC, c.claim_id
LIMIT $limit;

-- name: web_claim_kinds
SELECT kind AS name, count(*) AS n FROM claims GROUP BY kind ORDER BY n DESC, name;

-- name: web_claim_topics
SELECT t AS name, count(*) AS n FROM claims, unnest(topics) AS u(t) GROUP BY t ORDER BY n DESC, name;

-- name: web_reference
SELECT ref_id, doc_id, page, bbox, raw FROM "references" WHERE ref_id = $ref_id;

-- name: document_ids
SELECT doc_id FROM documents;

-- name: web_block_boxes
SELECT block_id, bbox FROM blocks WHERE list_contains($block_ids::VARCHAR[], block_id);

-- name: web_count_claims
SELECT count(*) AS n FROM claims;

-- name: web_count_flags
SELECT count(*) AS n FROM flags;
