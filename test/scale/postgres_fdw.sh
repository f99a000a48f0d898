#!/usr/bin/env bash
# Scale-out with PostgreSQL's own mechanisms: province 79's partition of worker_versions is a
# postgres_fdw foreign table on a second cluster. The same two imports through lmis into a
# single-node database (ref) and into the distributed one (dist) must give the same registry:
# rows of 79 live on the shard only, and exports, show and history are byte-identical.
# Usage: bash test/scale/postgres_fdw.sh PATH/TO/lmis
set -euo pipefail
LMIS=$(realpath "${1:?usage: postgres_fdw.sh PATH/TO/lmis}")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export LMIS_DATA=${LMIS_DATA:-$ROOT/data}
export LMIS_TODAY=2026-01-15
export LMIS_LANG=en

fail() { echo "FAIL [postgres_fdw]: $*" >&2; exit 1; }
# Seconds since $1 (an $EPOCHREALTIME), to the hundredth.
since() { local us=$((${EPOCHREALTIME//[.,]/} - ${1//[.,]/})); printf '%d.%02d' $((us / 1000000)) $((us % 1000000 / 10000)); }
# Runs a command and prints how long it took.
timed() {
  local label=$1 start=$EPOCHREALTIME; shift
  "$@"
  printf '  %-40s %7ss\n' "$label" "$(since "$start")"
}
T0=$EPOCHREALTIME

# Own clusters (not LMIS_TEST_PG). The library's EXIT trap stops them; ours, set afterwards,
# removes the work dir and chains to it.
source "$ROOT/scripts/pg-cluster.bash"
unset PG_CLUSTER_REPLICA_OF  # fresh clusters, whatever the environment says
timed "start clusters a and b" eval 'pg_cluster_start a && pg_cluster_start b'
WORK=$(mktemp -d)
cleanup() { rm -rf "$WORK"; pg_cluster_stop_all; }
trap cleanup EXIT
cd "$WORK"

A=${PG_URL_a:?} B=${PG_URL_b:?}
REF=$A/ref DIST=$A/dist SHARD=$B/shard
q() { psql -XAtq -v ON_ERROR_STOP=1 "$@"; }   # q URL -c SQL: values printed bare
q "$A/postgres" -c "CREATE DATABASE ref" -c "CREATE DATABASE dist"
q "$B/postgres" -c "CREATE DATABASE shard"

# --- Data -------------------------------------------------------------------------------------
# File 1: 30,000 people of Hà Nội (01), Đà Nẵng (48) and Hồ Chí Minh City (79), collected on
# 2025-10-01; 30 of them (in 01 and 79) known by a CMND only.
# File 2, collected on 2025-11-10 (before VSIC 2025 is in force, so 2018 industry codes stay
# valid): unemployed → outside, new workplace names, moves 01 → 79, 79 → 01 and 48 → 79, the
# CMND-only people with their CCCD (linking), 1,000 unchanged rows and 2,000 new people of 79.
gen_files() {
  "$LMIS" gen --people 30000 --units 01,48,79 --seed 2025 --reference-date 2025-10-01 --out gen1.csv
  "$LMIS" gen --people 2000 --units 79 --seed 2026 --reference-date 2025-11-10 --out gen2.csv
  python3 - "$LMIS_DATA/admin_units_2025.csv" <<'PY'
import csv, random, sys
units = list(csv.DictReader(open(sys.argv[1])))
communes = {p: sorted(u["code"] for u in units if u["parent_code"] == p) for p in ("01", "48", "79")}
province_of = {u["code"]: u["parent_code"] for u in units if u["level"] == "2"}
rng = random.Random(7)
rows = list(csv.DictReader(open("gen1.csv")))
fields = list(rows[0].keys())
def province(r): return province_of[r["current_unit"] or r["permanent_unit"]]
by_prov = {p: [r for r in rows if province(r) == p] for p in communes}
assert all(len(v) > 5000 for v in by_prov.values()), {p: len(v) for p, v in by_prov.items()}

# CMND-only people in file 1 (9 digits taken from the CCCD); file 2 names them by both.
# Few: each link flushes the batch, and each flush scans all of 79 remotely (see the report).
legacy = rng.sample(by_prov["79"], 20) + rng.sample(by_prov["01"], 10)
cmnd_of = {r["cccd"]: r["cccd"][3:] for r in legacy}
with open("workers1.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields); w.writeheader()
    for r in rows:
        w.writerow(dict(r, cccd="", cmnd=cmnd_of[r["cccd"]]) if r["cccd"] in cmnd_of else r)

changed = {}  # cccd -> the row of file 2
def change(r, **kv):
    changed[r["cccd"]] = dict(r, **kv, collected_on="2025-11-10", source="admin_procedure")
def pick(p, n): return rng.sample([r for r in by_prov[p] if r["cccd"] not in changed], n)
for r in rows:
    if r["lf_status"] == "unemployed" and rng.random() < 0.7:
        change(r, lf_status="outside", nilf_reason="housework", unemployment_duration="",
               never_worked="")
    elif r["lf_status"] == "employed" and r["workplace_name"] and rng.random() < 0.1:
        change(r, workplace_name="Công ty TNHH Thử Nghiệm " + r["cccd"][-4:])
for src, dst, n in (("01", "79", 300), ("79", "01", 300), ("48", "79", 200)):
    for r in pick(src, n):
        change(r, current_unit=rng.choice(communes[dst]), current_address="Số 1 đường Thử Nghiệm")
for r in legacy:  # linked, and changed or not
    if r["cccd"] not in changed: change(r)
    changed[r["cccd"]]["cmnd"] = cmnd_of[r["cccd"]]
unchanged = [r for r in rng.sample(rows, 3000) if r["cccd"] not in changed][:1000]
new = list(csv.DictReader(open("gen2.csv")))
with open("workers2.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields); w.writeheader()
    w.writerows(list(changed.values()) + unchanged + new)
print(f"  file 2: {len(changed)} changed or linked, {len(unchanged)} unchanged, {len(new)} new")
PY
}
timed "generate files" gen_files

# --- Reference: one node ----------------------------------------------------------------------
init() { local out; out=$("$LMIS" --db "$1" init 2>&1) || fail "init $1: $out"; }
import_both() {  # DB-URL NAME: init, then both files; the summaries go to NAME.import
  init "$1"
  local f rc
  for f in 1 2; do
    set +e; "$LMIS" --db "$1" import workers workers$f.csv --rejects "$2.rejects$f.csv" --quiet \
      >>"$2.import" 2>&1; rc=$?; set -e
    [ "$rc" -eq 0 ] || fail "$2: import of workers$f.csv exited $rc: $(head -3 "$2.rejects$f.csv")"
  done
}
timed "ref: init + import both files" import_both "$REF" ref

# --- Distributed: province 79 on cluster b ----------------------------------------------------
init "$SHARD"
init "$DIST"
q "$DIST" <<SQL
ALTER TABLE worker_versions DETACH PARTITION worker_versions_p79;
DROP TABLE worker_versions_p79;
CREATE EXTENSION postgres_fdw;
-- batch_size: COPY sends rows in batches from PostgreSQL 16 on; 15 sends one INSERT per row.
CREATE SERVER shard_b FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '127.0.0.1', port '${B##*:}', dbname 'shard', batch_size '1000');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard_b OPTIONS (user 'postgres');
CREATE FOREIGN TABLE worker_versions_p79 PARTITION OF worker_versions FOR VALUES IN ('79')
  SERVER shard_b OPTIONS (table_name 'worker_versions_p79');
SQL
[ "$(q "$DIST" -c "SELECT relkind FROM pg_class WHERE relname = 'worker_versions_p79'")" = f ] ||
  fail "worker_versions_p79 on dist is not a foreign table"
timed "dist: init + import both files" import_both "$DIST" dist
cmp -s ref.import dist.import || { diff ref.import dist.import >&2; fail "import summaries differ"; }
sed 's/^/  /' ref.import

# --- Placement --------------------------------------------------------------------------------
ref79=$(q "$REF" -c "SELECT count(*) FROM worker_versions WHERE province_code = '79'")
shard79=$(q "$SHARD" -c "SELECT count(*) FROM worker_versions_p79")
[ "$shard79" -gt 0 ] || fail "no rows of province 79 on the shard"
[ "$shard79" -eq "$ref79" ] || fail "shard holds $shard79 versions of 79, ref $ref79"
[ "$(q "$SHARD" -c "SELECT count(*) FROM worker_versions")" -eq "$shard79" ] ||
  fail "the shard holds rows outside worker_versions_p79"
# On a, no local relation holds a row of 79 (the dropped partition cannot; the default must not).
local79=$(q "$DIST" -c "SELECT count(*) FROM worker_versions v JOIN pg_class c ON c.oid = v.tableoid
                        WHERE c.relkind <> 'f' AND v.province_code = '79'")
[ "$local79" -eq 0 ] || fail "$local79 rows of 79 stored locally on a"
[ "$(q "$DIST" -c "SELECT count(*) FROM worker_versions_other")" -eq 0 ] || fail "rows in the default partition"
echo "  province 79: $shard79 versions ($(q "$SHARD" -c "SELECT count(*) FROM worker_versions_p79
  WHERE is_current")) current, all on cluster b"
check=$("$LMIS" --db "$DIST" check 2>&1) || fail "lmis check on dist: $check"
[[ $check == *"Integrity check: ok"* ]] || fail "lmis check on dist: $check"

# Every stored version is the same, but for recorded_at: the wall-clock start of its import,
# which differs between the databases (show and history print it: masked below).
dump() {
  q "$1" -c "SELECT to_jsonb(v) - 'recorded_at' || jsonb_build_object('recorded_at_is_import_start',
               v.recorded_at = i.started_at)
             FROM worker_versions v LEFT JOIN imports i ON i.id = v.import_id ORDER BY person_id, seq"
}
dump "$REF" >ref.dump
dump "$DIST" >dist.dump
cmp ref.dump dist.dump || fail "worker_versions differ between ref and dist"
[ "$(grep -c '"recorded_at_is_import_start": true' ref.dump)" -eq "$(wc -l <ref.dump)" ] ||
  fail "a recorded_at is not its import's start"

# --- Same answers -----------------------------------------------------------------------------
commune79=$(q "$REF" -c "SELECT substr(residence_unit, 6) FROM workers WHERE province_code = '79'
                         GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
# People of 79, four of each: moved in, moved out, linked from a CMND, changed in place,
# unchanged, new in file 2 (show --as-of before their first version fails, alike on both).
q "$REF" -c "CREATE TEMP VIEW p AS SELECT person_id, count(*) AS n, bool_or(cmnd IS NOT NULL) AS linked,
               bool_or(is_current AND province_code = '79') AS now79,
               bool_or(province_code <> '79') AS elsewhere, min(valid_from) AS since
             FROM worker_versions GROUP BY person_id HAVING bool_or(province_code = '79')" -c "
  (SELECT person_id FROM p WHERE n > 1 AND now79 AND elsewhere ORDER BY person_id LIMIT 4) UNION ALL
  (SELECT person_id FROM p WHERE n > 1 AND NOT now79 ORDER BY person_id LIMIT 4) UNION ALL
  (SELECT person_id FROM p WHERE linked ORDER BY person_id LIMIT 4) UNION ALL
  (SELECT person_id FROM p WHERE n > 1 AND NOT elsewhere AND NOT linked ORDER BY person_id LIMIT 4)
  UNION ALL (SELECT person_id FROM p WHERE n = 1 AND since = '2025-10-01' ORDER BY person_id LIMIT 4)
  UNION ALL (SELECT person_id FROM p WHERE since > '2025-10-01' ORDER BY person_id LIMIT 4)" |
  xargs printf '%012d\n' >sample.txt
[ "$(wc -l <sample.txt)" -eq 24 ] || fail "sample of people of 79"

exports() {  # DB-URL DIR: the exports into DIR/, lmis's messages into DIR/messages.txt
  local db=$1
  mkdir "$2" && cd "$2"
  {
    "$LMIS" --db "$db" export workers --out all.csv
    "$LMIS" --db "$db" export workers --format jsonl --out all.jsonl
    "$LMIS" --db "$db" export workers --unit 79 --out u79.csv
    "$LMIS" --db "$db" export workers --unit "$commune79" --out commune79.csv
    "$LMIS" --db "$db" export workers --unit 01 --out u01.csv
    "$LMIS" --db "$db" export workers --as-of 2025-11-01 --out asof.csv
    "$LMIS" --db "$db" export workers --as-of 2025-11-01 --unit 79 --out asof79.csv
    "$LMIS" --db "$db" export workers --status unemployed --out unemployed.csv
    "$LMIS" --db "$db" export workers --status outside --unit 79 --format jsonl --out outside79.jsonl
  } 2>messages.txt
  cd ..
}
people() {  # DB-URL DIR: show, show --as-of and history of the sample into DIR/people.txt
  local id args
  while read -r id; do
    for args in "show $id --format json" "show $id --as-of 2025-11-01 --format json" \
        "history $id --format json"; do
      echo "# $args"
      # shellcheck disable=SC2086
      "$LMIS" --db "$1" $args 2>&1 || echo "exit $?"
    done
  done <sample.txt >"$2/people.txt"
  sed -Ei 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/<recorded_at>/g' "$2/people.txt"
}
timed "ref: 9 exports" exports "$REF" ref.out
timed "dist: 9 exports" exports "$DIST" dist.out
timed "ref: show/history of 24 people" people "$REF" ref.out
timed "dist: show/history of 24 people" people "$DIST" dist.out
diff -r ref.out dist.out >&2 || fail "query output differs between ref and dist"

# The outputs are not trivially equal: both provinces and the commune are there, and history
# shows the moves.
[ "$(($(wc -l <ref.out/u79.csv) - 1))" -eq "$(q "$REF" -c "SELECT count(*) FROM workers WHERE province_code = '79'")" ] ||
  fail "export --unit 79 row count"
for f in u79 commune79 u01 asof unemployed; do
  [ "$(wc -l <"ref.out/$f.csv")" -gt 1 ] || fail "export $f is empty"
done
! cmp -s ref.out/all.csv ref.out/asof.csv || fail "as-of export equals the current one"
grep -q '"province_code": "01"' ref.out/people.txt || fail "no move 79 → 01 in the sample"
grep -q '"current_address": "Số 1 đường Thử Nghiệm"' ref.out/people.txt || fail "no move in the sample"
grep -q '^exit 1$' ref.out/people.txt || fail "no one in the sample is new in file 2"
echo "  same output on ref and dist: $(find ref.out -name '*.csv' -o -name '*.jsonl' | wc -l) exports," \
  "show, show --as-of and history of $(wc -l <sample.txt) people"

printf '  %-40s %7ss\n' total "$(since "$T0")"
echo "postgres_fdw: ok"
