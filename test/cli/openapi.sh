#!/usr/bin/env bash
# The OpenAPI document against the real server: `lmis serve` over synthetic workers, a synthetic
# population-register extract and one user per kind of caller, then test/api/openapi_check.py
# calls every documented operation, in success and error cases, and checks each status, header
# and body against the document.
source "$(dirname "$0")/lib.bash" "$1"
CHECK="$(cd "$(dirname "$0")/../api" && pwd)/openapi_check.py"
DOCUMENT="$(cd "$(dirname "$0")/../../src/http" && pwd)/openapi.json"
PASSWORD='a long password 1'

new_db openapi
"$LMIS" --db "$DB" init >/dev/null 2>&1
"$LMIS" gen --people 300 --units 01 --seed 7 --out w.csv
expect_exit 0 "$LMIS" --db "$DB" import workers w.csv --rejects r.csv --quiet

# The commune with the most residents, and one of them: an officer's and a worker's records.
read -r COMMUNE PERSON < <(python3 - <<'PY'
import collections, csv
rows = list(csv.DictReader(open("w.csv", encoding="utf-8")))
where = lambda r: r["current_unit"] or r["permanent_unit"]
commune = collections.Counter(map(where, rows)).most_common(1)[0][0]
print(commune, next(r["cccd"] for r in rows if where(r) == commune))
PY
)
[ -n "$PERSON" ] || fail "no resident found in w.csv"
# A second commune of Hà Nội for the other registers and collection: its workers and its
# population-register extract, with planted discrepancies (so that reconciliation finds some and
# linkage proposes links); the checker uploads the extract itself.
REG_COMMUNE=00008
[ "$COMMUNE" != "$REG_COMMUNE" ] || REG_COMMUNE=00004
"$LMIS" gen --people 300 --units "$REG_COMMUNE" --seed 11 --register-error-rate 0.2 \
  --register reg.csv --out w2.csv
expect_exit 0 "$LMIS" --db "$DB" import workers w2.csv --rejects r2.csv --quiet
add_user() { echo "$PASSWORD" | "$LMIS" --db "$DB" user add "$@" >/dev/null; }
add_user officer --role commune_officer --unit "$COMMUNE"
add_user province --role province_officer --unit 01
add_user minister --role ministry --unit national
add_user auditor --role admin --unit national
add_user worker1 --role worker --unit "$COMMUNE" --person "$PERSON"
add_user police --role commune_police --unit "$REG_COMMUNE"
add_user officer2 --role commune_officer --unit "$REG_COMMUNE"
add_user collector1 --role collector --unit "$REG_COMMUNE"
add_user collector2 --role collector --unit "$REG_COMMUNE"

start_server

set +e
python3 "$CHECK" --url "http://127.0.0.1:$PORT" --document "$DOCUMENT" --workers-csv w.csv \
  --commune "$COMMUNE" --person "$PERSON" --password "$PASSWORD" --reg-commune "$REG_COMMUNE" \
  --register-csv reg.csv --reg-workers-csv w2.csv
checked=$?
stop_server
stopped=$?
set -e
[ "$stopped" -eq 0 ] || fail "lmis serve exited $stopped on SIGTERM: $(tail -n 20 serve.log)"
[ "$checked" -eq 0 ] || fail "the OpenAPI document and the server disagree (above)"
echo "openapi: ok"
