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
