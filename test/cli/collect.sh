#!/usr/bin/env bash
# A collection campaign from the command line: create it, set quotas (a bad file saves
# nothing), print the worklist, assign households, walk forms through their life cycle, make
# and print a hand-over record, and read the progress — as the operator, audited as cli:NAME.
source "$(dirname "$0")/lib.bash" "$1"
new_db collect

for verb in campaign "campaign create" "campaign list" "campaign show" "campaign quota" \
  "campaign worklist" "campaign assign" "campaign progress" form "form list" "form show" \
  "form move" handover "handover create" "handover show" "handover print"; do
  $LMIS $verb --help >/dev/null || fail "--help for '$verb'"
done

$LMIS --db "$DB" init >/dev/null
$LMIS gen --people 400 --units 00004 --seed 11 --reference-date 2025-10-01 \
  --out workers.csv --register register.csv
expect_exit 0 $LMIS --db "$DB" import population register.csv --quiet
# Half the people have a worker record; the other half must be collected.
head -n 201 workers.csv > half.csv
expect_exit 0 $LMIS --db "$DB" import workers half.csv --rejects rejects.csv --quiet
PASSWORD='mật khẩu đủ dài 2026'
echo "$PASSWORD" | $LMIS --db "$DB" user add ca.a --role commune_police --unit 00004 2>/dev/null
echo "$PASSWORD" | $LMIS --db "$DB" user add dtv.a --role collector --unit 00004 2>/dev/null
echo "$PASSWORD" | $LMIS --db "$DB" user add dtv.b --role collector --unit 00004 2>/dev/null

# ---- campaign and quotas ----
expect_exit 1 $LMIS --db "$DB" campaign create --name "Sai" --unit 01 --reference-date 2025-10-01 \
  --start 2025-10-10 --end 2025-10-01 --wave 1:2025-10-15 2>err.txt
grep -q "window_end" err.txt || fail "an inverted window is not reported: $(cat err.txt)"
ID=$($LMIS --db "$DB" campaign create --name "Thu thập 2025" --unit 01 --reference-date 2025-10-01 \
  --start 2025-10-01 --end 2025-11-15 --wave "1:2025-10-10:Đợt 1" --wave 2:2025-10-25 \
  --wave 3:2025-11-15 2>/dev/null)
[ "$ID" -ge 1 ] || fail "campaign create printed no id"
$LMIS --db "$DB" campaign list | grep -q "^$ID,Thu thập 2025,01,2025-10-01" || fail "campaign list"
$LMIS --db "$DB" campaign show "$ID" | python3 -c '
import json, sys
c = json.load(sys.stdin)
assert [w["name"] for w in c["waves"]] == ["Đợt 1", "Đợt 2", "Đợt 3"], c["waves"]
' || fail "campaign show"

printf 'unit,wave,quota\n00004,1,150\n00004,7,10\n79999,1,5\n' > bad-quotas.csv
expect_exit 4 $LMIS --db "$DB" campaign quota "$ID" --file bad-quotas.csv --rejects quota-rejects.csv 2>/dev/null
[ "$(tail -n +2 quota-rejects.csv | cut -d, -f1,2 | tr '\n' ' ')" = "3,wave 4,unit " ] \
  || fail "quota rejects: $(cat quota-rejects.csv)"
[ "$(sql 'select count(*) from campaign_quotas')" -eq 0 ] || fail "a rejected quota file saved rows"
printf 'unit,wave,quota\n00004,1,150\n00004,2,40\n' > quotas.csv
expect_exit 0 $LMIS --db "$DB" campaign quota "$ID" --file quotas.csv 2>/dev/null
expect_exit 0 $LMIS --db "$DB" campaign quota "$ID" --set 00004:3:0 2>/dev/null
[ "$(sql 'select count(*) from campaign_quotas')" -eq 3 ] || fail "quotas not saved"

# ---- the worklist: exactly the residents alive and possibly 15+ on 1 October without a record ----
$LMIS --db "$DB" campaign worklist "$ID" --unit 00004 --format csv --out worklist.csv 2>/dev/null
python3 - <<'PY' || fail "worklist contents"
import csv, sys
recorded = {r["cccd"] for r in csv.DictReader(open("half.csv"))}
want = set()
for r in csv.DictReader(open("register.csv")):
    if r["status"] in ("deceased", "emigrated") and (not r["status_date"] or r["status_date"] <= "2025-10-01"):
        continue
    b = r["birth_date"]
    earliest = b + "-01-01" if len(b) == 4 else b + "-01" if len(b) == 7 else b
    if earliest > "2010-10-01":  # certainly younger than 15
        continue
    if r["cccd"] in recorded:
        continue
    want.add(r["cccd"])
rows = list(csv.DictReader(open("worklist.csv")))
got = {r["cccd"] for r in rows}
if got != want: sys.exit(f"worklist: {len(got - want)} extra, {len(want - got)} missing")
if any(r["reason"] != "no_record" for r in rows): sys.exit("generated records are complete")
heads = {}
for i, r in enumerate(rows):
    heads.setdefault(r["household_id"], []).append(r["head"] == "true")
for h, flags in heads.items():
    if any(flags) and not flags[0]: sys.exit(f"household {h}: the head is not first")
print(f"worklist: {len(got)} people in {len(heads)} households")
PY
$LMIS --db "$DB" campaign worklist "$ID" --unit 00004 --format pdf --out worklist.pdf 2>/dev/null
pdftotext worklist.pdf worklist.txt
grep -q "BẢNG KÊ NGƯỜI CẦN THU THẬP THÔNG TIN" worklist.txt || fail "worklist PDF"
expect_exit 1 $LMIS --db "$DB" campaign worklist "$ID" --unit 79999 2>/dev/null

# ---- assignment ----
mapfile -t HH < <(python3 -c '
import csv
seen = []
for r in csv.DictReader(open("worklist.csv")):
    if r["household_id"] not in seen: seen.append(r["household_id"])
print("\n".join(seen[:3]))')
$LMIS --db "$DB" campaign assign "$ID" --unit 00004 --wave 1 --collector dtv.a \
  --household "${HH[0]}" --household "${HH[1]}" > assigned.csv 2>/dev/null
ASSIGNED=$(($(wc -l < assigned.csv) - 1))
[ "$ASSIGNED" -ge 2 ] || fail "assign created $ASSIGNED forms"
expect_exit 1 $LMIS --db "$DB" campaign assign "$ID" --unit 00004 --wave 1 --collector ca.a \
  --household "${HH[2]}" 2>/dev/null  # not a collector
$LMIS --db "$DB" campaign assign "$ID" --unit 00004 --wave 2 --collector dtv.b \
  --household "${HH[2]}" >/dev/null 2>&1
[ "$(($($LMIS --db "$DB" form list "$ID" --collector dtv.a | wc -l) - 1))" -eq "$ASSIGNED" ] \
  || fail "form list --collector"
mapfile -t FORMS < <(tail -n +2 assigned.csv | cut -d, -f1)

# ---- the life cycle ----
F=${FORMS[0]}
G=${FORMS[1]}
expect_exit 1 $LMIS --db "$DB" form move "$F" accepted 2>/dev/null   # not collected yet
for f in "${FORMS[@]}"; do $LMIS --db "$DB" form move "$f" collected 2>/dev/null; done
expect_exit 1 $LMIS --db "$DB" form move "$G" returned 2>/dev/null   # no reason
$LMIS --db "$DB" form move "$G" returned --reason "Thiếu chữ ký" 2>/dev/null
for f in "${FORMS[@]}"; do [ "$f" = "$G" ] || $LMIS --db "$DB" form move "$f" accepted 2>/dev/null; done
expect_exit 1 $LMIS --db "$DB" form move "$F" handed_over 2>/dev/null  # only by a record
expect_exit 1 $LMIS --db "$DB" handover create "$ID" --unit 00004 --to dtv.a --all-accepted 2>/dev/null
H=$($LMIS --db "$DB" handover create "$ID" --unit 00004 --to ca.a --all-accepted --note "Đợt 1" 2>/dev/null)
[ "$H" -ge 1 ] || fail "handover create printed no id"
$LMIS --db "$DB" handover show "$H" > handover.json
CODE=$(python3 -c '
import json, sys
h = json.load(open("handover.json"))
assert h["count"] == '"$((ASSIGNED - 1))"', h["count"]
assert all(f["state"] == "handed_over" for f in h["forms"])
print(h["check_code"])') || fail "handover show"
$LMIS --db "$DB" handover print "$H" --format pdf --out handover.pdf
pdftotext -layout handover.pdf handover.txt
grep -q "BIÊN BẢN BÀN GIAO PHIẾU THU THẬP THÔNG TIN NGƯỜI LAO ĐỘNG" handover.txt || fail "handover PDF title"
grep -q "Mã kiểm tra: ${CODE:0:8} ${CODE:8:8}" handover.txt || fail "handover PDF check code"
$LMIS --db "$DB" handover print "$H" --format xlsx --out handover.xlsx
/usr/bin/python3 - "$CODE" <<'PY' || fail "handover XLSX"
import openpyxl, sys
cells = [c.value for r in openpyxl.load_workbook("handover.xlsx").active.iter_rows() for c in r]
text = "\n".join(str(v) for v in cells if v is not None)
code = sys.argv[1]
assert "BÊN NHẬN" in text, text
assert code[:8] in text, text
PY

# Entering needs the person's worker record.
CCCD=$(python3 -c "import json; print(next(f['cccd'] for f in json.load(open('handover.json'))['forms'] if f['id'] == $F))")
expect_exit 1 $LMIS --db "$DB" form move "$F" entered 2>/dev/null
{ head -n 1 workers.csv; grep "^$CCCD," workers.csv; } > one.csv
expect_exit 0 $LMIS --db "$DB" import workers one.csv --rejects one-rejects.csv --quiet
$LMIS --db "$DB" form move "$F" entered 2>/dev/null
$LMIS --db "$DB" form move "$F" archived 2>/dev/null
$LMIS --db "$DB" form show "$F" | python3 -c '
import json, sys
f = json.load(sys.stdin)
assert f["state"] == "archived", f["state"]
assert [e["to"] for e in f["events"]] == ["assigned", "collected", "accepted", "handed_over", "entered", "archived"], f["events"]
assert all(e["by"].startswith("cli:") and e["role"] == "operator" for e in f["events"][1:])
assert f["entered_version"] == 1
' || fail "form show"

# ---- progress: every collection happened after the deadline of 10 October 2025 ----
$LMIS --db "$DB" campaign progress "$ID" --as-of 2099-12-31 --format png --out progress.png
head -c 8 progress.png | od -An -c | grep -q "P   N   G" || fail "progress chart (PNG)"
$LMIS --db "$DB" campaign progress "$ID" --as-of 2099-12-31 --format svg --out progress.svg
grep -q "<svg" progress.svg || fail "progress chart (SVG)"
$LMIS --db "$DB" campaign progress "$ID" --as-of 2099-12-31 --format csv > progress.csv
python3 - "$ASSIGNED" <<'PY' || fail "progress: $(cat progress.csv)"
import csv, sys
n = int(sys.argv[1])
rows = {(r["wave"], r["unit"]): r for r in csv.DictReader(open("progress.csv"))}
w1 = rows[("1", "00004")]
want = {"quota": "150", "assigned": str(n), "collected": str(n), "accepted": str(n - 1),
        "handed_over": str(n - 1), "entered": "1", "archived": "1", "returned": "1",
        "collected_by_deadline": "0", "collected_after_deadline": str(n), "late": "true",
        "entered_pct": "0.7"}
for k, v in want.items():
    if w1[k] != v: sys.exit(f"wave 1 {k}: {w1[k]} != {v}")
assert rows[("1", "total")]["assigned"] == str(n)
assert rows[("3", "00004")]["collected_pct"] == "", "a quota of 0 has no share"
PY
$LMIS --db "$DB" campaign progress "$ID" --format xlsx --out progress.xlsx
[ -s progress.xlsx ] || fail "progress XLSX"

# ---- audited as the operator ----
[ "$(sql "select count(*) from audit_log where username like 'cli:%' and role = 'operator' and action = 'form_collect' and outcome = 'allow'")" -eq "$ASSIGNED" ] \
  || fail "collections not audited"
[ "$(sql "select count(*) from audit_log where action = 'form_enter' and outcome = 'deny_state'")" -eq 1 ] \
  || fail "the refused entry is not audited"
[ "$(sql "select count(*) from audit_log where action = 'worklist' and person_id is not null")" -gt 0 ] \
  || fail "worklist reads not audited"
echo "collect: ok ($ASSIGNED forms)"
