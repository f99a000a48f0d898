#!/bin/bash
# Demonstrates graceful shutdown: a 1.5 s request is in flight when SIGTERM arrives; it must
# complete with 200, a new connection after the signal must be refused, and the server must exit 0.
# Usage: ./shutdown_demo.sh <server-binary> <port> [extra server args]
set -u
bin=$1; port=$2; shift 2
"$bin" --port "$port" "$@" 2>/tmp/shutdown_demo.$$.log &
pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/api/ping" && break; sleep 0.1; done
# an idle keep-alive connection too (curl with 2 URLs keeps the first connection open between them)
start=$(date +%s.%N)
curl -s -w ' -> HTTP %{http_code} after %{time_total}s\n' "http://127.0.0.1:$port/api/slow?ms=1500" > /tmp/shutdown_demo.$$.out &
cpid=$!
sleep 0.3
kill -TERM "$pid"
sleep 0.2
newconn=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/ping"; echo " rc=$?")
wait "$cpid"
wait "$pid"; rc=$?
end=$(date +%s.%N)
echo "in-flight request: $(cat /tmp/shutdown_demo.$$.out)"
echo "new request 0.2 s after SIGTERM: HTTP $newconn (000 rc=7 = connection refused)"
echo "server exit code: $rc; total $(echo "$end - $start" | bc) s"
sed 's/^/  server log: /' /tmp/shutdown_demo.$$.log
rm -f /tmp/shutdown_demo.$$.*
