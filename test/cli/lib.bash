# Shared helpers for the command-line tests. Each test runs in its own temporary directory,
# removed at exit, with a fixed "today" so that date rules are reproducible. The backend comes
# from LMIS_TEST_BACKEND (sqlite, the default, or postgres on the server at LMIS_TEST_PG).
set -euo pipefail
LMIS="$1"
BACKEND=${LMIS_TEST_BACKEND:-sqlite}
WORK=$(mktemp -d)
PG_DATABASES=()
cleanup() {
  for name in "${PG_DATABASES[@]}"; do
    psql -XAtq "$LMIS_TEST_PG/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
      >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
export LMIS_TODAY=2026-01-15
export LMIS_LANG=en

fail() { echo "FAIL [$BACKEND]: $*" >&2; exit 1; }
# Runs a command and checks its exit code.
expect_exit() {
  local want=$1; shift
  set +e; "$@"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want"
}
# Sets DB to a fresh, empty database called NAME on the test's backend.
new_db() {
  case "$BACKEND" in
    sqlite) DB=$WORK/$1.db ;;
    postgres)
      [ -n "${LMIS_TEST_PG:-}" ] || fail "LMIS_TEST_PG is not set: run through scripts/with-postgres"
      local name="lmis_cli_${1}_$$"
      psql -XAtq "$LMIS_TEST_PG/postgres" -c "CREATE DATABASE $name" >/dev/null
      PG_DATABASES+=("$name")
      DB=$LMIS_TEST_PG/$name ;;
    *) fail "unknown backend $BACKEND" ;;
  esac
}
# One query against $DB, values printed bare.
sql() {
  case "$BACKEND" in
    sqlite) sqlite3 "$DB" "$1" ;;
    postgres) psql -XAtq "$DB" -c "$1" ;;
  esac
}

# Starts `lmis --db $DB serve` with the given extra arguments (default: a free port on
# 127.0.0.1), logging to serve.log; sets SERVER_PID and PORT once it says where it listens.
# The server is stopped with SIGTERM at exit.
SERVER_PID=""
start_server() {
  local args=("$@")
  [ ${#args[@]} -gt 0 ] || args=(--listen 127.0.0.1:0)
  "$LMIS" --db "$DB" serve "${args[@]}" 2>serve.log &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 100); do
    PORT=$(sed -n 's|^lmis listening on https\{0,1\}://[^ ]*:\([0-9][0-9]*\) .*|\1|p' serve.log)
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || fail "lmis serve exited: $(cat serve.log)"
    sleep 0.1
  done
  fail "lmis serve did not say where it listens within 10 s: $(cat serve.log)"
}
# Stops the server with SIGTERM; returns its exit status.
stop_server() {
  local status=0
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || status=$?
  fi
  SERVER_PID=""
  return $status
}
trap 'stop_server || true; cleanup' EXIT
