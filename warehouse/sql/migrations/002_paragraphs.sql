-- 002: logical paragraphs. A paragraph cut by a page or column break is stored as one
-- block per part (each with its own page and bbox); the later parts name the block they
-- continue. This view joins the parts back into one paragraph, keeping every part's id.

CREATE OR REPLACE VIEW paragraphs AS
WITH RECURSIVE chain(paragraph_id, block_id, part) AS (
    SELECT block_id, block_id, 0 FROM blocks WHERE continues IS NULL
    UNION ALL
    SELECT c.paragraph_id, b.block_id, c.part + 1
    FROM chain c JOIN blocks b ON b.continues = c.block_id
)
SELECT
    c.paragraph_id,
    any_value(b.doc_id)                                  AS doc_id,
    arg_min(b.kind, c.part)                              AS kind,
    arg_min(b.section, c.part)                           AS section,
    min(b.seq)                                           AS seq,
    list(b.block_id ORDER BY c.part)                     AS block_ids,
    list(DISTINCT b.page ORDER BY b.page)                AS pages,
    list(struct_pack(page := b.page, bbox := b.bbox) ORDER BY c.part) AS parts,
    string_agg(b.text, ' ' ORDER BY c.part)              AS text
FROM chain c JOIN blocks b USING (block_id)
GROUP BY c.paragraph_id;
