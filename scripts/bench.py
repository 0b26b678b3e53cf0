"""`make bench`: the production server under wrk, at scale 1 and scale 20.

For each scale it builds (or reuses) a database of its own with `generate_synthetic`,
starts the production server (`scripts/serve`, as `make serve` runs it) on a free
loopback port, and runs wrk against four addresses: an area page, a filtered and sorted
areas list, one area's API record, and a static file of about the area page's size served
by the same server. A fifth run renders the area page afresh on every request (a server
with PAGE_CACHE=false), to show what the cache saves and that rendering does not slow as
history grows (not a target). It prints requests per second, p50 and p99 latency and errors, each dynamic
page as a share of the static file's requests per second, and whether the targets are
met; it stops everything it started. Everything stays on 127.0.0.1; the run takes about
two minutes once the databases are built (they are kept in .bench/ and rebuilt when the
data, the loaders, the generator or the migrations change).

Targets (issue: performance and resilience): the area page at 50% or more of the static
file's requests per second; p99 under 100 ms at 64 connections; each page at scale 20
within 1.5 times its scale-1 time (compared by requests per second).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
SCALES = (1, 20)
CONNECTIONS = 64
SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))  # per round
ROUNDS = 5
UNCACHED_CONNECTIONS = 4  # a render takes long enough at scale 20 for more to queue past timeouts

AREA = "/areas/central-bedfordshire/"
PAGES = {
    "area page": AREA,
    "filtered list": "/areas/?outcome=2&region=south-east&sort=-next",
    "API detail": "/api/v1/areas/central-bedfordshire/",
}

TARGET_SHARE = 0.5
TARGET_P99_MS = 100.0
TARGET_SCALE_RATIO = 1.5


@dataclass
class Run:
    label: str
    path: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(label: str, url: str, connections: int, seconds: int, timeout: int = 5) -> Run:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", f"{timeout}s"]
        + [url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = (sum(map(int, socket_errors.groups())) if socket_errors else 0) + (
        int(non_2xx.group(1)) if non_2xx else 0
    )
    return Run(
        label,
        url.split("127.0.0.1", 1)[1].split("/", 1)[1],
        connections,
        float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        milliseconds(latency["50"]),
        milliseconds(latency["99"]),
        errors,
    )


def data_fingerprint() -> str:
    """What a bench database is built from: the real data, the loaders, the generator and the
    migrations. A database built from anything else is rebuilt."""
    digest = hashlib.sha256()
    for pattern in (
        "national_data/**/*",
        "letters/data/**/*",
        "letters/recording.py",
        "synthetic/*.py",
        "inspections/standing.py",
        "inspections/saving.py",
        "*/migrations/*.py",
    ):
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def build_databases() -> dict[int, str]:
    """Each scale's database, built side by side (one core each) unless the one in .bench/
    was built from the same data and code."""
    BENCH.mkdir(exist_ok=True)
    fingerprint = data_fingerprint()
    started = time.monotonic()
    building = {}
    for scale in SCALES:
        url = f"sqlite:///{BENCH / f'scale-{scale}.sqlite3'}"
        stamp = BENCH / f"scale-{scale}.built-from"
        keep = stamp.exists() and stamp.read_text() == fingerprint
        command = [PYTHON, "manage.py", "generate_synthetic", "--scale", str(scale)]
        command += ["--database-url", url] + (["--keep"] if keep else [])
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, "DEBUG": "true"}, stdout=subprocess.DEVNULL
        )
        building[scale] = (url, stamp, process)
    for scale, (url, stamp, process) in building.items():
        if process.wait() != 0:
            raise SystemExit(f"Building the scale-{scale} database failed (see above).")
        stamp.write_text(fingerprint)
        print(f"scale {scale}: database ready in {time.monotonic() - started:.0f} s ({url})")
    return {scale: url for scale, (url, _, _) in building.items()}


@contextlib.contextmanager
def server(database_url: str, **env: str):
    port = free_port()
    process = subprocess.Popen(
        [ROOT / "scripts" / "serve"],
        cwd=ROOT,
        env={
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "ACCESS_LOG": "",
            "DATABASE_URL": database_url,
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: gunicorn and its workers
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + AREA, timeout=5).read()
                break
            if process.poll() is not None:
                raise SystemExit("The production server did not start: try `make serve`.")
            time.sleep(0.5)
        else:
            raise SystemExit("The production server did not answer within a minute.")
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def static_file_like(base: str, path: str) -> str:
    """The hashed static file whose size is nearest the page's."""
    size = len(urllib.request.urlopen(base + path).read())
    files = [
        p
        for p in (ROOT / "staticfiles").rglob("*")
        if p.is_file()
        and re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", p.name)
        and not p.name.endswith((".gz", ".br"))
    ]
    nearest = min(files, key=lambda p: abs(p.stat().st_size - size))
    return "/static/" + nearest.relative_to(ROOT / "staticfiles").as_posix()


def warm_up(url: str) -> None:
    """A second of requests first, so every worker has started, connected to the database and
    (with the page cache on) rendered the page once before it is measured."""
    subprocess.run(["wrk", "-t1", "-c4", "-d1s", url], capture_output=True, check=True)


def cpu_times() -> list[int]:
    with open("/proc/stat") as stat:
        return [int(v) for v in stat.readline().split()[1:]]


def steal_share(before: list[int], after: list[int]) -> float:
    """The share of CPU time the machine's host took for others (steal) between two readings."""
    spent = [b - a for a, b in zip(before, after, strict=False)]
    return spent[7] / sum(spent) if len(spent) > 7 and sum(spent) else 0.0


def measure(databases: dict[int, str]) -> dict[int, list[Run]]:
    """Both scales' servers run side by side (idle but for the one being measured), and the
    rounds take turns between them, so a busy spell on the machine falls on both alike. Each
    figure (requests per second, p50, p99) is its median over the rounds; errors are summed."""
    with contextlib.ExitStack() as stack:
        bases = {scale: stack.enter_context(server(url)) for scale, url in databases.items()}
        static = static_file_like(bases[SCALES[0]], AREA)
        addresses = {"static file": static, **PAGES}
        for base in bases.values():
            for path in addresses.values():
                warm_up(base + path)
        rounds: dict[tuple[int, str], list[Run]] = {}
        for _ in range(ROUNDS):
            for scale, base in bases.items():
                for label, path in addresses.items():
                    run = wrk(label, base + path, CONNECTIONS, SECONDS)
                    rounds.setdefault((scale, label), []).append(run)
    results: dict[int, list[Run]] = {}
    for (scale, _), runs in rounds.items():
        first = runs[0]
        results.setdefault(scale, []).append(
            Run(
                first.label,
                first.path,
                first.connections,
                statistics.median(r.requests_per_second for r in runs),
                statistics.median(r.p50_ms for r in runs),
                statistics.median(r.p99_ms for r in runs),
                sum(r.errors for r in runs),
            )
        )
    for scale, url in databases.items():
        with server(url, PAGE_CACHE="false") as base:
            warm_up(base + AREA)
            results[scale].append(
                wrk("area page, rendered each time", base + AREA, UNCACHED_CONNECTIONS, 5, 20)
            )
    return results


def report(results: dict[int, list[Run]]) -> tuple[str, bool]:
    lines = [
        "| scale | page | connections | requests/s | share of static | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    met = True
    checks = []
    for scale, runs in results.items():
        static = runs[0].requests_per_second
        for run in runs:
            share = "" if run is runs[0] else f"{run.requests_per_second / static:.0%}"
            lines.append(
                f"| {scale} | {run.label} (`{run.path}`) | {run.connections} | "
                f"{run.requests_per_second:,.0f} | {share} | {run.p50_ms:.1f} | "
                f"{run.p99_ms:.1f} | {run.errors} |"
            )
        area = next(r for r in runs if r.label == "area page")
        ok = area.requests_per_second >= TARGET_SHARE * static
        checks.append(
            f"{'met ' if ok else 'MISSED'} scale {scale}: area page at "
            f"{area.requests_per_second / static:.0%} of the static file (target 50% or more)"
        )
        met &= ok
        for run in runs:
            if run.connections == CONNECTIONS and run is not runs[0]:
                ok = run.p99_ms < TARGET_P99_MS
                checks.append(
                    f"{'met ' if ok else 'MISSED'} scale {scale}: {run.label} p99 "
                    f"{run.p99_ms:.0f} ms at {CONNECTIONS} connections (target under 100 ms)"
                )
                met &= ok
            ok = run.errors == 0
            met &= ok
            if not ok:
                checks.append(f"MISSED scale {scale}: {run.label} had {run.errors} errors")
    first, last = results[SCALES[0]], results[SCALES[-1]]
    for small, large in zip(first[1:], last[1:], strict=True):
        ratio = small.requests_per_second / large.requests_per_second
        if large.connections != CONNECTIONS:
            # Not a target: what a page costs with no cache, which grows with the area's own
            # history (the page shows its recent part, but works it out from all of it).
            checks.append(
                f"(for information) {large.label}: scale {SCALES[-1]} takes {ratio:.2f} times "
                f"its scale-{SCALES[0]} time"
            )
            continue
        ok = ratio <= TARGET_SCALE_RATIO
        checks.append(
            f"{'met ' if ok else 'MISSED'} {large.label}: scale {SCALES[-1]} takes {ratio:.2f} "
            f"times its scale-{SCALES[0]} time (target 1.5 or less)"
        )
        met &= ok
    return "\n".join(lines) + "\n\n" + "\n".join(f"- {c}" for c in checks) + "\n", met


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make bench` installs it with apt-get.")
    started = time.monotonic()
    load = os.getloadavg()[0]
    machine = f"{os.cpu_count()} cores, load average {load:.2f} at the start"
    print(
        f"make bench on {machine}; wrk with 2 threads, {ROUNDS} rounds of {SECONDS} s per "
        "address (the medians are shown)"
    )
    databases = build_databases()
    before = cpu_times()
    results = measure(databases)
    steal = steal_share(before, cpu_times())
    table, met = report(results)
    header = (
        f"`make bench`, {time.strftime('%Y-%m-%d')}, {machine}, gunicorn with "
        f"{os.environ.get('WEB_CONCURRENCY', '2')} "
        f"{os.environ.get('WEB_WORKER_CLASS', 'sync')} workers, "
        f"{'Redis' if os.environ.get('REDIS_URL') else 'local-memory'} page cache, SQLite, "
        f"median of {ROUNDS} rounds of {SECONDS} s, {time.monotonic() - started:.0f} s in all; "
        f"the host took {steal:.0%} of the CPU time for others (steal) during the runs:\n\n"
    )
    (BENCH / "latest.md").write_text(header + table)
    print()
    print(header + table)
    print(f"(also in {BENCH / 'latest.md'})")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
