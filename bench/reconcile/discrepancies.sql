-- The population reconciliation of `lmis reconcile population`, written as one SQL query for
-- PostgreSQL over lmis's own tables — the same rules, the same rows (cccd, kind, field,
-- worker_value, register_value) — for the comparison in bench/reconcile/run:
--   psql -X -q -v ON_ERROR_STOP=1 -v as_of=YYYY-MM-DD -f discrepancies.sql > found.csv
-- It needs the table unit_map(old_code, new_code) of the 2025 commune mapping (the run loads it).
--
-- Names compare as lmis's NameKey does for the spellings that occur: lower case, spacing
-- collapsed, NFC, and the old and new tone placement in oa/oe/uy taken as one (NameKey
-- handles every placement; the generated data holds only these).

CREATE SCHEMA IF NOT EXISTS bench;

CREATE OR REPLACE FUNCTION bench.name_key(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(normalize(lower(regexp_replace(btrim($1), '\s+', ' ', 'g')), NFC), 'òa', 'oà'), 'óa', 'oá'), 'ỏa', 'oả'), 'õa', 'oã'), 'ọa', 'oạ'), 'òe', 'oè'), 'óe', 'oé'), 'ỏe', 'oẻ'), 'õe', 'oẽ'), 'ọe', 'oẹ'), 'ùy', 'uỳ'), 'úy', 'uý'), 'ủy', 'uỷ'), 'ũy', 'uỹ'), 'ụy', 'uỵ')
$$;

-- Two partial dates (YYYY, YYYY-MM, YYYY-MM-DD) that can be the same day.
CREATE OR REPLACE FUNCTION bench.compatible(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT a = b OR (split_part(a, '-', 1) = split_part(b, '-', 1)
    AND (split_part(a, '-', 2) = '' OR split_part(b, '-', 2) = ''
         OR split_part(a, '-', 2) = split_part(b, '-', 2))
    AND (split_part(a, '-', 3) = '' OR split_part(b, '-', 3) = ''
         OR split_part(a, '-', 3) = split_part(b, '-', 3)))
$$;

-- Certainly 15 or older on :as_of (inlined below): even the latest day the partial birth date
-- may stand for gives 15 completed years. The latest day of YYYY is YYYY-12-31, of YYYY-MM
-- the month's last day.

COPY (
  WITH w AS (
    -- The record in force on the day: the current version, unless it is dated later; then
    -- the latest one by then, if any. (A single scan with a lateral lookup for the later ones
    -- was tried: three times slower here.)
    SELECT person_id, residence_unit, cccd, cmnd, full_name, birth_date, sex, current_unit,
           permanent_unit, closed
    FROM worker_versions WHERE is_current AND valid_from <= :'as_of'
    UNION ALL
    SELECT * FROM (
      SELECT DISTINCT ON (person_id) person_id, residence_unit, cccd, cmnd, full_name, birth_date,
             sex, current_unit, permanent_unit, closed
      FROM worker_versions
      WHERE valid_from <= :'as_of' AND person_id IN (
        SELECT person_id FROM worker_versions WHERE is_current AND valid_from > :'as_of')
      ORDER BY person_id, valid_from DESC, seq DESC) older
  ), j AS (
    SELECT w.person_id AS wid, w.cccd AS w_cccd, w.cmnd AS w_cmnd, w.full_name AS w_name,
           w.birth_date AS w_birth, w.sex AS w_sex,
           coalesce(w.current_unit, w.permanent_unit) AS w_current, w.permanent_unit AS w_permanent,
           split_part(w.residence_unit, ':', 1) AS w_tree, w.closed AS w_closed,
           r.person_id AS rid, r.cccd AS r_cccd, r.full_name AS r_name, r.birth_date AS r_birth,
           r.sex AS r_sex, coalesce(r.current_unit, r.permanent_unit) AS r_current,
           r.permanent_unit AS r_permanent, split_part(r.residence_unit, ':', 1) AS r_tree,
           r.status AS r_status,
           r.status IN ('deceased', 'emigrated')
             AND (r.status_date IS NULL OR r.status_date <= :'as_of') AS r_closed
    FROM w FULL JOIN register_people r ON r.person_id = w.person_id
  ), candidates AS (
    -- Most people agree byte for byte: only the others go on to the costly comparisons.
    SELECT *, wid IS NOT NULL AND rid IS NOT NULL AND w_closed IS NULL AS compared FROM j
    WHERE wid IS NULL OR rid IS NULL OR r_closed OR w_tree IS DISTINCT FROM r_tree
       OR w_name IS DISTINCT FROM r_name OR w_birth IS DISTINCT FROM r_birth
       OR w_sex IS DISTINCT FROM r_sex OR w_current IS DISTINCT FROM r_current
       OR w_permanent IS DISTINCT FROM r_permanent
  )
  SELECT coalesce(w_cccd, r_cccd, '') AS cccd, v.kind, v.field, v.worker_value, v.register_value
  FROM candidates, LATERAL (VALUES
    ('closed_in_register', 'status', '', r_status, compared AND r_closed),
    ('field_mismatch', 'full_name', w_name, r_name, compared AND NOT r_closed AND
       w_name <> r_name AND bench.name_key(w_name) <> bench.name_key(r_name)),
    ('field_mismatch', 'birth_date', w_birth, r_birth, compared AND NOT r_closed AND
       NOT bench.compatible(w_birth, r_birth)),
    ('field_mismatch', 'sex', w_sex, r_sex, compared AND NOT r_closed AND w_sex IS DISTINCT FROM r_sex),
    ('field_mismatch', 'current_unit', w_current, r_current, compared AND NOT r_closed AND
       CASE WHEN w_tree = r_tree THEN coalesce(w_current, '') <> coalesce(r_current, '')
            WHEN w_current IS NULL OR r_current IS NULL THEN true
            WHEN w_tree = 'pre2025' THEN NOT EXISTS (SELECT 1 FROM unit_map m
              WHERE m.old_code = w_current AND m.new_code = r_current)
            ELSE NOT EXISTS (SELECT 1 FROM unit_map m
              WHERE m.old_code = r_current AND m.new_code = w_current) END),
    ('field_mismatch', 'permanent_unit', w_permanent, r_permanent, compared AND NOT r_closed AND
       CASE WHEN w_tree = r_tree THEN coalesce(w_permanent, '') <> coalesce(r_permanent, '')
            WHEN w_permanent IS NULL OR r_permanent IS NULL THEN true
            WHEN w_tree = 'pre2025' THEN NOT EXISTS (SELECT 1 FROM unit_map m
              WHERE m.old_code = w_permanent AND m.new_code = r_permanent)
            ELSE NOT EXISTS (SELECT 1 FROM unit_map m
              WHERE m.old_code = r_permanent AND m.new_code = w_permanent) END),
    ('not_in_register', CASE WHEN wid >= 1000000000000 THEN 'cmnd' ELSE '' END,
       CASE WHEN wid >= 1000000000000 THEN w_cmnd ELSE '' END, '',
       wid IS NOT NULL AND rid IS NULL AND w_closed IS NULL),
    ('no_worker_record', '', '', '', wid IS NULL AND NOT r_closed AND
       extract(year FROM :'as_of'::date)::int - split_part(r_birth, '-', 1)::int
       - CASE WHEN (extract(month FROM :'as_of'::date)::int, extract(day FROM :'as_of'::date)::int)
                   < (coalesce(nullif(split_part(r_birth, '-', 2), '')::int, 12),
                      coalesce(nullif(split_part(r_birth, '-', 3), '')::int,
                               extract(day FROM date_trunc('month', make_date(
                                 split_part(r_birth, '-', 1)::int,
                                 coalesce(nullif(split_part(r_birth, '-', 2), '')::int, 12), 1))
                                 + interval '1 month' - interval '1 day')::int))
              THEN 1 ELSE 0 END >= 15)
  ) AS v(kind, field, worker_value, register_value, hit)
  WHERE v.hit
) TO STDOUT WITH (FORMAT csv, HEADER true);
