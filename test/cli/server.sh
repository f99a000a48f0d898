#!/usr/bin/env bash
# `lmis serve` as scripts use it: the contract of issue 4 (serve --listen HOST:PORT, user add
# with the password on stdin, POST /api/session, Bearer tokens, GET /api/workers/{cccd},
# 401/403), the audit log refusing edits at the database, TLS, static files, SIGTERM.
source "$(dirname "$0")/lib.bash" "$1"
PASSWORD='mật khẩu dài của cán bộ'

new_db server
expect_exit 1 "$LMIS" --db "$DB" serve --listen 127.0.0.1:0 2>err.txt
[ "$BACKEND" = postgres ] || grep -q "init" err.txt || fail "an uninitialised database must be named: $(cat err.txt)"
"$LMIS" --db "$DB" init >/dev/null 2>&1
"$LMIS" gen --people 200 --units 01 --seed 11 --out w.csv
expect_exit 0 "$LMIS" --db "$DB" import workers w.csv --rejects r.csv --quiet
CCCD=$(sed -n 2p w.csv | cut -d, -f1)
UNIT=$(sql "SELECT residence_unit FROM workers WHERE person_id = $((10#$CCCD))")
UNIT=${UNIT#2025:}
echo "$PASSWORD" | "$LMIS" --db "$DB" user add officer --role commune_officer --unit "$UNIT" 2>/dev/null
OTHER=$(sql "SELECT residence_unit FROM workers WHERE residence_unit <> '2025:$UNIT' LIMIT 1")
echo "$PASSWORD" | "$LMIS" --db "$DB" user add stranger --role commune_officer --unit "${OTHER#2025:}" 2>/dev/null

# The contract's own form: an explicit HOST:PORT.
FREE=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_server --listen "127.0.0.1:$FREE"
[ "$PORT" = "$FREE" ] || fail "listening on $PORT, asked for $FREE"
URL="http://127.0.0.1:$PORT"

login() {
  curl -sS -D headers.txt -X POST "$URL/api/session" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"$PASSWORD\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
TOKEN=$(login officer)
[ -n "$TOKEN" ] || fail "no token"
grep -qi '^set-cookie: lmis_session=.*HttpOnly.*Secure.*SameSite=Strict' headers.txt ||
  fail "no strict session cookie: $(cat headers.txt)"

status() { curl -s -o body.json -w '%{http_code}' "$@"; }
[ "$(status -H "Authorization: Bearer $TOKEN" "$URL/api/workers/$CCCD")" = 200 ] ||
  fail "GET by CCCD: $(cat body.json)"
python3 -c "import json,sys; r=json.load(open('body.json')); sys.exit(r['cccd'] != '$CCCD' or not r['full_name'])" ||
  fail "the record is not the person's: $(cat body.json)"
[ "$(status "$URL/api/workers/$CCCD")" = 401 ] || fail "no token must be 401"
[ "$(status -H "Authorization: Bearer nonsense" "$URL/api/workers/$CCCD")" = 401 ] ||
  fail "a bad token must be 401"
[ "$(status -H "Authorization: Bearer $(login stranger)" "$URL/api/workers/$CCCD")" = 403 ] ||
  fail "another commune's officer must get 403"

# The read and the denial are in the audit log, which the database refuses to edit.
[ "$(sql "SELECT count(*) FROM audit_log WHERE username = 'officer' AND action = 'read' AND outcome = 'allow'")" = 1 ] ||
  fail "the read is not audited"
[ "$(sql "SELECT count(*) FROM audit_log WHERE username = 'stranger' AND outcome = 'deny_jurisdiction' AND address = '127.0.0.1'")" = 1 ] ||
  fail "the denial is not audited"
before=$(sql "SELECT count(*) FROM audit_log")
if sql "UPDATE audit_log SET outcome = 'allow' WHERE username = 'stranger'" >/dev/null 2>&1; then
  fail "audit_log accepted an UPDATE"
fi
if sql "DELETE FROM audit_log" >/dev/null 2>&1; then fail "audit_log accepted a DELETE"; fi
[ "$(sql "SELECT count(*) FROM audit_log")" = "$before" ] || fail "audit entries changed"

# Disabling a user ends their sessions (the server re-checks a session within seconds).
"$LMIS" --db "$DB" user disable officer 2>/dev/null
[ "$(sql "SELECT count(*) FROM sessions WHERE username = 'officer' AND revoked_at IS NULL")" = 0 ] ||
  fail "disable left live sessions"

stop_server || fail "SIGTERM must stop the server cleanly: $(tail -n 5 serve.log)"
grep -q "Stopped" serve.log || fail "no clean stop: $(cat serve.log)"

# HTTPS with a certificate, and the web UI's files from a directory.
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
  -subj "/CN=127.0.0.1" >/dev/null 2>&1 || fail "openssl cannot make a test certificate"
mkdir -p web/assets
echo '<!doctype html><title>lmis</title>' > web/index.html
echo 'console.log(1)' > web/assets/app.js
start_server --listen 127.0.0.1:0 --tls-cert cert.pem --tls-key key.pem --static web
URL="https://127.0.0.1:$PORT"
[ "$(status -k "$URL/api/health")" = 200 ] || fail "HTTPS health"
curl -sk -D h.txt -o /dev/null "$URL/api/health"
grep -qi '^strict-transport-security:' h.txt || fail "no HSTS over TLS"
[ "$(status "http://127.0.0.1:$PORT/api/health")" != 200 ] || fail "plain HTTP on the TLS port"
[ "$(status -k "$URL/")" = 200 ] && grep -q '<title>lmis' body.json || fail "index.html"
[ "$(status -k "$URL/workers/001")" = 200 ] && grep -q '<title>lmis' body.json ||
  fail "the single-page app's routes fall back to index.html"
curl -sk -D h.txt -o /dev/null "$URL/assets/app.js"
grep -qi '^content-type: .*javascript' h.txt || fail "JavaScript MIME type: $(cat h.txt)"
[ "$(status -k "$URL/assets/missing.js")" = 404 ] || fail "a missing file is 404"
[ "$(status -k --path-as-is "$URL/../../etc/passwd")" != 200 ] || fail "path traversal"
stop_server || fail "SIGTERM over TLS"
echo "server: ok"
