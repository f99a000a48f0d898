#!/usr/bin/env bash
# Reports from the command line: the scriptable labour-supply form checked against counts made
# here from the imported file, the subtree rule (commune, province, old district), dates before
# and after the records, CSV/XLSX/PDF, the report by unit, charts, the changes between two days
# after an update, the reporting calendar with a submission, and the rebuild.
source "$(dirname "$0")/lib.bash" "$1"
new_db report

for verb in report "report labour-supply" "report changes" "report chart" "report calendar" \
  "report submit" "report schedule" "report schedule list" "report schedule add" \
  "report schedule set" "report rebuild"; do
  $LMIS $verb --help >/dev/null || fail "--help for '$verb'"
done

$LMIS --db "$DB" init >/dev/null
$LMIS gen --people 500 --units 00004 --seed 21 --reference-date 2025-10-01 --out workers.csv
expect_exit 0 $LMIS --db "$DB" import workers workers.csv --rejects rejects.csv --quiet

# The counts expected, straight from the file.
python3 - workers.csv > expected.json <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
out = {"population_15plus": len(rows)}
for s in ("employed", "unemployed", "outside"):
    out[s] = sum(r["lf_status"] == s for r in rows)
for sex in ("male", "female"):
    out[sex] = {s: sum(r["lf_status"] == s and r["sex"] == sex for r in rows)
                for s in ("employed", "unemployed", "outside")}
json.dump(out, sys.stdout)
EOF

check_supply() {  # FILE: the report JSON equals the counts of workers.csv
  python3 - "$1" expected.json <<'EOF' || fail "labour-supply $1 disagrees with the file"
import json, sys
got, want = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for k in ("population_15plus", "employed", "unemployed", "outside"):
    assert got[k] == want[k], (k, got[k], want[k])
assert got["labour_force"] == want["employed"] + want["unemployed"]
for sex in ("male", "female"):
    for s in ("employed", "unemployed", "outside"):
        assert got["by_sex"][sex][s] == want[sex][s], (sex, s, got["by_sex"][sex], want[sex])
ages = got["breakdowns"]["age_group"]["lines"]
assert sum(l["population_15plus"] for l in ages) == want["population_15plus"], ages
assert [l["value"] for l in ages][:6] == ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"]
for name in ("general_education", "qualification", "area", "si_type"):
    lines = got["breakdowns"][name]["lines"]
    assert sum(l["population_15plus"] for l in lines) == want["population_15plus"], name
EOF
}

# The commune, its 2025 province and its pre-2025 district count the same people.
$LMIS --db "$DB" report labour-supply --unit 00004 --as-of 2025-12-31 --format json > commune.json
check_supply commune.json
$LMIS --db "$DB" report labour-supply --unit 01 --as-of 2025-12-31 --format json > province.json
check_supply province.json
$LMIS --db "$DB" report labour-supply --unit 001 --tree pre2025 --as-of 2025-12-31 \
  --format json > district.json
check_supply district.json
python3 -c '
import json, sys
d = json.load(open("district.json"))
assert d["unit"] == "001" and d["tree"] == "pre2025", d["unit"]
' || fail "the old district is not named"
# Today (LMIS_TODAY) by default; nobody before the collection day.
$LMIS --db "$DB" report labour-supply --unit 00004 > today.json
check_supply today.json
$LMIS --db "$DB" report labour-supply --unit 00004 --as-of 2025-09-30 --format json > before.json
python3 -c '
import json
d = json.load(open("before.json"))
assert d["population_15plus"] == 0 and d["by_sex"]["female"]["employed"] == 0, d
' || fail "people counted before they were recorded"

# Bad input: a clear error, exit 1.
expect_exit 1 $LMIS --db "$DB" report labour-supply --unit 99999 2>err.txt
grep -q "99999" err.txt || fail "an unknown unit is not named: $(cat err.txt)"
expect_exit 1 $LMIS --db "$DB" report labour-supply --unit 00004 --as-of 2025-13-01 2>err.txt

# CSV, XLSX and PDF.
$LMIS --db "$DB" report labour-supply --unit 00004 --as-of 2025-12-31 --format csv > supply.csv
head -1 supply.csv | grep -q "^breakdown,value,label,population_15plus,labour_force,employed" ||
  fail "CSV header: $(head -1 supply.csv)"
python3 - supply.csv expected.json <<'EOF' || fail "CSV totals"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
want = json.load(open(sys.argv[2]))
total = [r for r in rows if r["breakdown"] == "total"][0]
assert int(total["population_15plus"]) == want["population_15plus"]
assert int(total["employed"]) == want["employed"]
EOF
$LMIS --lang vi --db "$DB" report labour-supply --unit 00004 --as-of 2025-12-31 --format xlsx \
  --out supply.xlsx
python3 - supply.xlsx expected.json <<'EOF' || fail "XLSX cells"
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
want = json.load(open(sys.argv[2]))
shared = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
sheet = z.read("xl/worksheets/sheet1.xml").decode()
assert "BÁO CÁO THÔNG TIN CUNG LAO ĐỘNG" in shared, shared[:5]
numbers = [float(v) for v in re.findall(r'<c r="C\d+"[^>]*><v>([0-9.]+)</v>', sheet)]
assert float(want["population_15plus"]) in numbers, numbers[:5]
EOF
$LMIS --db "$DB" report labour-supply --unit 00004 --as-of 2025-12-31 --format pdf --out supply.pdf
head -c 5 supply.pdf | grep -q "%PDF-" || fail "not a PDF"

# One line per unit below: the communes of the province add up to it.
$LMIS --db "$DB" report labour-supply --unit 01 --as-of 2025-12-31 --by-unit --format json \
  > by_unit.json
python3 -c '
import json
d, p = json.load(open("by_unit.json")), json.load(open("province.json"))
assert len(d["units"]) > 100, len(d["units"])
assert sum(u["employed"] for u in d["units"]) == p["employed"]
assert [u for u in d["units"] if u["unit"] == "00004"][0]["population_15plus"] == p["population_15plus"]
' || fail "report by unit"

# Charts.
$LMIS --db "$DB" report chart --kind pyramid --unit 00004 --format svg --out pyramid.svg
grep -q "<svg" pyramid.svg || fail "pyramid SVG"
$LMIS --db "$DB" report chart --kind status-by-unit --unit 001 --tree pre2025 --format png \
  --out status.png
head -c 8 status.png | od -An -c | grep -q "P   N   G" || fail "status PNG"

# An update: 20 employed people become unemployed on 2025-12-01.
python3 - workers.csv > update.csv <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
w = csv.DictWriter(sys.stdout, fieldnames=rows[0].keys(), lineterminator="\n")
w.writeheader()
n = 0
for r in rows:
    if r["lf_status"] != "employed" or n == 20:
        continue
    n += 1
    for k in ("employment_status", "job_title", "occupation", "industry", "si_type",
              "has_contract", "contract_type", "contract_start", "workplace_name",
              "workplace_type", "workplace_unit", "workplace_address"):
        r[k] = ""
    r.update(lf_status="unemployed", never_worked="false", unemployment_duration="lt_3m",
             collected_on="2025-12-01", source="admin_procedure")
    w.writerow(r)
EOF
expect_exit 0 $LMIS --db "$DB" import workers update.csv --rejects update_rejects.csv --quiet
$LMIS --db "$DB" report labour-supply --unit 00004 --as-of 2025-11-30 --format json > nov.json
check_supply nov.json
$LMIS --db "$DB" report labour-supply --unit 00004 --as-of 2025-12-01 --format json > dec.json
python3 -c '
import json
n, d = json.load(open("nov.json")), json.load(open("dec.json"))
assert d["employed"] == n["employed"] - 20 and d["unemployed"] == n["unemployed"] + 20, (n["employed"], d["employed"])
assert d["population_15plus"] == n["population_15plus"]
' || fail "the update is not in the report of its day"
$LMIS --db "$DB" report changes --unit 00004 --from 2025-11-15 --to 2025-12-15 > changes.json
python3 -c '
import json
c = json.load(open("changes.json"))
states = [s["value"] for s in c["states"]]
e, u = states.index("employed"), states.index("unemployed")
assert c["transitions"][e][u] == 20, c["transitions"]
assert c["newly_recorded"] == 0
' || fail "transitions"
$LMIS --db "$DB" report changes --unit 00004 --from 2025-09-30 --to 2025-12-15 > first.json
python3 -c '
import json
c = json.load(open("first.json"))
assert c["newly_recorded"] == 500, c["newly_recorded"]
' || fail "newly recorded"
$LMIS --db "$DB" report changes --unit 00004 --from 2025-09-30 --to 2025-12-15 --format xlsx \
  --out changes.xlsx
expect_exit 1 $LMIS --db "$DB" report changes --unit 00004 --from 2025-12-15 --to 2025-09-30 2>/dev/null

# The reporting calendar: the commune's monthly reports are late until submitted.
$LMIS --db "$DB" report calendar --unit 00004 --on 2026-01-15 --format json > cal.json
python3 -c '
import json
c = json.load(open("cal.json"))
dec = [e for e in c["entries"] if e["period"] == "2025-12" and e["frequency"] == "monthly"][0]
assert dec["state"] == "late" and dec["deadline"] == "2025-12-25", dec
jan = [e for e in c["entries"] if e["period"] == "2026-01" and e["frequency"] == "monthly"][0]
assert jan["state"] == "due", jan
assert any(e["period"] == "2025" and e["deadline"] == "2025-12-10" for e in c["entries"])
' || fail "calendar"
expect_exit 0 $LMIS --db "$DB" report submit --schedule 1 --unit 00004 --period 2026-01 2>/dev/null
expect_exit 1 $LMIS --db "$DB" report submit --schedule 1 --unit 00004 --period 2026-01 2>err.txt
grep -q "already submitted" err.txt || fail "a second submission: $(cat err.txt)"
expect_exit 1 $LMIS --db "$DB" report submit --schedule 3 --unit 00004 --period 2026-01 2>/dev/null
$LMIS --db "$DB" report calendar --unit 00004 --on 2026-01-15 --format csv > cal.csv
grep -q "^1,.*,2026-01,2026-01-25,submitted," cal.csv || fail "submission not shown: $(cat cal.csv)"

# Schedules are configurable: a quarterly-like yearly report by 20 March, then switched off.
$LMIS --db "$DB" report schedule list > schedules.csv
grep -q "^1,Báo cáo tháng cấp xã,commune,labour_supply,monthly,25,0,true$" schedules.csv ||
  fail "schedule list: $(cat schedules.csv)"
SID=$($LMIS --db "$DB" report schedule add --name "Báo cáo quý I" --level commune \
  --frequency yearly --due-day 20 --due-month 3)
[ "$SID" -eq 8 ] || fail "schedule add printed '$SID'"
$LMIS --db "$DB" report calendar --unit 00004 --on 2026-01-15 --format csv > cal2.csv
grep -q "^8,Báo cáo quý I,2025,2025-03-20,late," cal2.csv ||
  fail "the new schedule is not in the calendar: $(cat cal2.csv)"
expect_exit 1 $LMIS --db "$DB" report schedule add --name X --level commune --frequency monthly \
  --due-day 25 --due-month 3 2>err.txt
grep -q "due_month" err.txt || fail "a monthly schedule with a month: $(cat err.txt)"
$LMIS --db "$DB" report schedule set "$SID" --active false
$LMIS --db "$DB" report calendar --unit 00004 --on 2026-01-15 --format csv > cal3.csv
if grep -q "^8," cal3.csv; then fail "an inactive schedule is still in the calendar"; fi
expect_exit 1 $LMIS --db "$DB" report schedule set 99 --due-day 3 2>/dev/null

# A rebuild from the versions changes nothing.
$LMIS --db "$DB" report labour-supply --unit 01 --as-of 2025-12-31 --format json > kept.json
$LMIS --db "$DB" report rebuild 2>/dev/null
$LMIS --db "$DB" report labour-supply --unit 01 --as-of 2025-12-31 --format json > rebuilt.json
cmp -s kept.json rebuilt.json || fail "the rebuild changed the report"
# `lmis check` recounts the aggregates from the versions: a tampered row is found.
$LMIS --db "$DB" check > check.txt 2>&1 || fail "check: $(cat check.txt)"
grep -q "Report aggregates: ok" check.txt || fail "check says: $(cat check.txt)"
TAMPER="UPDATE report_facts SET cells = '0:1' WHERE unit = 'national' AND period = 'Y2025'"
case "$BACKEND" in
  sqlite) sqlite3 "$DB" "$TAMPER" ;;
  postgres) psql -XAtq "$DB" -c "$TAMPER" ;;
esac
expect_exit 1 $LMIS --db "$DB" check > check.txt 2>&1
grep -q "1 aggregate rows differ from the versions (national Y2025)" check.txt ||
  fail "a tampered aggregate is not found: $(cat check.txt)"
$LMIS --db "$DB" report rebuild 2>/dev/null
expect_exit 0 $LMIS --db "$DB" check >/dev/null 2>&1
echo "report: ok"
