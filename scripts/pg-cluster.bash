# shellcheck shell=bash
# Throw-away PostgreSQL 15 clusters on 127.0.0.1 for tests and benchmarks.
#
# Usage (from a bash script running with `set -euo pipefail`):
#   source scripts/pg-cluster.bash
#   pg_cluster_start NAME [key=value | -c key=value ...]
#   psql "$PG_URL_NAME/postgres" ...      # PG_URL_NAME has no database part
#   pg_cluster_stop NAME                  # optional, see below
#
# pg_cluster_start sets PG_URL_<NAME>=postgresql://postgres@127.0.0.1:PORT and
# PG_DIR_<NAME>=DIR (temp dir: DIR/data, DIR/log, unix socket in DIR).
# NAME must be a valid shell identifier part ([A-Za-z0-9_]).
#
# Cleanup: the first pg_cluster_start REPLACES the shell's EXIT, INT, TERM and
# HUP traps: EXIT runs pg_cluster_stop_all, the signals `exit` (which fires
# EXIT). Previous traps are not chained; a caller that sets its own EXIT trap
# afterwards must call pg_cluster_stop_all from it. Do not start clusters in
# $(...): PG_URL_/PG_DIR_ would not reach the caller. A ( ... ) subshell that
# starts clusters gets its own traps and removes its clusters when it ends.
#
# PG_CLUSTER_REPLICA_OF=URL makes the new cluster a hot standby of the running
# cluster at URL (pg_basebackup -R, streaming) instead of a fresh initdb.
#
# Defaults are tuned for speed (fsync, synchronous_commit, full_page_writes
# off). With PG_CLUSTER_DURABLE=1 those three keep PostgreSQL's defaults.
# Extra settings are appended to postgresql.conf, so they override defaults.
# As root, initdb/postgres run as the `postgres` system user (they refuse root).

PG_CLUSTER_BINDIR=${PG_CLUSTER_BINDIR:-/usr/lib/postgresql/15/bin}
# Sourcing twice keeps the state of clusters already started.
declare -p _PG_CLUSTER_NAMES >/dev/null 2>&1 || _PG_CLUSTER_NAMES=()
# PID of the shell whose traps are installed (subshells get their own).
_PG_CLUSTER_TRAPPED=${_PG_CLUSTER_TRAPPED:-0}

# Runs a command as the cluster owner: `postgres` when we are root, else us.
_pg_cluster_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Prints a free TCP port on 127.0.0.1 (may be taken again before we bind it).
_pg_cluster_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_cluster_start() {
  local name=${1:?usage: pg_cluster_start NAME [key=value ...]}
  shift
  local bin=$PG_CLUSTER_BINDIR dirvar="PG_DIR_$name"
  if [[ ! $name =~ ^[A-Za-z0-9_]+$ ]]; then
    echo "pg-cluster: invalid cluster name '$name'" >&2; return 2
  fi
  if [[ -n ${!dirvar:-} ]]; then
    echo "pg-cluster: cluster '$name' is already running" >&2; return 1
  fi
  if [[ ! -x $bin/initdb || ! -x $bin/pg_ctl || ! -x $bin/postgres ]]; then
    echo "pg-cluster: PostgreSQL 15 server binaries not found in $bin;" \
      "run scripts/install-deps" >&2
    return 1
  fi

  # Register before doing anything, so an interrupt still removes the dir.
  # A subshell only cleans up what it started itself.
  if [[ $_PG_CLUSTER_TRAPPED != "$BASHPID" ]]; then
    _PG_CLUSTER_NAMES=()
    trap pg_cluster_stop_all EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    _PG_CLUSTER_TRAPPED=$BASHPID
  fi
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/lmis-pg-$name-XXXXXX") || return 1
  printf -v "$dirvar" '%s' "$dir"
  _PG_CLUSTER_NAMES+=("$name")
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir" || { pg_cluster_stop "$name"; return 1; }
  fi

  local create=("$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8
    --locale=C.UTF-8 --no-sync)
  [[ -z ${PG_CLUSTER_REPLICA_OF:-} ]] || create=("$bin/pg_basebackup"
    -d "$PG_CLUSTER_REPLICA_OF" -D "$dir/data" -R -X stream -c fast --no-sync)
  if ! _pg_cluster_as_owner "${create[@]}" >"$dir/initdb.log" 2>&1; then
    echo "pg-cluster: ${create[0]##*/} failed for '$name':" >&2
    tail -n 20 "$dir/initdb.log" >&2
    pg_cluster_stop "$name"
    return 1
  fi

  # Settings go into postgresql.conf (later lines win), which avoids quoting
  # problems of pg_ctl -o. The port is passed per attempt on the command line.
  local settings=(
    "listen_addresses=127.0.0.1" "unix_socket_directories=$dir"
    "max_connections=200" "shared_buffers=256MB"
  )
  [[ ${PG_CLUSTER_DURABLE:-0} == 1 ]] ||
    settings+=("fsync=off" "synchronous_commit=off" "full_page_writes=off")
  while (($#)); do
    case $1 in
      -c) settings+=("${2:?pg_cluster_start: -c needs key=value}"); shift ;;
      -c*) settings+=("${1#-c}") ;;
      *) settings+=("$1") ;;
    esac
    shift
  done
  local s v
  for s in "${settings[@]}"; do
    if [[ $s != ?*=* ]]; then
      echo "pg-cluster: bad setting '$s' (want key=value)" >&2
      pg_cluster_stop "$name"; return 2
    fi
    s=${s#--} v=${s#*=}
    printf "%s = '%s'\n" "${s%%=*}" "${v//\'/\'\'}"
  done >>"$dir/data/postgresql.conf"

  # The port may be grabbed by someone else between picking and binding it:
  # retry with a new port when the log says so. setsid puts the server in its
  # own session, so a terminal Ctrl-C does not kill it behind our back.
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(_pg_cluster_free_port) || { pg_cluster_stop "$name"; return 1; }
    rm -f "$dir/log"
    if _pg_cluster_as_owner setsid -w "$bin/pg_ctl" start -w -t 60 -D "$dir/data" \
        -l "$dir/log" -o "-p $port" >/dev/null 2>&1; then
      printf -v "PG_URL_$name" 'postgresql://postgres@127.0.0.1:%s' "$port"
      echo "pg-cluster: $name on 127.0.0.1:$port ($dir)" >&2
      return 0
    fi
    grep -q 'Address already in use' "$dir/log" 2>/dev/null || break
  done
  echo "pg-cluster: starting '$name' failed (attempt $attempt, port $port); server log:" >&2
  tail -n 20 "$dir/log" >&2 2>/dev/null || true
  pg_cluster_stop "$name"
  return 1
}

# Stops cluster NAME (immediate mode, errors ignored) and deletes its dir.
pg_cluster_stop() {
  local name=${1:?usage: pg_cluster_stop NAME} dirvar="PG_DIR_$1" n
  local dir=${!dirvar:-}
  if [[ -n $dir ]]; then
    if [[ -f $dir/data/postmaster.pid ]]; then
      _pg_cluster_as_owner "$PG_CLUSTER_BINDIR/pg_ctl" stop -m immediate -w \
        -D "$dir/data" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir" || true
  fi
  unset "PG_DIR_$name" "PG_URL_$name"
  local keep=()
  for n in "${_PG_CLUSTER_NAMES[@]}"; do [[ $n == "$name" ]] || keep+=("$n"); done
  _PG_CLUSTER_NAMES=("${keep[@]}")
}

# Stops every cluster started by this shell (installed as the EXIT trap).
pg_cluster_stop_all() {
  local n
  for n in "${_PG_CLUSTER_NAMES[@]}"; do pg_cluster_stop "$n" || true; done
}
