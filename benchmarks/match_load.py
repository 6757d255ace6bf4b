"""Load test of ``POST /api/match/default``: 20 concurrent clients on loopback.

Starts the app the project's own way (``openfiu serve``, uvicorn workers) on a temporary
home with a SQLite store and a synthetic list the size of the UN list (700 persons, 300
organisations), then runs ``--clients`` concurrent clients for ``--seconds`` (``wrk``, the
Debian package, when installed; else async httpx clients, which cost as much CPU as the
server and share its cores), each sending single-name yente queries (``{"queries": {"q":
{"schema": "Person", "properties": {"name": [...]}}}}``) with an API key, and reports
requests/s and latency percentiles.
Every request is an audited search; the benchmark checks afterwards that the audit log
holds one ``screening.search`` event per answered query and still verifies.

Names come from ``--names`` synthetic customers (some planted variants of listed names):
``--names 0`` sends each name once at most (cold: every name is new to the screener's
cache), the default of 2,000 names cycles, so most requests hit the name cache, as repeat
customers do in production.

    python benchmarks/match_load.py                       # 20 clients, 20 s, 2,000 names
    python benchmarks/match_load.py --seconds 30 --workers 4 --names 0
    python benchmarks/match_load.py --client httpx        # the Python client instead

Writes benchmarks/results/match_load.json (target: >= 500 req/s, p95 <= 50 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from openfiu.audit import create_user, verify
from openfiu.store import open_store
from openfiu.store.models.audit import AuditEvent
from openfiu.synth import synthetic_customers, synthetic_un_list
from openfiu.web import generate_api_key

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SERVE = (
    "import sys; from openfiu.cli import app as cli\n"
    "names = {c.name for c in cli.registered_commands}\n"
    "if 'serve' in names:\n"
    "    cli(prog_name='openfiu')\n"
    "else:\n"
    "    import typer; from openfiu.cli.serve import serve\n"
    "    app = typer.Typer(); app.command('serve')(serve); app.command('none')(lambda: None)\n"
    "    app()\n"
)
"""``openfiu serve`` when the command is registered, else the same function directly."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of every live process in process group ``pgid`` (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, …
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def prepare(home: Path) -> tuple[Path, str, dict[str, str]]:
    """A list, a store with user ``bench``, an API key; returns list, key, environment."""
    list_path = synthetic_un_list(home / "un_synthetic.xml", 700, 300, seed=11)
    store = open_store(f"sqlite:///{home / 'openfiu.db'}")
    with store.transaction() as session:
        create_user(session, "bench", "benchmark passphrase", ["analyst"], actor="bench")
    store.close()
    key, digest = generate_api_key()
    entry = {"label": "bench", "user": "bench", "sha256": digest, "justification": "load test"}
    env = {
        **os.environ,
        "OPENFIU_HOME": str(home),
        "OPENFIU_WEB_API_KEYS": json.dumps([entry]),
    }
    env.pop("OPENFIU_DATABASE_URL", None)
    return list_path, key, env


def customer_names(count: int, home: Path) -> list[str]:
    """``count`` synthetic customer names, 5 % of them variants of listed names."""
    from openfiu.lists import load_list

    listed = load_list(home / "un_synthetic.xml").entities
    customers = synthetic_customers(count, seed=5, listed=listed, hit_rate=0.05)
    return [str(c["name"]) for c in customers]


async def run_load(
    url: str, key: str, names: list[str], clients: int, seconds: float, warmup: float
) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    matched = 0
    counter = 0
    headers = {"Authorization": f"ApiKey {key}", "Content-Type": "application/json"}
    bodies = [  # encoded once: the client's own cost is part of the machine's load
        json.dumps(
            {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
        ).encode()
        for name in names
    ]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + seconds
    answered = 0

    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits) as client:

        async def worker() -> None:
            nonlocal counter, matched, answered
            while True:
                now = time.perf_counter()
                if now >= stop_at:
                    return
                body = bodies[counter % len(bodies)]
                counter += 1
                sent = time.perf_counter()
                response = await client.post("/api/match/default", content=body)
                took = time.perf_counter() - sent
                answered += response.status_code == 200
                if sent >= measure_from:
                    latencies.append(took)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    matched += b'"results":[]' not in response.content

        await asyncio.gather(*(worker() for _ in range(clients)))
    measured = len(latencies)
    return {
        "requests": measured,
        "requests_per_second": round(measured / seconds, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2) if latencies else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "with_results": matched,
        "answered_total": answered,
        "distinct_names": len(set(names)),
    }


WRK_SCRIPT = """
local bodies = {%s}
local key = "%s"
local i = 0
request = function()
  i = i + 1
  local body = bodies[(i %% #bodies) + 1]
  return wrk.format("POST", "/api/match/default",
    {["Content-Type"] = "application/json", ["Authorization"] = "ApiKey " .. key}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f %%f %%f\\n",
    summary.requests, summary.errors.status, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.requests / (summary.duration / 1e6)))
end
"""


def run_wrk(url: str, key: str, names: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """The same load with ``wrk`` (C, Debian package ``wrk``) as the client, so the load
    generator takes little of the machine's CPU; names cycle through a Lua table."""
    bodies = ", ".join(
        "[==["
        + json.dumps({"queries": {"q": {"schema": "Person", "properties": {"name": [n]}}}})
        + "]==]"
        for n in names
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT % (bodies, key))
        script = fh.name
    threads = min(2, clients)
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{int(seconds)}s", "-s", script, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script)
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    requests, bad, _duration, p50, p95, p99, top, rate = line.split()[1:]
    return {
        "requests": int(requests),
        "requests_per_second": round(float(rate), 1),
        "p50_ms": round(float(p50) / 1000, 2),
        "p95_ms": round(float(p95) / 1000, 2),
        "p99_ms": round(float(p99) / 1000, 2),
        "max_ms": round(float(top) / 1000, 2),
        "statuses": {"non_2xx": int(bad)},
        "answered_total": int(requests),
        "distinct_names": len(set(names)),
    }


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"openfiu serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("openfiu serve did not become healthy in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--names", type=int, default=2000, help="0: every request a new name")
    parser.add_argument("--out", type=Path, default=RESULTS / "match_load.json")
    parser.add_argument(
        "--client",
        choices=("httpx", "wrk"),
        default="wrk" if shutil.which("wrk") else "httpx",
        help="load generator (default wrk, in C, when installed: the httpx client needs as "
        "much CPU as the server, on the same cores)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="openfiu-load-") as tmp:
        home = Path(tmp)
        list_path, key, env = prepare(home)
        pool = args.names if args.names > 0 else int(2000 * (args.seconds + args.warmup))
        names = customer_names(pool, home)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-c", SERVE, "serve", "--port", str(port)]
        command += ["--workers", str(args.workers), "--list", str(list_path)]
        process = subprocess.Popen(command, env=env, cwd=home, start_new_session=True)
        try:
            wait_healthy(url, process)
            server_before, client_before = group_cpu_seconds(process.pid), time.process_time()
            if args.client == "wrk":
                run_wrk(url, key, names, args.clients, args.warmup)  # warm-up
                server_before, client_before = group_cpu_seconds(process.pid), time.process_time()
                result = run_wrk(url, key, names, args.clients, args.seconds)
            else:
                result = asyncio.run(
                    run_load(url, key, names, args.clients, args.seconds, args.warmup)
                )
            server_cpu = group_cpu_seconds(process.pid) - server_before
            client_cpu = time.process_time() - client_before
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(30)
        store = open_store(f"sqlite:///{home / 'openfiu.db'}")
        with store.transaction() as session:
            events = session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "screening.search")
            )
        report = verify(store)
        store.close()
    per_request = 1000 / max(1, result["answered_total"])
    result.update(
        server_cpu_ms_per_request=round(server_cpu * per_request, 3),
        client_cpu_ms_per_request=round(client_cpu * per_request, 3),
        load_average_1min=round(os.getloadavg()[0], 2),
        clients=args.clients,
        seconds=args.seconds,
        workers=args.workers,
        names_mode="cold (each name once)" if args.names == 0 else f"cycling {args.names} names",
        audit_search_events=events,
        client=args.client,
        # wrk's warm-up requests are audited too, and it may close connections with
        # requests in flight that the server still answers (and audits)
        audit_events_match_answers=events == result["answered_total"]
        if args.client == "httpx"
        else events >= result["answered_total"],
        audit_verified=report.ok,
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        target_met=result["requests_per_second"] >= 500 and result["p95_ms"] <= 50,
    )
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    existing: dict[str, Any] = {}
    if args.out.is_file():
        existing = json.loads(args.out.read_text())
    existing[f"client={args.client},workers={args.workers},names={args.names}"] = result
    args.out.write_text(json.dumps(existing, indent=2) + "\n")


if __name__ == "__main__":
    main()
