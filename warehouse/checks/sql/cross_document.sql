-- cross_document: the same entity, indicator, period and unit reported differently by two
-- documents that are not editions of one series (editions are the revisions check's).
-- Flagged only when no candidate figure of the other document agrees within the intervals
-- and the candidates all give one value (two different ones: which is meant is unclear). Reads facts, documents and fact_bounds(fact_id, lo, hi).
WITH f AS (
    SELECT f.*, b.lo, b.hi, d.publisher, d.kind FROM facts f JOIN fact_bounds b USING (fact_id)
    JOIN documents d USING (doc_id)
    WHERE NOT f.missing AND f.entity IS NOT NULL AND f.indicator IS NOT NULL AND f.period IS NOT NULL
      AND (f.source = 'table' OR f.period_how = 'sentence')   -- a period stated, not inferred
      AND f.unit IS NOT NULL
), pairs AS (
    SELECT a.fact_id AS aid, b.fact_id AS bid, b.value AS bvalue, a.lo <= b.hi AND b.lo <= a.hi AS agree
    FROM f a JOIN f b
      ON a.doc_id <> b.doc_id AND lower(a.entity) = lower(b.entity) AND a.indicator = b.indicator
     AND a.period = b.period AND a.unit = b.unit
    WHERE NOT (a.publisher IS NOT DISTINCT FROM b.publisher AND a.kind IS NOT DISTINCT FROM b.kind)
), judged AS (
    SELECT aid, bool_or(agree) AS any_agree, count(DISTINCT bvalue) AS n, any_value(bid) AS bid
    FROM pairs GROUP BY aid
)
SELECT [b.fact_id, a.fact_id] AS fact_ids, ['other document', 'found'] AS roles,
       printf('%s of %s in %s: %s gives %s, %s gives %s', a.indicator, a.entity, a.period,
              da.file_name, a.raw, db.file_name, b.raw) AS message,
       b.lo AS expected_lo, b.hi AS expected_hi, a.lo AS found_lo, a.hi AS found_hi, a.value AS found,
       NULL AS severity
FROM judged j JOIN f a ON a.fact_id = j.aid JOIN f b ON b.fact_id = j.bid
JOIN documents da ON da.doc_id = a.doc_id JOIN documents db ON db.doc_id = b.doc_id
WHERE NOT j.any_agree AND j.n = 1 AND a.doc_id > b.doc_id   -- each pair once
  AND ($doc_id IS NULL OR $doc_id IN (a.doc_id, b.doc_id))
ORDER BY a.doc_id, a.fact_id;
