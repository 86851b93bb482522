#!/usr/bin/env python3
"""Measures the targets that bench/run.sh started and prints the comparison as markdown.

run.sh owns the processes (starts them, kills them on exit); this helper only observes them:

  compare.py free-ports N
      Prints N loopback TCP ports that are free right now (the OS picks them).
  compare.py wait PID URL [SECONDS]
      Waits until URL answers 200 while PID stays alive (at most SECONDS, default 20); exits 1
      otherwise.
  compare.py requests URL COUNT
      Sends COUNT GETs to URL on one keep-alive connection; exits 1 unless every one gets 200.
  compare.py run --backend 'STATUS_URL|PID' ... --target 'LABEL|BASE_URL|PID[|LOOP_FILE]' ...
                 [options]
      The first target is the backend reached directly (the baseline, PID unused); the others
      are proxies whose BASE_URL + "/" must reach a backend's "/". A target with a LOOP_FILE is
      a window (gateway-console with GATEWAY_CONSOLE_LOOP_LATENCY_FILE=LOOP_FILE): the lines its
      event-loop probe appends during each wrk run are that run's event-loop lateness (docs/
      BENCHMARKS.md, "The window rows"). Each --backend names a
      backend's nginx stub_status page, whose "accepts" counter tells how many upstream
      connections a proxy opened, and its master's PID, so that CPU used by processes outside
      the benchmark can be told apart. Prints markdown on stdout, progress on stderr; exits 1
      when the verdict is FAIL, 2 when a target misbehaves or a measurement cannot be taken.

Only the Python standard library is used, so a fresh Debian 12 needs nothing but python3.
"""

import argparse
import http.client
import json
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Optional

GATEWAY_LABEL = "gateway-console"
NGINX_LABEL = "nginx"

# The goals: at 50 connections at least nginx's throughput with a p99 no worse; at 1 connection
# no more added latency than nginx. Below FAIL_THROUGHPUT x nginx's throughput or above
# FAIL_P99 x its p99 the gateway fails outright.
FAIL_THROUGHPUT = 0.7
FAIL_P99 = 2.0
# The window's goals, against nginx with its buffered access log (a proxy that logs every
# request, as the window's live log does): at 50 connections at least WINDOW_THROUGHPUT x its
# throughput for at most WINDOW_CPU x its CPU per request (every thread of the process, the GUI
# thread included) with the event loop's p99 lateness under WINDOW_LOOP_P99_US; at 1 connection
# a p99 of at most WINDOW_P99 x its p99. Graded on WINDOW_LABEL, the window as it starts by
# default; the other window rows are shown beside it.
WINDOW_LABEL = "window: live log, captures"
WINDOW_THROUGHPUT = 0.9
WINDOW_CPU = 1.1
WINDOW_P99 = 2.0
WINDOW_LOOP_P99_US = 50_000
# How long a window's event loop may go without a probe fire after a wrk run before the run is
# refused: the fire that ends a stall carries the stall's length, so the cut waits for it.
LOOP_SAMPLE_TIMEOUT_SECONDS = 30
# Above this median share of the CPUs taken by other programs, the results are flagged as noisy.
BUSY_MACHINE_SHARE = 0.05

BACKEND_BODIES = {b"hello from bk-a\n", b"hello from bk-b\n"}
BIG_BODY_BYTES = 16384
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Target:
    label: str
    base_url: str
    pid: int  # 0 for the direct baseline: nothing of ours to observe
    loop_latency_file: str = ""  # a window's event-loop probe file; empty for the others

    @property
    def is_proxy(self):
        return self.pid != 0


@dataclass
class Backend:
    status_url: str  # nginx stub_status page
    pid: int  # nginx master


@dataclass
class Scenario:
    title: str
    connections: int
    path: str  # appended to a target's base URL


@dataclass
class Run:
    requests: int
    requests_per_second: float
    p50_us: float
    p99_us: float
    socket_errors: dict
    non_2xx: int
    cpu_seconds: float
    upstream_accepts: int
    foreign_cpu_share: float  # of the whole machine, used by processes outside the benchmark
    loop_latency_us: list = field(default_factory=list)  # a window's probe samples in this run
    # 1 connection: gateway-one-connection's run after wrk's (run_one_connection), or None
    exact: Optional[dict] = None


@dataclass
class Result:
    runs: list = field(default_factory=list)
    peak_rss_kib: int = 0

    def median(self, attribute):
        return statistics.median(getattr(run, attribute) for run in self.runs)

    def total(self, attribute):
        return sum(getattr(run, attribute) for run in self.runs)


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_ports(count):
    # Holding all sockets open until every port is known keeps the OS from handing out one port
    # twice. Another program may still take a port before the benchmark binds it; run.sh then
    # fails at startup and says which process did not come up.
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def http_get(url, timeout=2.0):
    """One GET on a fresh connection; returns (status, body)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def send_requests(url, count):
    """COUNT GETs on one keep-alive connection; True when every one got 200."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        for index in range(count):
            connection.request("GET", parts.path or "/")
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                log(f"request {index + 1} of {count} to {url} got {response.status}")
                return False
        return True
    finally:
        connection.close()


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A child that exited but was not reaped yet still answers kill(0); its state says Z.
    return proc_stat_fields(pid)[0] != "Z"


def wait_until_ready(pid, url, timeout_seconds=20.0):
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if not process_alive(pid):
            log(f"process {pid} exited before {url} answered")
            return False
        try:
            status, _ = http_get(url, timeout=1.0)
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    log(f"{url} did not answer 200 within {timeout_seconds:.0f} s")
    return False


def proc_stat_fields(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    # The command name may contain spaces and parentheses: split after the last ')'.
    return text[text.rindex(")") + 2 :].split()


def process_tree(pid):
    """pid and its direct children (nginx's master and workers; others have none)."""
    tree = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(proc_stat_fields(int(entry))[1]) == pid:
                    tree.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass  # the process exited while we looked
    return tree


def cpu_seconds(pids):
    # Fields 14 and 15 of /proc/PID/stat (utime, stime) count every thread of the process.
    total = 0
    for pid in pids:
        fields = proc_stat_fields(pid)
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def status_value_kib(pid, key):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def reset_peak_rss(pids):
    """Restarts VmHWM so each scenario reports its own peak; False where the kernel refuses."""
    try:
        for pid in pids:
            with open(f"/proc/{pid}/clear_refs", "w") as clear_refs:
                clear_refs.write("5")
        return True
    except OSError:
        return False


def stub_status_accepts(url):
    # "Active connections: 1\nserver accepts handled requests\n 12 12 40\n..."
    status, body = http_get(url)
    if status != 200:
        raise RuntimeError(f"{url} answered {status}")
    return int(body.decode().splitlines()[2].split()[0])


def backend_accepts(backends):
    return sum(stub_status_accepts(backend.status_url) for backend in backends)


def machine_busy_seconds():
    # First line of /proc/stat: user nice system idle iowait irq softirq steal ..., in ticks.
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / CLOCK_TICKS


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


LATENCY_UNITS_US = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0}


def parse_wrk(output):
    def find(pattern, default=None):
        match = re.search(pattern, output, re.MULTILINE)
        if match is None and default is None:
            raise RuntimeError(f"wrk output lacks /{pattern}/:\n{output}")
        return match or default

    latencies = {}
    pattern = r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$"
    for match in re.finditer(pattern, output, re.MULTILINE):
        latencies[match.group(1)] = float(match.group(2)) * LATENCY_UNITS_US[match.group(3)]
    if set(latencies) != {"50", "99"}:
        raise RuntimeError(f"wrk output lacks the latency distribution:\n{output}")
    errors = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", False)
    socket_errors = {}
    if errors:
        for name, value in zip(("connect", "read", "write", "timeout"), errors.groups()):
            if int(value):
                socket_errors[name] = int(value)
    non_2xx = find(r"Non-2xx or 3xx responses: (\d+)", False)
    return {
        "requests": int(find(r"^\s*(\d+) requests in").group(1)),
        "requests_per_second": float(find(r"^Requests/sec:\s+([\d.]+)").group(1)),
        "p50_us": latencies["50"],
        "p99_us": latencies["99"],
        "socket_errors": socket_errors,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def duration_seconds(duration):
    match = re.fullmatch(r"(\d+)([smh]?)", duration)
    if not match:
        raise SystemExit(f"compare.py: bad duration '{duration}' (expected e.g. 10s, 1m)")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def run_wrk(url, connections, duration):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}", "--latency", url]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=duration_seconds(duration) + 60,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stdout}{completed.stderr}")
    return completed.stdout


def run_one_connection(client, url, duration):
    """Every request of one connection timed as it came, with no correction: wrk's
    1-connection p99 is corrected for coordinated omission (bench/one-connection/main.cpp)."""
    command = [client, url, str(duration_seconds(duration))]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=duration_seconds(duration) + 60
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stdout}{completed.stderr}")
    try:
        return json.loads(completed.stdout)
    except ValueError as error:
        raise RuntimeError(f"{' '.join(command)} printed no JSON ({error}):\n{completed.stdout}")


def file_size(path):
    return os.path.getsize(path)


def loop_samples_since(path, offset):
    """The lateness samples a window's probe appended to PATH after OFFSET, in microseconds.

    Waits for at least one more sample first: when the loop is stalled as wrk ends, the fire
    that ends the stall reports its length, and it belongs to this run."""
    size = file_size(path)
    deadline = time.monotonic() + LOOP_SAMPLE_TIMEOUT_SECONDS
    while file_size(path) == size:
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"{path}: the window's event loop ran no timer for "
                f"{LOOP_SAMPLE_TIMEOUT_SECONDS} s after the run"
            )
        time.sleep(0.01)
    with open(path, "rb") as samples:
        samples.seek(offset)
        text = samples.read()
    # Every line is written whole and flushed; a line still being written is left out.
    return [int(line) for line in text[: text.rfind(b"\n") + 1].split()]


def percentile(samples, percent):
    """Nearest rank, as gateway-ui-latency's summary (bench/ui-latency/latencystats.cpp)."""
    ordered = sorted(samples)
    rank = -(-len(ordered) * percent // 100)  # ceil without floats
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def measure(target, scenario, duration, backends, all_servers, one_connection_client):
    pids = process_tree(target.pid) if target.is_proxy else []
    # Everything the benchmark runs (backends, proxies, wrk), to tell how much of the machine
    # other programs took during the run.
    server_pids = [pid for server in all_servers for pid in process_tree(server)]
    cpu_before = cpu_seconds(pids)
    own_before = cpu_seconds(server_pids) + children_cpu_seconds()
    busy_before = machine_busy_seconds()
    started = time.monotonic()
    accepts_before = backend_accepts(backends)
    loop_offset = file_size(target.loop_latency_file) if target.loop_latency_file else 0
    output = run_wrk(target.base_url + scenario.path, scenario.connections, duration)
    cpu_after = cpu_seconds(pids)
    foreign = (machine_busy_seconds() - busy_before) - (
        cpu_seconds(server_pids) + children_cpu_seconds() - own_before
    )
    capacity = (time.monotonic() - started) * os.cpu_count()
    # Each stub_status read is itself one accepted connection: the "after" read counts once per
    # backend inside the window, so take those back out.
    accepts = backend_accepts(backends) - accepts_before - len(backends)
    loop_latency = (
        loop_samples_since(target.loop_latency_file, loop_offset)
        if target.loop_latency_file
        else []
    )
    exact = None
    if scenario.connections == 1 and one_connection_client:
        exact = run_one_connection(
            one_connection_client, target.base_url + scenario.path, duration
        )
    return Run(
        exact=exact,
        cpu_seconds=cpu_after - cpu_before,
        upstream_accepts=accepts,
        foreign_cpu_share=max(foreign, 0.0) / capacity,
        loop_latency_us=loop_latency,
        **parse_wrk(output),
    )


def check_target(target, scenarios):
    """Refuses to measure a target that answers the wrong thing: a fast error is not a result."""
    if not target.is_proxy:
        expected = {b"hello from bk-a\n"}
        requests = 1
    else:
        # Four requests on fresh connections must reach both backends (round robin) and, with
        # the prefix stripped, hit the backends' "/" rather than their 404.
        expected = BACKEND_BODIES
        requests = 4
    bodies = set()
    for _ in range(requests):
        status, body = http_get(target.base_url + "/")
        if status != 200:
            raise RuntimeError(f"{target.label}: {target.base_url}/ answered {status}")
        bodies.add(body)
    if bodies != expected:
        raise RuntimeError(f"{target.label}: expected bodies {expected}, got {bodies}")
    for scenario in scenarios:
        if scenario.path != "/":
            status, body = http_get(target.base_url + scenario.path)
            if status != 200 or len(body) != BIG_BODY_BYTES:
                raise RuntimeError(
                    f"{target.label}: {scenario.path} answered {status} with {len(body)} bytes"
                )


def run_benchmark(targets, scenarios, rounds, duration, backends, one_connection_client):
    all_servers = [backend.pid for backend in backends] + [
        target.pid for target in targets if target.is_proxy
    ]
    results = {}
    peak_rss_reset = True
    for scenario in scenarios:
        log(f"== {scenario.title}")
        for target in targets:
            if target.is_proxy:
                peak_rss_reset = reset_peak_rss(process_tree(target.pid)) and peak_rss_reset
            # An unmeasured second per target fills connection pools and caches first.
            run_wrk(target.base_url + scenario.path, scenario.connections, "1s")
        for round_index in range(rounds):
            # Rotating the order each round keeps any drift (thermal, other load on the
            # machine) from always favouring the same target.
            shift = round_index % len(targets)
            for target in targets[shift:] + targets[:shift]:
                run = measure(
                    target, scenario, duration, backends, all_servers, one_connection_client
                )
                results.setdefault((scenario.title, target.label), Result()).runs.append(run)
                log(
                    f"round {round_index + 1}/{rounds} {target.label:16} "
                    f"{run.requests_per_second:10.0f} req/s  p99 {format_latency(run.p99_us)}  "
                    f"other load {run.foreign_cpu_share:.0%}"
                )
        for target in targets:
            if target.is_proxy:
                results[(scenario.title, target.label)].peak_rss_kib = sum(
                    status_value_kib(pid, "VmHWM") for pid in process_tree(target.pid)
                )
    return results, peak_rss_reset


def format_latency(microseconds):
    if microseconds < 1000:
        return f"{microseconds:.0f} µs"
    return f"{microseconds / 1000:.2f} ms"


def format_errors(result):
    parts = []
    non_2xx = result.total("non_2xx")
    if non_2xx:
        parts.append(f"{non_2xx} non-2xx")
    socket_errors = {}
    for run in result.runs:
        for name, value in run.socket_errors.items():
            socket_errors[name] = socket_errors.get(name, 0) + value
    parts.extend(f"{value} {name}" for name, value in sorted(socket_errors.items()))
    return ", ".join(parts) if parts else "0"


def has_errors(result):
    return format_errors(result) != "0"


def cpu_per_request_us(result):
    """Median over the rounds of the proxy's CPU time (every thread) per completed request."""
    return statistics.median(run.cpu_seconds * 1e6 / run.requests for run in result.runs)


def loop_latency_us(result):
    """A window's event-loop lateness: medians over the rounds of each run's p50 and p99, and
    the largest sample of all runs."""
    runs = [run.loop_latency_us for run in result.runs]
    return (
        statistics.median(percentile(samples, 50) for samples in runs),
        statistics.median(percentile(samples, 99) for samples in runs),
        max(max(samples) for samples in runs),
    )


def mean_request_us(result):
    # With one connection wrk sends the next request when the previous answer arrives, so the
    # mean time per request is exactly the inverse of the throughput.
    return 1_000_000 / result.median("requests_per_second")


def print_scenario_table(scenario, targets, results, rounds):
    direct = results[(scenario.title, targets[0].label)]
    direct_rps = direct.median("requests_per_second")
    single = scenario.connections == 1
    header = ["target", "req/s", "ratio to direct", "p50", "p99"]
    if single:
        header.append("added per request vs direct")
    header += [
        "proxy CPU per request",
        "upstream conns opened per 1000 req",
        "peak RSS",
        "errors",
    ]
    print(f"### {scenario.title}")
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for target in targets:
        result = results[(scenario.title, target.label)]
        rps = result.median("requests_per_second")
        row = [
            target.label,
            f"{rps:,.0f}",
            f"{rps / direct_rps:.2f}",
            format_latency(result.median("p50_us")),
            format_latency(result.median("p99_us")),
        ]
        if single:
            added = mean_request_us(result) - mean_request_us(direct)
            row.append("–" if not target.is_proxy else f"{added:.1f} µs")
        if target.is_proxy:
            opened_per_1000 = 1000 * result.total("upstream_accepts") / result.total("requests")
            row += [
                f"{cpu_per_request_us(result):.1f} µs",
                f"{opened_per_1000:.2f}",
                f"{result.peak_rss_kib / 1024:.1f} MiB",
            ]
        else:
            row += ["–", "–", "–"]
        row.append(format_errors(result))
        print("| " + " | ".join(row) + " |")
    print()
    rounds_header = " | ".join(f"round {index + 1}" for index in range(rounds))
    print(
        "<details><summary>req/s per round (in brackets: the share of the CPUs that programs "
        "outside the benchmark used during that run)</summary>\n"
    )
    print(f"| target | {rounds_header} |")
    print("|---|" + "---|" * rounds)
    for target in targets:
        values = [
            f"{run.requests_per_second:,.0f} ({run.foreign_cpu_share:.0%})"
            for run in results[(scenario.title, target.label)].runs
        ]
        print(f"| {target.label} | " + " | ".join(values) + " |")
    print("\n</details>\n")


def grade(meets_goal, fails):
    if fails:
        return "FAIL"
    return "PASS" if meets_goal else "BELOW GOAL"


def verdict(results, scenarios):
    """Returns the markdown rows of the verdict: the headless gateway's, then the window's."""
    by_connections = {
        scenario.connections: scenario for scenario in scenarios if scenario.path == "/"
    }
    rows = []

    def pair(scenario):
        return results[(scenario.title, GATEWAY_LABEL)], results[(scenario.title, NGINX_LABEL)]

    for connections in (50, 1):
        scenario = by_connections[connections]
        gateway, nginx = pair(scenario)
        gateway_rps = gateway.median("requests_per_second")
        nginx_rps = nginx.median("requests_per_second")
        ratio = gateway_rps / nginx_rps
        gateway_p99 = gateway.median("p99_us")
        nginx_p99 = nginx.median("p99_us")
        p99_ratio = gateway_p99 / nginx_p99
        throughput_fails = ratio < FAIL_THROUGHPUT
        p99_fails = p99_ratio > FAIL_P99
        label = f"{connections} connection{'s' if connections != 1 else ''}"
        if connections == 50:
            rows.append((
                f"{label}: throughput",
                f"{gateway_rps:,.0f} req/s ({ratio:.2f}× nginx)",
                f"{nginx_rps:,.0f} req/s",
                f"≥ nginx; FAIL below {FAIL_THROUGHPUT}×",
                grade(ratio >= 1.0, throughput_fails),
            ))
            rows.append((
                f"{label}: p99",
                f"{format_latency(gateway_p99)} ({p99_ratio:.2f}× nginx)",
                format_latency(nginx_p99),
                f"≤ nginx; FAIL above {FAIL_P99:g}×",
                grade(p99_ratio <= 1.0, p99_fails),
            ))
        else:
            direct = results[(scenario.title, "backend direct")]
            gateway_added = mean_request_us(gateway) - mean_request_us(direct)
            nginx_added = mean_request_us(nginx) - mean_request_us(direct)
            rows.append((
                f"{label}: added latency over direct (mean per request)",
                f"{gateway_added:.1f} µs",
                f"{nginx_added:.1f} µs",
                "≤ nginx",
                grade(gateway_added <= nginx_added, False),
            ))
            rows.append((
                f"{label}: throughput",
                f"{gateway_rps:,.0f} req/s ({ratio:.2f}× nginx)",
                f"{nginx_rps:,.0f} req/s",
                f"FAIL below {FAIL_THROUGHPUT}× nginx",
                "FAIL" if throughput_fails else "PASS",
            ))
            rows.append((
                f"{label}: p99",
                f"{format_latency(gateway_p99)} ({p99_ratio:.2f}× nginx)",
                format_latency(nginx_p99),
                f"FAIL above {FAIL_P99:g}× nginx",
                "FAIL" if p99_fails else "PASS",
            ))
        if has_errors(gateway):
            rows.append((
                f"{label}: errors reported by wrk",
                format_errors(gateway),
                format_errors(nginx),
                "none",
                "FAIL",
            ))
    return rows + window_verdict(results, by_connections)


def window_verdict(results, by_connections):
    """The window's goal rows (WINDOW_LABEL against nginx + access log); none without a window."""
    busy, single = by_connections[50], by_connections[1]
    if (busy.title, WINDOW_LABEL) not in results:
        return []
    rows = []
    window = results[(busy.title, WINDOW_LABEL)]
    nginx = results[(busy.title, NGINX_LOGGING_LABEL)]
    window_rps = window.median("requests_per_second")
    nginx_rps = nginx.median("requests_per_second")
    ratio = window_rps / nginx_rps
    rows.append((
        "window, 50 connections: throughput vs nginx + access log",
        f"{window_rps:,.0f} req/s ({ratio:.2f}×)",
        f"{nginx_rps:,.0f} req/s",
        f"≥ {WINDOW_THROUGHPUT:g}×",
        grade(ratio >= WINDOW_THROUGHPUT, False),
    ))
    window_cpu = cpu_per_request_us(window)
    nginx_cpu = cpu_per_request_us(nginx)
    rows.append((
        "window, 50 connections: CPU per request (all threads) vs nginx + access log",
        f"{window_cpu:.1f} µs ({window_cpu / nginx_cpu:.2f}×)",
        f"{nginx_cpu:.1f} µs",
        f"≤ {WINDOW_CPU:g}×",
        grade(window_cpu <= WINDOW_CPU * nginx_cpu, False),
    ))
    _, loop_p99, loop_max = loop_latency_us(window)
    rows.append((
        "window, 50 connections: event-loop lateness p99",
        f"{format_latency(loop_p99)} (max {format_latency(loop_max)})",
        "–",
        f"< {WINDOW_LOOP_P99_US / 1000:g} ms",
        grade(loop_p99 < WINDOW_LOOP_P99_US, False),
    ))
    window_single = results[(single.title, WINDOW_LABEL)]
    nginx_single = results[(single.title, NGINX_LOGGING_LABEL)]
    window_p99 = window_single.median("p99_us")
    nginx_p99 = nginx_single.median("p99_us")
    rows.append((
        "window, 1 connection: p99 vs nginx + access log",
        f"{format_latency(window_p99)} ({window_p99 / nginx_p99:.2f}×)",
        format_latency(nginx_p99),
        f"≤ {WINDOW_P99:g}×",
        grade(window_p99 <= WINDOW_P99 * nginx_p99, False),
    ))
    for scenario in (busy, single):
        result = results[(scenario.title, WINDOW_LABEL)]
        if has_errors(result):
            rows.append((
                f"window, {scenario.title}: errors reported by wrk",
                format_errors(result),
                format_errors(results[(scenario.title, NGINX_LOGGING_LABEL)]),
                "none",
                "FAIL",
            ))
    return rows


# Proxies run twice by run.sh, with the access log off and on: each logging row beside the same
# proxy's log-off row (what its log costs) and beside nginx with its log (the goal: keep up).
LOGGING_ROWS = {
    "gateway + text log": GATEWAY_LABEL,
    "gateway + JSON log": GATEWAY_LABEL,
    "nginx + access log": NGINX_LABEL,
    "haproxy + log": "haproxy",
    # The window logs every request into its live log: beside the headless gateway, what the
    # window costs.
    WINDOW_LABEL: GATEWAY_LABEL,
    "window: live log, capture off": GATEWAY_LABEL,
}
NGINX_LOGGING_LABEL = "nginx + access log"


def print_window_table(targets, scenarios, results):
    """Each window row against nginx + access log, with its event loop's lateness."""
    windows = [target for target in targets if target.loop_latency_file]
    if not windows:
        return
    print("## The window")
    print()
    print(
        "gateway-console with its window (offscreen, the live log showing every request), "
        f"beside {NGINX_LOGGING_LABEL}; the event loop's lateness is that of a 5 ms timer on "
        "the GUI thread during the wrk runs (p50 and p99: medians over the rounds; max: of "
        "all rounds)."
    )
    print()
    print(
        "| scenario | target | req/s vs nginx + access log | p99 vs nginx + access log | "
        "CPU per request vs nginx + access log | event loop p50 / p99 / max | probe fires |"
    )
    print("|---|---|---|---|---|---|---|")
    for scenario in scenarios:
        nginx = results[(scenario.title, NGINX_LOGGING_LABEL)]
        for target in windows:
            window = results[(scenario.title, target.label)]
            p50, p99, largest = loop_latency_us(window)
            fires = sum(len(run.loop_latency_us) for run in window.runs)
            throughput = window.median("requests_per_second") / nginx.median("requests_per_second")
            print(
                f"| {scenario.title} | {target.label} | {throughput:.2f}× | "
                f"{window.median('p99_us') / nginx.median('p99_us'):.2f}× | "
                f"{cpu_per_request_us(window) / cpu_per_request_us(nginx):.2f}× | "
                f"{format_latency(p50)} / {format_latency(p99)} / {format_latency(largest)} | "
                f"{fires:,} |"
            )
    print()


def print_exact_table(targets, scenarios, results):
    """The 1-connection runs of gateway-one-connection beside wrk's: what wrk's p99 is made of."""
    single = [scenario for scenario in scenarios if scenario.connections == 1]
    if not single or results[(single[0].title, targets[0].label)].runs[0].exact is None:
        return
    scenario = single[0]
    print("### 1 connection, every request as it came")
    print()
    print(
        "gateway-one-connection after each wrk run, for as long: each request timed from its "
        "write to its response's last byte, with no correction. wrk's p99 above adds, for each "
        "request slower than twice the mean, the requests a steady sender would have sent "
        "meanwhile (coordinated omission), so it weighs the rare stalls by their length; the "
        "same correction over these samples is the \"wrk-style p99\" column. Medians over the "
        "rounds."
    )
    print()
    columns = ["p50_us", "p90_us", "p99_us", "p999_us", "max_us", "wrk_corrected_p99_us"]
    print(
        "| target | p50 | p90 | p99 | p99.9 | max | wrk-style p99 of these | wrk's p99 | "
        "p99 vs nginx + access log |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    reference = results.get((scenario.title, NGINX_LOGGING_LABEL))
    reference_p99 = (
        statistics.median(run.exact["p99_us"] for run in reference.runs) if reference else None
    )
    for target in targets:
        result = results[(scenario.title, target.label)]
        medians = {
            column: statistics.median(run.exact[column] for run in result.runs)
            for column in columns
        }
        ratio = f"{medians['p99_us'] / reference_p99:.2f}×" if reference_p99 else "–"
        cells = [format_latency(medians[column]) for column in columns]
        print(
            f"| {target.label} | "
            + " | ".join(cells)
            + f" | {format_latency(result.median('p99_us'))} | {ratio} |"
        )
    print()


def print_logging_table(targets, scenarios, results):
    labels = {target.label for target in targets}
    rows = [
        (logging, plain)
        for logging, plain in LOGGING_ROWS.items()
        if logging in labels and plain in labels
    ]
    if not rows:
        return
    print("## With the access log on")
    print()
    print(
        "req/s of each logging row as a share of the same proxy with its log off, and as a "
        f"ratio to {NGINX_LOGGING_LABEL}; proxy CPU per request added by the log."
    )
    print()
    print("| scenario | target | vs its log off | vs nginx + access log | CPU added per request |")
    print("|---|---|---|---|---|")
    for scenario in scenarios:
        nginx_logging = results.get((scenario.title, NGINX_LOGGING_LABEL))
        for logging, plain in rows:
            on = results[(scenario.title, logging)]
            off = results[(scenario.title, plain)]
            rps = on.median("requests_per_second")
            cpu_on = cpu_per_request_us(on)
            cpu_off = cpu_per_request_us(off)
            versus_nginx = (
                f"{rps / nginx_logging.median('requests_per_second'):.2f}×"
                if nginx_logging
                else "–"
            )
            print(
                f"| {scenario.title} | {logging} | "
                f"{rps / off.median('requests_per_second'):.0%} | {versus_nginx} | "
                f"{cpu_on - cpu_off:+.1f} µs |"
            )
    print()


def print_verdict(results, scenarios):
    rows = verdict(results, scenarios)
    grades = [row[-1] for row in rows]
    if "FAIL" in grades:
        overall = "FAIL"
    elif "BELOW GOAL" in grades:
        overall = "BELOW GOAL"
    else:
        overall = "PASS"
    print("## Verdict")
    print()
    print("| check | gateway-console | nginx | goal | result |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    busy = median_foreign_share(results)
    caveat = (
        f" (programs outside the benchmark used {busy:.0%} of the CPUs: confirm on a quiet machine)"
        if busy > BUSY_MACHINE_SHARE
        else ""
    )
    print(f"**Overall: {overall}**{caveat}")
    print()
    return overall


def median_foreign_share(results):
    return statistics.median(
        run.foreign_cpu_share for result in results.values() for run in result.runs
    )


def print_notes(targets, scenarios, results, peak_rss_reset):
    notes = []
    for scenario in scenarios:
        for target in targets[1:]:
            result = results[(scenario.title, target.label)]
            opened = 1000 * result.total("upstream_accepts") / result.total("requests")
            if opened > 1.0:
                notes.append(
                    f"{target.label} opened {opened:.1f} upstream connections per 1000 requests "
                    f"at {scenario.title} (goal for ours: near 0)."
                )
        for target in targets:
            if has_errors(results[(scenario.title, target.label)]):
                notes.append(
                    f"wrk reported errors for {target.label} at {scenario.title}: "
                    f"{format_errors(results[(scenario.title, target.label)])}."
                )
    shares = [run.foreign_cpu_share for result in results.values() for run in result.runs]
    median_share = median_foreign_share(results)
    notes.append(
        f"Processes outside the benchmark used a median {median_share:.0%} (at most "
        f"{max(shares):.0%}) of the machine's {os.cpu_count()} CPUs during the measured runs"
        + (
            ": the machine was busy, so compare ratios within this run only."
            if median_share > BUSY_MACHINE_SHARE
            else "."
        )
    )
    if not peak_rss_reset:
        notes.append(
            "The kernel refused to reset VmHWM (/proc/PID/clear_refs): peak RSS is the peak "
            "since the process started, not per scenario."
        )
    if notes:
        print("## Notes")
        print()
        for note in notes:
            print(f"- {note}")
        print()


def parse_backend(text):
    status_url, pid = text.split("|")
    return Backend(status_url, int(pid))


def parse_target(text):
    label, base_url, pid, *loop_latency_file = text.split("|")
    if len(loop_latency_file) > 1:
        raise argparse.ArgumentTypeError(f"expected LABEL|BASE_URL|PID[|LOOP_FILE]: {text}")
    return Target(label, base_url.rstrip("/"), int(pid or 0), "".join(loop_latency_file))


def command_run(arguments):
    parser = argparse.ArgumentParser(prog="compare.py run")
    parser.add_argument("--backend", action="append", required=True, type=parse_backend)
    parser.add_argument("--target", action="append", required=True, type=parse_target)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--extra", action="store_true", help="add 256 connections and 16 KiB bodies"
    )
    parser.add_argument(
        "--one-connection-client",
        default="",
        help="gateway-one-connection: also time every request of the 1-connection runs",
    )
    options = parser.parse_args(arguments)
    duration_seconds(options.duration)
    labels = [target.label for target in options.target]
    if options.rounds < 1 or GATEWAY_LABEL not in labels or NGINX_LABEL not in labels:
        parser.error(f"needs --rounds >= 1 and targets named {GATEWAY_LABEL} and {NGINX_LABEL}")
    if any(target.loop_latency_file for target in options.target) and (
        NGINX_LOGGING_LABEL not in labels
    ):
        parser.error(f"a window target (with a LOOP_FILE) is compared with {NGINX_LOGGING_LABEL}")

    scenarios = [
        Scenario("50 connections, 16-byte body", 50, "/"),
        Scenario("1 connection, 16-byte body", 1, "/"),
    ]
    if options.extra:
        scenarios += [
            Scenario("256 connections, 16-byte body", 256, "/"),
            Scenario("50 connections, 16 KiB body", 50, "/big16k"),
        ]
    for target in options.target:
        check_target(target, scenarios)

    idle_rss = {
        target.label: sum(status_value_kib(pid, "VmRSS") for pid in process_tree(target.pid))
        for target in options.target
        if target.is_proxy
    }
    results, peak_rss_reset = run_benchmark(
        options.target,
        scenarios,
        options.rounds,
        options.duration,
        options.backend,
        options.one_connection_client,
    )

    print(
        f"## Results: wrk -t1 -d{options.duration}, "
        f"median of {options.rounds} interleaved rounds"
    )
    print()
    for scenario in scenarios:
        print_scenario_table(scenario, options.target, results, options.rounds)
    print(
        "Idle RSS before the first request: "
        + ", ".join(f"{label} {kib / 1024:.1f} MiB" for label, kib in idle_rss.items())
        + "."
    )
    print()
    print_exact_table(options.target, scenarios, results)
    print_logging_table(options.target, scenarios, results)
    print_window_table(options.target, scenarios, results)
    print_notes(options.target, scenarios, results, peak_rss_reset)
    overall = print_verdict(results, scenarios)
    return 1 if overall == "FAIL" else 0


def main():
    # run.sh stops this helper with SIGTERM; exiting through SystemExit lets subprocess.run kill
    # the wrk it is waiting for instead of leaving it running.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if len(sys.argv) >= 2 and sys.argv[1] == "free-ports" and len(sys.argv) == 3:
        print(" ".join(str(port) for port in free_ports(int(sys.argv[2]))))
        return 0
    if len(sys.argv) in (4, 5) and sys.argv[1] == "wait":
        seconds = float(sys.argv[4]) if len(sys.argv) == 5 else 20.0
        return 0 if wait_until_ready(int(sys.argv[2]), sys.argv[3], seconds) else 1
    if len(sys.argv) == 4 and sys.argv[1] == "requests":
        return 0 if send_requests(sys.argv[2], int(sys.argv[3])) else 1
    if len(sys.argv) >= 2 and sys.argv[1] == "run":
        try:
            return command_run(sys.argv[2:])
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            log(f"compare.py: {error}")
            return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
