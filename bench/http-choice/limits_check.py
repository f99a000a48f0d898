#!/usr/bin/env python3
"""Probes how a running server treats oversized / slow requests. Usage: limits_check.py PORT
Prints one line per probe: what was sent and what came back (status line or how the socket ended)."""
import socket, sys, threading, time

PORT = int(sys.argv[1])

def exchange(payload_parts, pause=0.0, timeout=10.0):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    t0 = time.time()
    try:
        for p in payload_parts:
            s.sendall(p)
            if pause: time.sleep(pause)
    except OSError as e:
        return f"send failed ({e.__class__.__name__}) after {time.time()-t0:.2f}s"
    try:
        data = s.recv(200)
    except socket.timeout:
        return f"no answer within {timeout}s"
    except OSError as e:
        return f"recv error {e.__class__.__name__} after {time.time()-t0:.2f}s"
    finally:
        s.close()
    if not data:
        return f"connection closed without a response after {time.time()-t0:.2f}s"
    return data.split(b"\r\n")[0].decode(errors="replace") + f" after {time.time()-t0:.2f}s"

def probe(name, *a, **k):
    print(f"{name:48s} -> {exchange(*a, **k)}", flush=True)

big = 3 * 1024 * 1024
probe("POST 3 MiB body with Content-Length",
      [b"POST /api/ping HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % big, b"a" * big])
chunk = b"a" * 65536
probe("POST 3 MiB body, chunked",
      [b"POST /api/ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"] +
      [b"%x\r\n" % len(chunk) + chunk + b"\r\n"] * 48 + [b"0\r\n\r\n"])
probe("GET with one 20 KiB header value",
      [b"GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 20480 + b"\r\n\r\n"])
probe("GET with 5,000 small headers (~150 KiB)",
      [b"GET /api/ping HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(5000)) + b"\r\n"])
probe("GET with 20 KiB URL",
      [b"GET /api/ping?q=" + b"u" * 20480 + b" HTTP/1.1\r\nHost: x\r\n\r\n"])

# Slow client: sends the request one byte every 0.5 s (a 'slowloris'); is it cut off, and when?
req = b"GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"s" * 60 + b"\r\n\r\n"
probe("slow client: 1 byte / 0.5 s (~45 s request)", [bytes([c]) for c in req], pause=0.5, timeout=60)
