#!/usr/bin/env bash
# Reports from a streaming replica: a hot standby made with pg_basebackup answers lmis's read
# verbs exactly as the primary does once it has replayed the primary's WAL, and refuses writes
# without storing anything.
# Usage: bash test/scale/streaming_replica.sh PATH/TO/lmis
set -euo pipefail
LMIS=${1:?usage: $0 PATH/TO/lmis}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export LMIS_DATA=${LMIS_DATA:-$ROOT/data} LMIS_TODAY=2026-01-15 LMIS_LANG=en
# shellcheck source=scripts/pg-cluster.bash
source "$ROOT/scripts/pg-cluster.bash"
fail() { echo "FAIL [streaming_replica]: $*" >&2; exit 1; }

pg_cluster_start primary
PRIMARY=$PG_URL_primary/lmis
WORK=$PG_DIR_primary/work  # removed with the cluster
mkdir -p "$WORK" && cd "$WORK"
psql -XAtq "$PG_URL_primary/postgres" -c "CREATE DATABASE lmis"
"$LMIS" --db "$PRIMARY" init >/dev/null 2>&1

"$LMIS" gen --people 4000 --units 79 --seed 5 --reference-date 2025-10-01 --out first.csv
"$LMIS" --db "$PRIMARY" import workers first.csv --rejects r1.csv --quiet

# The standby starts from a base backup taken after the first import…
PG_CLUSTER_REPLICA_OF=$PG_URL_primary pg_cluster_start replica
REPLICA=$PG_URL_replica/lmis
[ "$(psql -XAtq "$REPLICA" -c 'select pg_is_in_recovery()')" = t ] || fail "replica is not a standby"

# …and follows the second one by streaming: the unemployed leave the labour force a month later.
python3 - <<'PY'
import csv
rows = [r for r in csv.DictReader(open("first.csv")) if r["lf_status"] == "unemployed"]
for r in rows:
    for k in ("unemployment_duration", "never_worked"): r[k] = ""
    r.update(lf_status="outside", nilf_reason="housework", collected_on="2025-11-01")
w = csv.DictWriter(open("second.csv", "w", newline=""), fieldnames=list(rows[0].keys()))
w.writeheader(); w.writerows(rows)
open("changed.txt", "w").write("\n".join(r["cccd"] for r in rows[:5]))
PY
"$LMIS" --db "$PRIMARY" import workers second.csv --rejects r2.csv --quiet ||
  fail "second import: $(head -3 r2.csv)"
[ "$(psql -XAtq "$PRIMARY" -c 'select count(*) from worker_versions')" -gt 4000 ] ||
  fail "the second file added no versions"

# Wait until the standby has replayed everything the primary wrote.
target=$(psql -XAtq "$PRIMARY" -c 'select pg_current_wal_lsn()')
for _ in $(seq 1 300); do
  caught_up=$(psql -XAtq "$REPLICA" -c "select pg_last_wal_replay_lsn() >= '$target'::pg_lsn")
  [ "$caught_up" = t ] && break
  sleep 0.1
done
[ "$caught_up" = t ] || fail "the standby did not catch up"

# The same answers from both.
same() {
  "$LMIS" --db "$PRIMARY" "$@" >primary.out 2>&1 || fail "primary: $* ($(cat primary.out))"
  "$LMIS" --db "$REPLICA" "$@" >replica.out 2>&1 || fail "replica: $* ($(cat replica.out))"
  sed -i 's|postgresql://[^ ]*||' primary.out replica.out
  cmp -s primary.out replica.out || fail "'$*' differs between primary and replica"
}
same export workers
same export workers --unit 79 --status outside --format jsonl
same export workers --as-of 2025-10-15
same check
while read -r id; do
  same show "$id" --format json
  same show "$id" --as-of 2025-10-15 --format json
  same history "$id" --format json
done <changed.txt

# A write to the standby is refused and stores nothing.
before=$(psql -XAtq "$REPLICA" -c 'select count(*) from worker_versions')
set +e
"$LMIS" --db "$REPLICA" import workers first.csv --rejects r3.csv --quiet 2>err.txt
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "an import into the standby exited $rc, expected 1"
grep -q "read-only" err.txt || fail "no read-only error: $(cat err.txt)"
[ "$(psql -XAtq "$REPLICA" -c 'select count(*) from worker_versions')" -eq "$before" ] ||
  fail "the standby changed"
echo "streaming_replica: ok"
