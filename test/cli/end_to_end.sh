#!/usr/bin/env bash
# The registry from the command line: generate, import with rejects, export, show, history.
source "$(dirname "$0")/lib.bash" "$1"
new_db reg

for verb in "" init "import workers" "export workers" show history gen check; do
  $LMIS $verb --help >/dev/null || fail "--help for '$verb'"
done

$LMIS --db "$DB" init
$LMIS --db "$DB" init 2>&1 | grep -q "already at schema version" || fail "init is not idempotent"

# A population with planted errors, in a Hà Nội commune and a whole 2025 province.
$LMIS gen --people 3000 --units 00004,08 --seed 7 --error-rate 0.05 \
  --reference-date 2025-10-01 --out workers.csv --truth truth.csv --register register.csv
[ "$(($(wc -l < workers.csv) - 1))" -eq 3000 ] || fail "gen did not write 3000 rows"
expect_exit 3 $LMIS --db "$DB" import workers workers.csv --rejects rejects.csv --quiet

# Every planted error the validator can see is reported at its line with its field and code.
python3 - <<'PY'
import csv, sys
rejects = {(r["line"], r["field"], r["code"]) for r in csv.DictReader(open("rejects.csv"))}
reject_lines = {r[0] for r in rejects}
truth = list(csv.DictReader(open("truth.csv")))
visible = [t for t in truth if t["expected_code"]]
missing = [t for t in visible if (t["line"], t["field"], t["expected_code"]) not in rejects]
if missing: sys.exit(f"planted errors not reported: {missing[:5]}")
planted_lines = {t["line"] for t in visible}
extra = reject_lines - planted_lines
if extra: sys.exit(f"rows rejected without a planted error: {sorted(extra)[:5]}")
for r in csv.DictReader(open("rejects.csv")):
    if not r["message_vi"] or not r["message_en"]: sys.exit("a reject lacks a message")
print(f"{len(visible)} planted errors reported, {len(truth) - len(visible)} invisible to validation")
PY

accepted=$(sql "select count(*) from workers")
rejected_rows=$(tail -n +2 rejects.csv | cut -d, -f1 | sort -u | wc -l)
[ "$accepted" -eq $((3000 - rejected_rows)) ] || fail "accepted $accepted + rejected $rejected_rows != 3000"

# Round trip: the export equals the accepted input rows.
$LMIS --db "$DB" export workers --out export.csv
python3 - <<'PY'
import csv, sys
rejected = {int(r["line"]) for r in csv.DictReader(open("rejects.csv"))}
src = list(csv.reader(open("workers.csv")))
out = list(csv.reader(open("export.csv")))
if src[0] != out[0]: sys.exit("export header differs from the exchange header")
accepted = sorted(row for i, row in enumerate(src[1:], start=2) if i not in rejected)
if sorted(out[1:]) != accepted: sys.exit("export differs from the imported rows")
print(f"round trip equal: {len(accepted)} rows")
PY
$LMIS --db "$DB" export workers --format jsonl --out export.jsonl
[ "$(wc -l < export.jsonl)" -eq "$accepted" ] || fail "JSONL export row count"

# JSON Lines re-import of the export: nothing new.
expect_exit 0 $LMIS --db "$DB" import workers export.jsonl --rejects r2.csv --quiet
[ "$(sql 'select count(*) from worker_versions')" -eq "$accepted" ] || fail "JSONL re-import added versions"

# Importing the same file again adds no versions.
expect_exit 3 $LMIS --db "$DB" import workers workers.csv --rejects rejects2.csv --quiet
[ "$(sql 'select count(*) from worker_versions')" -eq "$accepted" ] || fail "re-import added versions"

# Filters: status, unit (a commune of province 08 and the commune 00004), as-of.
employed=$(sql "select count(*) from workers where lf_status='employed'")
[ "$(($($LMIS --db "$DB" export workers --status employed | wc -l) - 1))" -eq "$employed" ] || fail "status filter"
in_00004=$(sql "select count(*) from workers where residence_unit='2025:00004'")
[ "$in_00004" -gt 0 ] || fail "no workers generated in 00004"
[ "$(($($LMIS --db "$DB" export workers --unit 00004 | wc -l) - 1))" -eq "$in_00004" ] || fail "unit filter"
in_08=$(sql "select count(*) from workers where province_code='08'")
[ "$(($($LMIS --db "$DB" export workers --unit 08 | wc -l) - 1))" -eq "$in_08" ] || fail "province filter"
[ "$(($($LMIS --db "$DB" export workers --as-of 2025-09-30 | wc -l) - 1))" -eq 0 ] || fail "as-of before collection"
expect_exit 1 $LMIS --db "$DB" export workers --unit 99999

# A change for one person: a new version, shown by history and by as-of.
python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("export.csv")))
p = next(r for r in rows if r["lf_status"] == "unemployed")
open("person.txt", "w").write(p["cccd"])
for k in ("unemployment_duration", "never_worked"): p[k] = ""
p.update(lf_status="outside", nilf_reason="housework", collected_on="2025-12-20", source="correction_request")
w = csv.DictWriter(open("change.csv", "w", newline=""), fieldnames=list(p.keys()))
w.writeheader(); w.writerow(p)
PY
ID=$(cat person.txt)
expect_exit 0 $LMIS --db "$DB" import workers change.csv --rejects r3.csv --quiet
$LMIS --db "$DB" history "$ID" | grep -q 'lf_status: "unemployed" → "outside"' || fail "history shows the change"
[ "$($LMIS --db "$DB" history "$ID" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -eq 2 ] || fail "two versions"
$LMIS --db "$DB" show "$ID" --format json | grep -q '"lf_status": "outside"' || fail "current is outside"
$LMIS --db "$DB" show "$ID" --as-of 2025-12-01 --format json | grep -q '"lf_status": "unemployed"' || fail "as-of shows the old version"
$LMIS --db "$DB" --lang vi show "$ID" | grep -q "Tình trạng tham gia hoạt động kinh tế" || fail "Vietnamese labels"
expect_exit 1 $LMIS --db "$DB" show 001099000000
expect_exit 1 $LMIS --db "$DB" show not-an-id

# --all-or-nothing on a file with rejects saves nothing.
before=$(sql "select count(*) from worker_versions")
$LMIS gen --people 200 --units 00008 --seed 9 --error-rate 0.2 --reference-date 2025-10-02 --out more.csv
expect_exit 4 $LMIS --db "$DB" import workers more.csv --rejects r4.csv --all-or-nothing --quiet
[ "$(sql 'select count(*) from worker_versions')" -eq "$before" ] || fail "--all-or-nothing saved rows"

# A header with an unknown column rejects the whole file, naming the column.
printf 'cccd,full_nmae\n001085012345,A\n' > typo.csv
expect_exit 4 $LMIS --db "$DB" import workers typo.csv --rejects r5.csv --quiet
grep -q '^1,full_nmae,column_unknown' r5.csv || fail "column_unknown reject"

# A database that was never initialised is refused with a hint.
new_db empty
expect_exit 1 $LMIS --db "$DB" export workers
$LMIS check --help >/dev/null
$LMIS --db "$DB" check | grep -q . || true
echo "end_to_end: ok"
