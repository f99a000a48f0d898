#!/bin/bash
# Runs the wrk matrix against each server configuration; appends one row per run to results.tsv
# and the raw wrk output to raw-wrk.log. Repetitions are interleaved (rep 1 of every config,
# then rep 2, ...) so that a change in background load hits all configs alike.
# Usage: ./bench.sh [reps] [config-name ...]     (default: 3 reps, all configs)
set -u
cd "$(dirname "$0")"
reps=${1:-3}; shift || true
DUR=${DUR:-10s}
declare -A CONFIGS=(
  [restinio]="bin/restinio_server --io-threads 2"
  [httplib]="bin/httplib_server --threads 2"
  [httplib-ka1000]="bin/httplib_server --threads 2 --keepalive-max 1000"
  [beast]="bin/beast_server --threads 2"
  [restinio-h16]="bin/restinio_server --io-threads 2 --handler-threads 16"
  [httplib-t256]="bin/httplib_server --threads 256 --keepalive-max 1000"
)
ORDER=(restinio httplib httplib-ka1000 beast restinio-h16 httplib-t256)
[ $# -gt 0 ] && ORDER=("$@")
# test = mode endpoint connections
TESTS=("sat ping 50" "sat slow 50" "sat ping 200" "sat slow 200" "rate5000 ping 50" "rate5000 slow 50")
if [ -n "${ONLY_PACED:-}" ]; then TESTS=("rate5000 ping 50" "rate5000 slow 50"); fi
RESULTS=${RESULTS:-results.tsv}
port=${BASE_PORT:-18200}
[ -f "$RESULTS" ] || printf 'config\tmode\tendpoint\tconns\trep\tload1\treq_s\tp50_ms\tp99_ms\tmax_ms\terrors\n' > "$RESULTS"
for rep in $(seq "$reps"); do
  for cfg in "${ORDER[@]}"; do
    port=$((port + 1))
    ${CONFIGS[$cfg]} --port $port 2>>server.log &
    spid=$!
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/api/ping" && break; sleep 0.1; done
    wrk -t2 -c50 -d2s "http://127.0.0.1:$port/api/ping" > /dev/null 2>&1   # warm-up
    for t in "${TESTS[@]}"; do
      set -- $t; mode=$1; ep=$2; conns=$3
      load1=$(cut -d' ' -f1 /proc/loadavg)
      extra=()
      if [ "$mode" = rate5000 ]; then extra=(-s pace.lua); fi
      out=$(RATE=5000 THREADS=2 wrk -t2 -c"$conns" -d"$DUR" --latency "${extra[@]}" "http://127.0.0.1:$port/api/$ep" 2>&1)
      { echo "=== $cfg $mode $ep c$conns rep$rep load1=$load1 $(date -Is)"; echo "$out"; } >> raw-wrk.log
      row=$(echo "$out" | python3 parse_wrk.py)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cfg" "$mode" "$ep" "$conns" "$rep" "$load1" "$row" >> "$RESULTS"
      echo "$cfg $mode $ep c$conns rep$rep load1=$load1 -> $row"
    done
    kill -TERM $spid; wait $spid
  done
done
