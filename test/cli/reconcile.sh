#!/usr/bin/env bash
# Registers and reconciliation from the command line: the contract forms `lmis import
# population FILE` and `lmis reconcile population --as-of DATE --out FILE` on a generated
# population with planted register discrepancies (every one found, no false ones), linkage
# proposals against the truth, deciding them, scoped runs, re-imported extracts, and the
# insurance and enterprise reconciliations.
source "$(dirname "$0")/lib.bash" "$1"
new_db rec
for verb in "import population" "import insurance" "import enterprises" "reconcile population" \
  "reconcile insurance" "reconcile enterprises" "register show" "linkage list" "linkage decide"; do
  $LMIS $verb --help >/dev/null || fail "--help for '$verb'"
done
$LMIS --db "$DB" init >/dev/null 2>&1

# Three communes of Hà Nội, 5% of the people with a planted register discrepancy.
$LMIS gen --people 5000 --units 00004,00008,00025 --seed 11 --register-error-rate 0.05 \
  --reference-date 2025-10-01 --out workers.csv --register register.csv --reconcile-truth truth.csv
expect_exit 0 $LMIS --db "$DB" import workers workers.csv --rejects wrejects.csv --quiet
# The contract form, without --rejects.
expect_exit 0 $LMIS --db "$DB" import population register.csv
[ "$(sql 'select count(*) from register_people')" -eq "$(($(wc -l < register.csv) - 1))" ] ||
  fail "not every register row stored"

# The contract form of reconcile; then every planted discrepancy must be found, no other.
$LMIS --db "$DB" reconcile population --as-of 2025-10-01 --out found.csv
head -n 1 found.csv | grep -qx 'cccd,kind,field,worker_value,register_value' || fail "header"
$LMIS --db "$DB" reconcile population --as-of 2025-10-01 --out found2.csv \
  --proposals proposals.csv --summary summary.csv
cmp -s found.csv found2.csv || fail "a second run reports something else"
python3 - <<'PY'
import csv, sys
truth = list(csv.DictReader(open("truth.csv", encoding="utf-8")))
found = list(csv.DictReader(open("found.csv", encoding="utf-8")))
kinds = {"field_mismatch", "not_in_register", "no_worker_record", "closed_in_register"}
key = lambda r: (r["cccd"], r["kind"], r["field"], r["worker_value"], r["register_value"])
expected = {key(r) for r in truth if r["kind"] in kinds}
got = [key(r) for r in found]
if len(got) != len(set(got)): sys.exit("a discrepancy is reported twice")
missing, extra = expected - set(got), set(got) - expected
if missing or extra: sys.exit(f"missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}")
planted = {r["planted"] for r in truth}
for kind in ("name_mismatch", "birth_date_mismatch", "sex_mismatch", "current_unit_mismatch",
             "permanent_unit_mismatch", "not_in_register", "no_worker_record", "closed_in_register",
             "cccd_typo", "cccd_missing", "name_variant", "birth_date_partial"):
    if kind not in planted: sys.exit(f"no {kind} was planted: the test would prove nothing")
# Linkage: the proposals against the truth's links.
links = {(r["worker_value"], r["register_value"]) for r in truth if r["kind"] == "link"}
proposals = {(r["worker_id"], r["register_cccd"]) for r in csv.DictReader(open("proposals.csv"))}
right = len(links & proposals)
precision, recall = right / max(1, len(proposals)), right / max(1, len(links))
print(f"{len(expected)} discrepancies found exactly; linkage: {len(links)} planted, "
      f"{len(proposals)} proposed, precision {precision:.3f}, recall {recall:.3f}")
if precision < 0.98 or recall < 0.9: sys.exit("linkage below precision 0.98 / recall 0.9")
summary = list(csv.DictReader(open("summary.csv", encoding="utf-8")))
if {r["unit"] for r in summary} != {"00004", "00008", "00025"}: sys.exit(f"summary units {summary}")
total = sum(int(r[k]) for r in summary for k in kinds)
if total != len(got): sys.exit(f"summary counts {total} != {len(got)} rows")
PY

# Scoped runs: the three communes' reports together are the whole report, nothing else.
for u in 00004 00008 00025; do
  $LMIS --db "$DB" reconcile population --as-of 2025-10-01 --unit "$u" --out "scope_$u.csv" \
    --no-proposals 2>/dev/null
done
python3 - <<'PY'
import csv, sys
rows = lambda f: {tuple(r) for r in list(csv.reader(open(f, encoding="utf-8")))[1:]}
whole = rows("found.csv")
union = set()
for u in ("00004", "00008", "00025"):
    part = rows(f"scope_{u}.csv")
    if part - whole: sys.exit(f"{u}: rows not in the whole report {sorted(part - whole)[:3]}")
    union |= part
if union != whole: sys.exit(f"the scoped reports miss {sorted(whole - union)[:3]}")
PY
# A district of the old tree works as a scope too (Ba Đình, 001).
$LMIS --db "$DB" reconcile population --as-of 2025-10-01 --unit 001 --tree pre2025 \
  --out old.csv --no-proposals 2>/dev/null || fail "an old-tree district as the scope"

# Deciding proposals: accept one (the record takes the register's CCCD, history kept), reject
# another (not proposed again).
$LMIS --db "$DB" linkage list --state proposed > listed.csv
read -r ACCEPT WRONG TRUE <<<"$(python3 -c '
import csv; r = list(csv.DictReader(open("listed.csv")))
print(r[0]["id"], r[0]["worker_id"], r[0]["register_cccd"])')"
read -r REJECT <<<"$(python3 -c '
import csv; print(list(csv.DictReader(open("listed.csv")))[1]["id"])')"
versions_before=$(sql "select count(*) from worker_versions")
expect_exit 0 $LMIS --db "$DB" linkage decide "$ACCEPT" accept --note "đã kiểm tra CCCD"
expect_exit 1 $LMIS --db "$DB" linkage decide "$ACCEPT" reject  # decided already
expect_exit 0 $LMIS --db "$DB" linkage decide "$REJECT" reject
$LMIS --db "$DB" show "$TRUE" --format json | python3 -c "
import json, sys; r = json.load(sys.stdin)
assert r['person'] == '$TRUE' and r['record']['cccd'] == '$TRUE', r
assert r['source'] == 'register_sync', r" || fail "the corrected record"
[ "$($LMIS --db "$DB" history "$TRUE" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -ge 2 ] ||
  fail "the history did not move with the record"
expect_exit 1 $LMIS --db "$DB" show "$WRONG"
[ "$(sql "select count(*) from worker_versions")" -eq $((versions_before + 1)) ] ||
  fail "accepting a link should add exactly one version"
$LMIS --db "$DB" reconcile population --as-of 2025-10-01 --out after.csv --proposals again.csv
grep -q "^$WRONG,not_in_register" after.csv && fail "the linked record is still unmatched"
grep -q "^$TRUE,no_worker_record" after.csv && fail "the linked person still lacks a record"
rejected_pair=$(sql "select worker_person_id || ' ' || register_person_id from linkage_proposals where id = $REJECT")
[ "$(sql "select count(*) from linkage_proposals where worker_person_id || ' ' || register_person_id = '$rejected_pair'")" -eq 1 ] ||
  fail "a rejected pair was proposed again"
sql "select count(*) from audit_log where action = 'link_accept'" | grep -qx 1 || fail "no audit of the decision"

# A newer extract changes a person: stored, the change recorded; an older one cannot overwrite.
python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("register.csv", encoding="utf-8")))
fields = list(rows[0].keys())
newer = [dict(rows[0], full_name="Nguyễn Thị Đổi Tên", extract_date="2025-11-01")]
older = [dict(rows[1], full_name="Tên Cũ Hơn", extract_date="2025-01-01")]
for name, data in (("newer.csv", newer), ("older.csv", older)):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields); w.writeheader(); w.writerows(data)
print(rows[0]["cccd"], file=open("changed_cccd", "w"))
PY
$LMIS --db "$DB" import population newer.csv 2>&1 | grep -q "1 changed" || fail "the newer extract"
$LMIS --db "$DB" import population older.csv 2>&1 | grep -q "1 older than what is stored" ||
  fail "an older extract overwrote newer data"
$LMIS --db "$DB" register show "$(cat changed_cccd)" | grep -q "full_name: .* → Nguyễn Thị Đổi Tên" ||
  fail "the change is not listed"
[ "$(sql "select count(*) from register_changes where field = 'extract_date'")" -eq 1 ] ||
  fail "changes recorded"

# Bad extracts: a row naming the line and field; an unknown column rejects the file.
printf 'cccd,full_name,birth_date,sex,permanent_unit,status,extract_date\n001085999999,Lê Văn Lỗi,1985-13-01,male,00004,alive,2025-10-01\n' > bad.csv
expect_exit 3 $LMIS --db "$DB" import population bad.csv --rejects bad_rejects.csv
grep -q '^2,birth_date,date_format,' bad_rejects.csv || fail "the reject names line and field"
printf 'cccd,full_name,birth_day\n' > badcol.csv
expect_exit 4 $LMIS --db "$DB" import population badcol.csv --rejects badcol_rejects.csv
grep -q 'birth_day,column_unknown' badcol_rejects.csv || fail "an unknown column"

# Insurance and enterprises: a worker's BHXH code and participation, and their employer.
python3 - <<'PY'
import csv
workers = list(csv.DictReader(open("workers.csv", encoding="utf-8")))
emp = [w for w in workers if w["lf_status"] == "employed" and w["si_type"] == "compulsory"
       and w["bhxh"] and w["cccd"] and w["workplace_type"] == "private_enterprise"][:4]
assert len(emp) == 4, "too few insured employees in the sample"
ins = open("insurance.csv", "w", newline="", encoding="utf-8")
iw = csv.writer(ins)
iw.writerow(["bhxh", "cccd", "full_name", "birth_date", "sex", "employer_tax_code", "si_type",
             "from", "to"])
ent = open("enterprises.csv", "w", newline="", encoding="utf-8")
ew = csv.writer(ent)
ew.writerow(["tax_code", "name", "unit", "address", "main_industry", "legal_representative",
             "status", "status_date", "employees"])
expect = []
# 0: all agrees. 1: another BHXH code. 2: voluntary in the register. 3: employer dissolved.
for i, w in enumerate(emp):
    tax = "01%08d" % (1000 + i)
    bhxh = w["bhxh"] if i != 1 else "9%09d" % i
    iw.writerow([bhxh, w["cccd"], w["full_name"], w["birth_date"], w["sex"], tax,
                 "voluntary" if i == 2 else "compulsory", "2020-01-01", ""])
    ew.writerow([tax, w["workplace_name"], "00004", "", w["industry"], "Trần Văn A",
                 "dissolved" if i == 3 else "active", "2025-01-01" if i == 3 else "", "50"])
    if i == 1: expect.append(("insurance", w["cccd"], "field_mismatch", "bhxh", w["bhxh"], bhxh))
    if i == 2: expect.append(("insurance", w["cccd"], "field_mismatch", "si_type", "compulsory", "voluntary"))
    if i == 3: expect.append(("enterprises", w["cccd"], "closed_in_register", "status", "", "dissolved"))
# Someone insured who has no worker record: placed by the register, reported.
reg = next(r for r in csv.DictReader(open("register.csv", encoding="utf-8"))
           if r["cccd"] not in {w["cccd"] for w in workers} and r["status"] == "alive"
           and r["birth_date"] < "2000")
iw.writerow(["1234567890", reg["cccd"], reg["full_name"], reg["birth_date"], reg["sex"], "", "voluntary", "2021-05-01", ""])
expect.append(("insurance", reg["cccd"], "no_worker_record", "", "", ""))
ins.close(); ent.close()
with open("expect_other.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows(expect)
PY
expect_exit 0 $LMIS --db "$DB" import insurance insurance.csv
expect_exit 0 $LMIS --db "$DB" import enterprises enterprises.csv
$LMIS --db "$DB" reconcile insurance --as-of 2025-10-01 --out ins_found.csv 2>/dev/null
$LMIS --db "$DB" reconcile enterprises --as-of 2025-10-01 --out ent_found.csv 2>/dev/null
python3 - <<'PY'
import csv, sys
expect = [tuple(r) for r in csv.reader(open("expect_other.csv", encoding="utf-8"))]
for kind in ("insurance", "enterprises"):
    found = {tuple(r) for r in list(csv.reader(open(f"{kind[:3]}_found.csv", encoding="utf-8")))[1:]}
    wanted = {e[1:] for e in expect if e[0] == kind}
    # Workers claiming insurance who are not in this small extract are reported too; every
    # planted case must be there, and nothing about the four employees beyond it.
    missing = wanted - found
    if missing: sys.exit(f"{kind}: missing {missing}")
    print(f"{kind}: {len(found)} rows, the {len(wanted)} planted ones among them")
PY
grep -c ',not_in_register,si_type,compulsory,' ins_found.csv >/dev/null || fail "insured workers absent from the extract"
[ "$(sql "select count(*) from audit_log where action like 'reconcile_%'")" -ge 5 ] || fail "runs audited"
echo "reconcile: ok"
