-- text_vs_table: a figure in the text against the table cell of the same document with the
-- same entity (one name contains the other), indicator, period and unit. A text figure is
-- fine if any such cell agrees within the intervals; it is flagged only when the cells that
-- qualify all give one value (two different values mean the definition is ambiguous).
-- Not compared: a text figure for several entities together ("a combined 11.1 percent",
-- "if the figures are added", "including ..."),
-- and figures a power of ten apart when one of them carries no scale word (the scale was
-- not read, so the figures cannot be told apart from a unit label). A deficit, loss or
-- shortfall stated as a positive amount is compared with the negative balance in a table.
-- Reads facts, tables and fact_bounds(fact_id, lo, hi, scale); $doc_id limits to one document.
WITH t0 AS (
    SELECT f.*, b.lo, b.hi, b.scale FROM facts f JOIN fact_bounds b USING (fact_id)
    WHERE f.source = 'text' AND NOT f.missing AND f.indicator IS NOT NULL AND f.period IS NOT NULL
      AND f.unit IS NOT NULL AND ($doc_id IS NULL OR f.doc_id = $doc_id)
      AND coalesce(f.qualifier, '') NOT IN ('combined', 'total', 'together')
      AND NOT regexp_matches(lower(f.quote),
              '\b(combined|together|jointly|altogether|collectively|added|adding|including|sum of|in total)\b')
), t AS (
    SELECT *, regexp_matches(lower(quote), '\b(deficit|shortfall|loss|losses|negative)\b') AS negative_word FROM t0
), c AS (
    SELECT f.*, b.lo, b.hi, b.scale FROM facts f JOIN fact_bounds b USING (fact_id)
    WHERE f.source = 'table' AND NOT f.missing
), pairs AS (
    SELECT t.fact_id AS tid, c.fact_id AS cid, c.value AS cvalue,
           CASE WHEN t.negative_word AND t.value > 0 AND c.value < 0 THEN -t.hi ELSE t.lo END AS tlo,
           CASE WHEN t.negative_word AND t.value > 0 AND c.value < 0 THEN -t.lo ELSE t.hi END AS thi,
           c.lo AS clo, c.hi AS chi,
           coalesce(t.scale, 1) = 1 OR coalesce(c.scale, 1) = 1 AS scale_unread,
           CASE WHEN c.value <> 0 AND t.value <> 0 THEN log10(abs(t.value / c.value)) END AS lg
    FROM t JOIN c
      ON c.doc_id = t.doc_id AND c.indicator = t.indicator AND c.period = t.period AND c.unit = t.unit
     AND (contains(lower(c.entity), lower(t.entity)) OR contains(lower(t.entity), lower(c.entity))
          OR (c.entity IS NULL AND t.entity IS NULL))   -- neither names one: the document's subject
), judged AS (
    SELECT tid, bool_or(tlo <= chi AND clo <= thi) AS any_agree,
           bool_or(scale_unread AND lg IS NOT NULL AND round(lg) <> 0 AND abs(lg - round(lg)) < 0.01) AS unread,
           count(DISTINCT cvalue) AS n, any_value(cid) AS cid, any_value(tlo) AS tlo, any_value(thi) AS thi, any_value(lg) AS lg
    FROM pairs GROUP BY tid
)
SELECT [c.fact_id, t.fact_id] AS fact_ids, ['table cell', 'found'] AS roles,
       printf('the text gives %s for %s of %s in %s; the table (%s) gives %s%s',
              t.raw, t.indicator, coalesce(t.entity, 'the document''s subject'), t.period,
              coalesce(tb.label, c.table_id), c.raw,
              CASE WHEN j.lg IS NOT NULL AND round(j.lg) <> 0 AND abs(j.lg - round(j.lg)) < 0.02
                   THEN printf(' (a factor of 10^%d apart: a scale slip?)', round(j.lg)::INTEGER)
                   ELSE '' END) AS message,
       c.lo AS expected_lo, c.hi AS expected_hi, j.tlo AS found_lo, j.thi AS found_hi, t.value AS found,
       NULL AS severity
FROM judged j
JOIN t ON t.fact_id = j.tid
JOIN c ON c.fact_id = j.cid
LEFT JOIN tables tb ON tb.table_id = c.table_id
WHERE NOT j.any_agree AND NOT j.unread AND j.n = 1
ORDER BY t.doc_id, t.fact_id;
