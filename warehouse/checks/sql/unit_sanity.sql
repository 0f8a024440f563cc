-- unit_sanity: a table cell whose unit differs from every other cell of its series (the
-- same table row, entity and indicator; at least three cells, all the others in one unit).
-- Reads facts and fact_bounds(fact_id, lo, hi).
WITH c AS (
    SELECT f.*, b.lo, b.hi FROM facts f JOIN fact_bounds b USING (fact_id)
    WHERE f.source = 'table' AND NOT f.missing AND f.unit IS NOT NULL
      AND ($doc_id IS NULL OR f.doc_id = $doc_id)
), series AS (
    SELECT table_id, "row", entity, indicator, count(*) AS n, count(DISTINCT unit) AS n_units
    FROM c GROUP BY ALL
), odd AS (
    SELECT c.* FROM c JOIN series s USING (table_id, "row", entity, indicator)
    WHERE s.n >= 3 AND s.n_units = 2
      AND (SELECT count(*) FROM c o WHERE o.table_id = c.table_id AND o."row" = c."row"
             AND o.entity IS NOT DISTINCT FROM c.entity AND o.indicator IS NOT DISTINCT FROM c.indicator
             AND o.unit = c.unit) = 1
), nb AS (   -- the nearest cell of the series in the majority unit
    SELECT odd.fact_id AS oid, arg_min(o.fact_id, abs(o.col - odd.col)) AS nid
    FROM odd JOIN c o ON o.table_id = odd.table_id AND o."row" = odd."row" AND o.unit <> odd.unit
     AND o.entity IS NOT DISTINCT FROM odd.entity AND o.indicator IS NOT DISTINCT FROM odd.indicator
    GROUP BY odd.fact_id
)
SELECT [n.fact_id, o.fact_id] AS fact_ids, ['neighbour', 'found'] AS roles,
       printf('%s is in %s but the rest of its series (%s) is in %s', o.raw, o.unit,
              coalesce(o.indicator_raw, o.indicator, ''), n.unit) AS message,
       n.lo AS expected_lo, n.hi AS expected_hi, o.lo AS found_lo, o.hi AS found_hi, o.value AS found,
       NULL AS severity
FROM nb JOIN c o ON o.fact_id = nb.oid JOIN c n ON n.fact_id = nb.nid
ORDER BY o.fact_id;
