#!/usr/bin/env bash
# The OpenAPI document against the real server: `lmis serve` over synthetic workers and one user
# per kind of caller, then test/api/openapi_check.py calls every documented operation, in
# success and error cases, and checks each status, header and body against the document.
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
add_user() { echo "$PASSWORD" | "$LMIS" --db "$DB" user add "$@" >/dev/null; }
add_user officer --role commune_officer --unit "$COMMUNE"
add_user province --role province_officer --unit 01
add_user minister --role ministry --unit national
add_user auditor --role admin --unit national
add_user worker1 --role worker --unit "$COMMUNE" --person "$PERSON"

start_server

set +e
python3 "$CHECK" --url "http://127.0.0.1:$PORT" --document "$DOCUMENT" --workers-csv w.csv \
  --commune "$COMMUNE" --person "$PERSON" --password "$PASSWORD"
checked=$?
stop_server
stopped=$?
set -e
[ "$stopped" -eq 0 ] || fail "lmis serve exited $stopped on SIGTERM: $(tail -n 20 serve.log)"
[ "$checked" -eq 0 ] || fail "the OpenAPI document and the server disagree (above)"
echo "openapi: ok"
