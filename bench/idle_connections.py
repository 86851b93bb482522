#!/usr/bin/env python3
"""Holds many idle keep-alive connections open on a proxy and measures what they cost.

Usage: idle_connections.py NAME PID PORT PATH TOTAL STEP

Opens TOTAL client connections to 127.0.0.1:PORT in steps of STEP. Every connection sends one
GET PATH and reads its response (so it is an idle keep-alive connection, not a half-open one),
then stays open and silent. After each step it prints one markdown row: connections held, the
proxy's VmRSS and VmHWM (PID and its child processes, e.g. nginx's worker), and the latency of
200 requests sent one after another on a separate keep-alive connection. Exits 1 if any
connection was refused, cut or answered with anything but 200.
"""
import http.client
import os
import socket
import statistics
import sys
import time

batch_size = 100
settle_seconds = 2  # before each row: longer than the gateway's one second to park


def process_tree(pid):
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            for child in children.read().split():
                pids.extend(process_tree(int(child)))
    except OSError:
        pass
    return pids


def memory_kib(pid, field):
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/status") as status:
                for line in status:
                    if line.startswith(field + ":"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed inside the response body")
        body += chunk
    return status


def probe_latency(port, path, count=200):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        samples.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise RuntimeError(f"probe got {response.status}")
    connection.close()
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main():
    name, pid, port, path, total, step = sys.argv[1:7]
    pid, port, total, step = int(pid), int(port), int(total), int(step)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    held = []
    print(f"\n{name}\n")
    print("| idle connections | VmRSS MiB | VmHWM MiB | probe p50 ms | probe p99 ms |")
    print("|---|---|---|---|---|")
    while True:
        # Idle means resting: the gateway parks a connection once it has waited a second for
        # its next request (docs/ARCHITECTURE.md, "Idle connections"); measure after that.
        time.sleep(settle_seconds)
        p50, p99 = probe_latency(port, path)
        rss = memory_kib(pid, "VmRSS") / 1024
        hwm = memory_kib(pid, "VmHWM") / 1024
        print(f"| {len(held)} | {rss:.1f} | {hwm:.1f} | {p50:.3f} | {p99:.3f} |", flush=True)
        if len(held) >= total:
            break
        # In batches: all connect and send, then all read, so that opening thousands of
        # connections does not take thousands of sequential round trips.
        remaining = min(step, total - len(held))
        while remaining > 0:
            batch = []
            for _ in range(min(batch_size, remaining)):
                sock = socket.create_connection(("127.0.0.1", port), timeout=30)
                sock.sendall(request)
                batch.append(sock)
            for sock in batch:
                status = read_response(sock)
                if status != 200:
                    raise RuntimeError(f"connection {len(held)} got {status}")
                held.append(sock)
            remaining -= len(batch)
    # Every held connection must still be open: a proxy that dropped some to save memory fails.
    time.sleep(1)
    for sock in held:
        sock.setblocking(False)
        try:
            if sock.recv(1) == b"":
                raise RuntimeError("a held connection was closed by the proxy")
        except BlockingIOError:
            pass
    print(f"\nall {len(held)} connections still open")


if __name__ == "__main__":
    try:
        main()
    except (OSError, RuntimeError) as error:
        print(f"idle_connections.py: {error}", file=sys.stderr)
        sys.exit(1)
