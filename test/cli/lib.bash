# Shared helpers for the command-line tests. Each test runs in its own temporary directory,
# removed at exit, with a fixed "today" so that date rules are reproducible.
set -euo pipefail
LMIS="$1"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export LMIS_TODAY=2026-01-15
export LMIS_LANG=en

fail() { echo "FAIL: $*" >&2; exit 1; }
# Runs a command and checks its exit code.
expect_exit() {
  local want=$1; shift
  set +e; "$@"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want"
}
sql() { sqlite3 "$DB" "$1"; }
