#!/bin/bash
# Holds K connections open with slow clients (1 byte every 0.5 s, never finishing) and times an
# ordinary GET /api/ping meanwhile. Usage: starve_check.sh PORT K
port=$1; k=$2
pids=()
for i in $(seq "$k"); do
  python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
for c in b"GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"s" * 200:
    try: s.send(bytes([c]))
    except OSError: break
    time.sleep(0.5)
' "$port" & pids+=($!)
done
# wait until the K slow connections are established (python start-up can be slow under load)
for _ in $(seq 100); do
  n=$(ss -Htn state established "( dport = :$port )" | wc -l)
  [ "$n" -ge "$k" ] && break; sleep 0.2
done
echo "slow clients connected: $n"
curl -s -o /dev/null -m 30 -w "GET /api/ping while $k slow clients are connected: HTTP %{http_code} in %{time_total}s\n" "http://127.0.0.1:$port/api/ping"
kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null
