#!/usr/bin/env bash
# SIGKILL an import of 1,000,000 rows midway: the database opens, passes its integrity check, holds
# whole batches only, and a re-run completes it without duplicate versions.
source "$(dirname "$0")/lib.bash" "$1"
new_db crash
ROWS=${CRASH_ROWS:-1000000}
BATCH=50000

$LMIS gen --people "$ROWS" --units 01,79 --seed 11 --reference-date 2025-10-01 --out big.csv
$LMIS --db "$DB" init
$LMIS --db "$DB" import workers big.csv --rejects rejects.csv --batch $BATCH --quiet &
pid=$!
# Wait for at least two committed batches, then kill without warning.
for _ in $(seq 1 6000); do
  n=$(sql "select count(*) from workers" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge $((2 * BATCH)) ] && break
  kill -0 $pid 2>/dev/null || fail "import finished before it could be killed"
  sleep 0.05
done
kill -KILL $pid
wait $pid 2>/dev/null || true

check=$($LMIS --db "$DB" check 2>&1) || fail "lmis check after SIGKILL: $check"
grep -q "Integrity check: ok" <<<"$check" || fail "integrity check after SIGKILL: $check"
workers=$(sql "select count(*) from workers")
versions=$(sql "select count(*) from worker_versions")
echo "after SIGKILL: $workers workers, $versions versions"
[ "$workers" -lt "$ROWS" ] || fail "the import was not interrupted"
[ $((workers % BATCH)) -eq 0 ] || fail "a partial batch is visible: $workers"
[ "$versions" -eq "$workers" ] || fail "versions $versions != workers $workers"

$LMIS --db "$DB" import workers big.csv --rejects rejects.csv --batch $BATCH --quiet
[ "$(sql 'select count(*) from workers')" -eq "$ROWS" ] || fail "re-run did not complete"
[ "$(sql 'select count(*) from worker_versions')" -eq "$ROWS" ] || fail "duplicate versions"
[ "$(sql 'select count(*) from (select person_id from worker_versions group by person_id having count(*) > 1) x')" -eq 0 ] || fail "a person has two versions"
echo "crash_safety: ok"
