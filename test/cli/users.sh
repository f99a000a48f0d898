#!/usr/bin/env bash
# User accounts from the command line: add (password on stdin), refusals, list, passwd,
# disable/enable; only argon2id hashes are stored.
source "$(dirname "$0")/lib.bash" "$1"
new_db users
$LMIS --db "$DB" init >/dev/null 2>&1

echo 'mật-khẩu-rất-dài-1' | $LMIS --db "$DB" user add officer.ba-dinh --role commune_officer --unit 00004
echo 'mật-khẩu-rất-dài-2' | $LMIS --db "$DB" user add district.ba-dinh --role district_officer --unit 001 --tree pre2025
echo 'mật-khẩu-rất-dài-3' | $LMIS --db "$DB" user add bo.ldtbxh --role ministry --unit national
echo 'mật-khẩu-rất-dài-4' | $LMIS --db "$DB" user add an.nguyen --role worker --unit 00004 --person 001085012345

# Refusals, each with exit 1 and nothing stored.
echo 'mật-khẩu-rất-dài-5' | expect_exit 1 $LMIS --db "$DB" user add officer.ba-dinh --role collector --unit 00004
echo 'mật-khẩu-rất-dài-5' | expect_exit 1 $LMIS --db "$DB" user add chief --role superuser --unit 00004
echo 'mật-khẩu-rất-dài-5' | expect_exit 1 $LMIS --db "$DB" user add chief --role collector --unit 99999
echo 'mật-khẩu-rất-dài-5' | expect_exit 1 $LMIS --db "$DB" user add chief --role collector --unit national
echo 'mật-khẩu-rất-dài-5' | expect_exit 1 $LMIS --db "$DB" user add chief --role worker --unit 00004
echo 'ngắn' | expect_exit 1 $LMIS --db "$DB" user add chief --role collector --unit 00004
expect_exit 1 $LMIS --db "$DB" user add chief --role collector --unit 00004 </dev/null
echo 'mật-khẩu-rất-dài-5' | expect_exit 1 $LMIS --db "$DB" user add 'Bad Name' --role collector --unit 00004
said=$(echo 'ngắn' | $LMIS --db "$DB" --lang vi user add chief --role collector --unit 00004 2>&1) &&
  fail "a short password was accepted"
grep -q "ít nhất 10 ký tự" <<<"$said" || fail "Vietnamese reason for a short password: $said"

$LMIS --db "$DB" user list > list.csv
python3 - <<'PY'
import csv, sys
rows = {r["username"]: r for r in csv.DictReader(open("list.csv"))}
want = {
    "an.nguyen": ("worker", "2025:00004", "001085012345"),
    "bo.ldtbxh": ("ministry", "national", ""),
    "district.ba-dinh": ("district_officer", "pre2025:001", ""),
    "officer.ba-dinh": ("commune_officer", "2025:00004", ""),
}
got = {k: (v["role"], v["unit"], v["person"]) for k, v in rows.items()}
if got != want: sys.exit(f"user list: {got}")
if list(rows) != sorted(rows): sys.exit("user list is not in name order")
if any(v["disabled"] != "false" for v in rows.values()): sys.exit("a new user is disabled")
PY

# Only argon2id hashes are stored, never the password.
[ "$(sql "select count(*) from users where password_hash like '\$argon2id\$%'")" -eq 4 ] || fail "hashes"
[ "$(sql "select count(*) from users where password_hash like '%mật-khẩu%'")" -eq 0 ] || fail "plaintext"

before=$(sql "select password_hash from users where username='officer.ba-dinh'")
echo 'mật-khẩu-mới-rất-dài' | $LMIS --db "$DB" user passwd officer.ba-dinh
[ "$(sql "select password_hash from users where username='officer.ba-dinh'")" != "$before" ] || fail "passwd"
echo 'mật-khẩu-mới-rất-dài' | expect_exit 1 $LMIS --db "$DB" user passwd nobody

$LMIS --db "$DB" user disable officer.ba-dinh
$LMIS --db "$DB" user list | grep -q '^officer.ba-dinh,commune_officer,2025:00004,,true,' || fail "disable"
$LMIS --db "$DB" user enable officer.ba-dinh
$LMIS --db "$DB" user list | grep -q '^officer.ba-dinh,commune_officer,2025:00004,,false,' || fail "enable"
expect_exit 1 $LMIS --db "$DB" user disable nobody
echo "users: ok"
