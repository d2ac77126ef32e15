"""The load generator: N threads, each on a kept-alive HTTP/1.1 connection, for T seconds.

Run as its own process (``python load.py PORT --connections 16 --seconds 10``) so it does not
share an interpreter with the server or the benchmark driver; prints one JSON object:
requests, errors, requests per second, and latency p50/p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def worker(port: int, path: str, start: threading.Barrier, until: list, out: list) -> None:
    """Send GET requests back to back until the deadline; record each latency."""
    latencies, errors = [], 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"x-fc-request-id": f"bench-{threading.get_ident()}"}
    start.wait()
    while time.perf_counter() < until[0]:
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            answer.read()
            ok = 200 <= answer.status < 300
            if answer.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
        if ok:
            latencies.append(time.perf_counter() - began)
        else:
            errors += 1
    connection.close()
    out.append((latencies, errors))


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def generate(port: int, connections: int, seconds: float, path: str = "/") -> dict:
    """Run the load in this process; return the figures."""
    start = threading.Barrier(connections + 1)
    until, out = [float("inf")], []
    threads = [
        threading.Thread(target=worker, args=(port, path, start, until, out))
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    until[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies = [value for values, _ in out for value in values]
    return {
        "requests": len(latencies),
        "errors": sum(errors for _, errors in out),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000 if latencies else float("nan"),
        "p99_ms": percentile(latencies, 0.99) * 1000 if latencies else float("nan"),
    }


def burst(port: int, connections: int, rounds: int, path: str = "/") -> list[float]:
    """``connections`` new connections at once, ``rounds`` times; each request's latency.

    Every thread connects and sends one request the moment a barrier opens, as FC does when
    a burst of requests reaches a fresh instance; the latency includes the connect.
    """
    latencies: list[float] = []
    for _ in range(rounds):
        start = threading.Barrier(connections)

        def one(start: threading.Barrier) -> None:
            start.wait()
            began = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", path, headers={"x-fc-request-id": "bench-burst"})
                connection.getresponse().read()
                latencies.append(time.perf_counter() - began)
            finally:
                connection.close()

        threads = [threading.Thread(target=one, args=(start,)) for _ in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return latencies


def run_load(
    port: int, connections: int, seconds: float, env: dict, cpus: set[int] | None = None
) -> dict:
    """Run the load from a separate Python process (on ``cpus``); return its figures."""
    argv = [sys.executable, str(Path(__file__).resolve()), str(port)]
    argv += ["--connections", str(connections), "--seconds", str(seconds)]
    if cpus:
        argv += ["--cpus", ",".join(map(str, sorted(cpus)))]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    """Command line: run the load and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--path", default="/")
    parser.add_argument("--cpus", help="comma-separated CPUs to run on, e.g. 1")
    args = parser.parse_args()
    if args.cpus:
        os.sched_setaffinity(0, {int(cpu) for cpu in args.cpus.split(",")})
    print(json.dumps(generate(args.port, args.connections, args.seconds, args.path)))


if __name__ == "__main__":
    main()
