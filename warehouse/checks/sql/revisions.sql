-- revisions: a later edition of a series (same publisher and kind; "later" = the edition
-- whose figures reach the later period) that changes figures the earlier one reported, for
-- the same entity, indicator (and label), period and unit. One flag per revised series,
-- listing every revised period. Reads facts, documents and fact_bounds(fact_id, lo, hi).
WITH f AS (
    SELECT f.*, b.lo, b.hi, d.publisher, d.kind FROM facts f JOIN fact_bounds b USING (fact_id)
    JOIN documents d USING (doc_id)
    WHERE NOT f.missing AND f.entity IS NOT NULL AND f.indicator IS NOT NULL AND f.period IS NOT NULL
      AND (f.source = 'table' OR f.period_how = 'sentence')   -- a period stated, not inferred
      AND f.unit IS NOT NULL AND d.publisher IS NOT NULL AND d.kind IS NOT NULL
), reach AS (
    SELECT doc_id, max(period) AS last_period FROM f GROUP BY doc_id
), pairs AS (
    SELECT o.fact_id AS oid, n.fact_id AS nid, o.doc_id AS old_doc, n.doc_id AS new_doc,
           o.entity, o.indicator, o.unit, coalesce(o.indicator_raw, '') AS label, o.period,
           o.raw AS old_raw, n.raw AS new_raw, o.lo AS olo, o.hi AS ohi, n.lo AS nlo, n.hi AS nhi,
           n.value AS nvalue, o.lo <= n.hi AND n.lo <= o.hi AS agree,
           greatest(n.lo - o.hi, o.lo - n.hi) AS gap
    FROM f o JOIN f n
      ON o.doc_id <> n.doc_id AND o.publisher = n.publisher AND o.kind = n.kind
     AND lower(o.entity) = lower(n.entity) AND o.indicator = n.indicator AND o.period = n.period
     AND o.unit = n.unit AND coalesce(o.indicator_raw, '') = coalesce(n.indicator_raw, '')
     AND o.source = n.source
    JOIN reach ro ON ro.doc_id = o.doc_id JOIN reach rn ON rn.doc_id = n.doc_id
    WHERE ro.last_period < rn.last_period
), single AS (   -- a figure with one counterpart only (no ambiguity about which it revises)
    SELECT * FROM pairs
    WHERE oid IN (SELECT oid FROM pairs GROUP BY oid HAVING count(*) = 1)
      AND nid IN (SELECT nid FROM pairs GROUP BY nid HAVING count(*) = 1)
), revised AS (
    SELECT old_doc, new_doc, entity, indicator, unit, label,
           list(oid ORDER BY period) AS oids, list(nid ORDER BY period) AS nids,
           string_agg(printf('%s: %s -> %s', period, old_raw, new_raw), '; ' ORDER BY period) AS changes,
           arg_max(olo, gap) AS elo, arg_max(ohi, gap) AS ehi, arg_max(nlo, gap) AS flo,
           arg_max(nhi, gap) AS fhi, arg_max(nvalue, gap) AS found
    FROM single WHERE NOT agree
    GROUP BY ALL
)
SELECT list_concat(r.oids, r.nids) AS fact_ids,
       list_concat(list_transform(r.oids, lambda x: 'earlier edition'), list_transform(r.nids, lambda x: 'found')) AS roles,
       printf('%s revises %s (%s, %s): %s', dn.file_name, dold.file_name,
              CASE WHEN r.label = '' THEN r.indicator ELSE r.label END, r.entity, r.changes) AS message,
       r.elo AS expected_lo, r.ehi AS expected_hi, r.flo AS found_lo, r.fhi AS found_hi, r.found,
       NULL AS severity
FROM revised r JOIN documents dold ON dold.doc_id = r.old_doc JOIN documents dn ON dn.doc_id = r.new_doc
WHERE $doc_id IS NULL OR $doc_id IN (r.old_doc, r.new_doc)
ORDER BY r.new_doc, r.label;
