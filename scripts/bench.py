"""`make bench`: the benchmarks (not tests), written into docs/BENCHMARKS.md.

1. move recognition per reply (`oefenavond bench`);
2. on the single-machine setup (scripts/stack.py, as `make run`) and on the scaled-out setup
   (scripts/scaled.py, as `make run-scaled`): bare Rasa `/model/parse` (the floor), one full turn end
   to end and its ratio to the floor, 1, 10 and 50 concurrent trainees x 10 turns flat out (no pause
   between turns: the saturation) and 10 and 50 paced (trainees who read and type, --think seconds
   on average), each verified in the tracker store; the memory (RSS, peak) of every process;
3. the single-machine setup once more with SEGMENT_PARSE=false (the whole reply classified only):
   the parse floor and one full turn, to show what the per-segment classification costs.

Everything runs on 127.0.0.1 and stops by itself. Say --shared when other work runs on the machine;
busy processes found at the start are listed anyway.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp
import sqlalchemy

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from processes import busy_others, descendants, machine, memory  # noqa: E402

from loadtest.replies import load_scripts  # noqa: E402
from loadtest.run import LoadConfig, LoadResult, run_load  # noqa: E402
from loadtest.stats import percentile  # noqa: E402
from loadtest.verify import verify  # noqa: E402

BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "docs" / "BENCHMARKS.md"
WORK = ROOT / "var" / "bench"
TOKEN = "bench-token"
READY_TIMEOUT = 420.0
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
TARGET_P95_MS = 300.0
TARGET_RATIO = 3.0
TARGET_RSS_MB = 3 * 1024
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SCALED_DB = "oefenavond_bench"
VARIANTS = {"single-whole": "single, `SEGMENT_PARSE=false` (whole reply only)"}
"""Setups that only repeat the parse floor and one full turn of another setup, with their table label."""


@dataclass
class Setup:
    """One way of running the product, started for the benchmark."""

    name: str
    command: list[str]
    env: dict[str, str]
    url: str  # where trainees send their messages
    parse_url: str  # one Rasa server, for the bare /model/parse floor
    database_url: str
    process: subprocess.Popen[bytes] | None = None
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def turn_only(self) -> bool:
        """Only the parse floor and one full turn: a variant of another setup (``VARIANTS``)."""
        return self.name in VARIANTS

    def start(self) -> None:
        """Start and wait for the ready line."""
        WORK.mkdir(parents=True, exist_ok=True)
        log = WORK / f"{self.name}.log"
        with log.open("wb") as handle:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=handle,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + READY_TIMEOUT
        while "Oefenavond draait" not in log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not start; see {log}")
            time.sleep(1)

    def stop(self) -> None:
        """SIGTERM and wait (the start scripts stop their own processes)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def recognition_bench() -> str:
    """The line `oefenavond bench` prints (rules + Rasa NLU per reply)."""
    done = subprocess.run([str(BIN / "oefenavond"), "bench"], cwd=ROOT, capture_output=True, text=True,
                          check=False, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    lines = [line for line in done.stdout.splitlines() if "move recognition" in line]
    return lines[-1] if lines else f"failed: {done.stderr.strip()[-300:]}"


async def parse_floor(url: str, count: int = 150) -> dict[str, float]:
    """Bare /model/parse of single reply sentences, one at a time: what one NLU call costs."""
    texts = [line for script in load_scripts() for line in script.replies][:count]
    timings = []
    async with aiohttp.ClientSession() as session:
        for index, text in enumerate([*texts[:10], *texts]):
            started = time.perf_counter()
            async with session.post(f"{url}/model/parse", params={"token": TOKEN}, json={"text": text}) as response:
                response.raise_for_status()
                await response.json()
            if index >= 10:  # the first ten warm up
                timings.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(timings), "p95_ms": percentile(timings, 0.95), "count": len(timings)}


def load_row(result: LoadResult, database_url: str) -> dict[str, Any]:
    """A run's numbers and its verification."""
    verification = verify(result, database_url)
    row = result.summary()
    row["verified_turns"] = verification.turns
    row["lost_or_duplicated"] = len(verification.problems) + len(result.turn_problems())
    row["problems"] = (verification.problems + result.turn_problems())[:5]
    return row


async def measure(setup: Setup, think: float, levels: list[int], profile: bool) -> None:
    """Every measurement of one setup."""
    results = setup.results
    results["parse"] = await parse_floor(setup.parse_url)
    single = await run_load(LoadConfig(setup.url, TOKEN, trainees=1, turns=30, max_seconds=300,
                                       prefix=f"bench-{setup.name}-turn"))
    results["turn"] = load_row(single, setup.database_url)
    results["runs"] = []
    for trainees in [] if setup.turn_only else levels:
        for pace in ([0.0, think] if trainees > 1 else [0.0]):
            print(f"  {setup.name}: {trainees} trainees x 10 turns, think {pace:.0f} s", flush=True)
            profiler = start_profiler(setup) if profile and trainees == max(levels) and not pace else []
            result = await run_load(LoadConfig(setup.url, TOKEN, trainees=trainees, turns=10, think_seconds=pace,
                                               max_seconds=900, prefix=f"bench-{setup.name}-{trainees}-{pace:.0f}"))
            for process in profiler:
                process.wait()
            results["runs"].append(load_row(result, setup.database_url))
    assert setup.process is not None
    results["memory"] = [m.__dict__ for m in memory(descendants(setup.process.pid))]


def start_profiler(setup: Setup) -> list[subprocess.Popen[bytes]]:
    """py-spy on each Rasa server and action server for 20 s (SVG flame graphs in var/bench/)."""
    spy = shutil.which("py-spy", path=str(BIN)) or shutil.which("py-spy")
    if not spy or setup.process is None:
        print("  (py-spy not found: run `make setup`, it is in requirements.lock)", flush=True)
        return []
    started = []
    for process in memory(descendants(setup.process.pid)):
        if "rasa run" in process.name:
            kind = "actions" if "actions" in process.name else "rasa"
            out = WORK / f"profile-{setup.name}-{kind}-{process.pid}.svg"
            started.append(subprocess.Popen([spy, "record", "-p", str(process.pid), "-d", "20", "-r", "50", "-o",
                                             str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return started


def fresh_postgres_database(name: str) -> str:
    """Drop and create ``name``; its URL."""
    engine = sqlalchemy.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'drop database if exists "{name}"'))
        connection.execute(sqlalchemy.text(f'create database "{name}"'))
    engine.dispose()
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def setups(ports: dict[str, int]) -> list[Setup]:
    """The single-machine and the scaled-out setup, each with its own database and ports."""
    WORK.mkdir(parents=True, exist_ok=True)
    base = dict(os.environ, RASA_API_TOKEN=TOKEN, WEB_SECRET_KEY="bench", TF_CPP_MIN_LOG_LEVEL="3")
    base.pop("TELEGRAM_BOT_TOKEN", None)
    sqlite, whole_sqlite = WORK / "single.db", WORK / "single-whole.db"
    sqlite.unlink(missing_ok=True)
    whole_sqlite.unlink(missing_ok=True)
    single_env = dict(base, DATABASE_URL=f"sqlite:///{sqlite}", RASA_PORT=str(ports["rasa"]),
                      ACTIONS_PORT=str(ports["actions"]), WEB_PORT=str(ports["web"]))
    single_env.pop("REDIS_URL", None)
    whole_env = dict(single_env, DATABASE_URL=f"sqlite:///{whole_sqlite}", SEGMENT_PARSE="false")
    single_url = f"http://127.0.0.1:{ports['rasa']}"
    postgres = fresh_postgres_database(SCALED_DB)
    scaled_env = dict(base, DATABASE_URL=postgres, REDIS_URL="redis://127.0.0.1:6379/7",
                      RASA_PORT=str(ports["rasa"] + 100), ACTIONS_PORT=str(ports["actions"] + 100),
                      WEB_PORT=str(ports["web"] + 100), RASA_BACKEND_PORT=str(ports["rasa"] + 110),
                      ACTIONS_BACKEND_PORT=str(ports["actions"] + 110))
    return [
        Setup("single", [str(BIN / "python"), "scripts/stack.py"], single_env, single_url, single_url,
              f"sqlite:///{sqlite}"),
        Setup("single-whole", [str(BIN / "python"), "scripts/stack.py"], whole_env, single_url, single_url,
              f"sqlite:///{whole_sqlite}"),
        Setup("scaled", [str(BIN / "python"), "scripts/scaled.py"], scaled_env,
              f"http://127.0.0.1:{ports['rasa'] + 100}", f"http://127.0.0.1:{ports['rasa'] + 110}", postgres),
    ]


def with_earlier_results(runs: list[Setup], only: str | None) -> list[Setup]:
    """With --only, the other setup's results of the previous run (var/bench/results.json), if any."""
    previous = WORK / "results.json"
    if not only or not previous.exists():
        return runs
    earlier = json.loads(previous.read_text())
    names = ["single", "single-whole", "scaled"]
    merged = []
    for name in names:
        current = next((s for s in runs if s.name == name), None)
        if current:
            merged.append(current)
        elif name in earlier:
            merged.append(Setup(name, [], {}, "", "", "", results=earlier[name]))
    return merged


def verdict(ok: bool) -> str:
    """A mark for the tables."""
    return "met" if ok else "**missed**"


def markdown(info: dict[str, Any], runs: list[Setup], think: float) -> str:
    """The generated part of docs/BENCHMARKS.md."""
    m = info["machine"]
    lines = [
        f"Measured {info['date']} at commit `{info['commit']}` by `make bench` ({info['seconds']:.0f} s).",
        "",
        f"**Machine:** {m['cores']} cores ({m['cpu']}), {m['memory']} memory, {m['system']}, Python {m['python']}. "
        + ("**Shared:** other work ran during the benchmark"
           + (f" (busy at the start: {'; '.join(info['busy'])})" if info["busy"] else "")
           + ", so the numbers are pessimistic." if info["shared"] else "Not shared: nothing else was busy."),
        "",
        *[f"- {s.name} setup measured {s.results.get('measured', '?')}; busy besides: "
          f"{'; '.join(s.results.get('busy') or []) or 'nothing'}" for s in runs],
        "",
        f"**Move recognition per reply** (`oefenavond bench`): {info['recognition']}",
        "",
        "| setup | bare `/model/parse` median / p95 | one full turn median / p95 | turn ÷ parse (median) |",
        "|---|---|---|---|",
    ]
    for setup in runs:
        parse, turn = setup.results["parse"], setup.results["turn"]["turn_latency"]
        ratio = turn["median_ms"] / parse["median_ms"]
        label = VARIANTS.get(setup.name, setup.name)
        lines.append(f"| {label} | {parse['median_ms']:.0f} / {parse['p95_ms']:.0f} ms | "
                     f"{turn['median_ms']:.0f} / {turn['p95_ms']:.0f} ms | {ratio:.1f}× "
                     f"({verdict(ratio <= TARGET_RATIO)}: ≤ {TARGET_RATIO:.0f}×) |")
    lines += [
        "",
        f"Concurrent trainees × 10 turns each. *Flat out*: the next reply as soon as the answer is there (the "
        f"saturation). *Paced*: {think:.0f} s on average (uniform {think / 2:.0f}–{think * 1.5:.0f} s) to read "
        "the resident's line and type, still quicker than people type.",
        "",
        "| setup | trainees | pace | turns | turns/s | median | p95 | p99 | max | errors | lost or duplicated |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for setup in runs:
        for row in setup.results["runs"]:
            latency = row["turn_latency"]
            pace = "flat out" if not row["think_seconds"] else f"paced {row['think_seconds']:.0f} s"
            mark = f" ({verdict(latency['p95_ms'] <= TARGET_P95_MS)})" if row["trainees"] == 50 else ""
            lines.append(
                f"| {setup.name} | {row['trainees']} | {pace} | {row['turns']} | {row['turns_per_s']:.1f} | "
                f"{latency['median_ms']:.0f} ms | {latency['p95_ms']:.0f} ms{mark} | {latency['p99_ms']:.0f} ms | "
                f"{latency['max_ms']:.0f} ms | {row['errors']} | {row['lost_or_duplicated']} |")
    lines += ["", "Memory after the runs (RSS now / peak), every process of each setup:", "",
              "| setup | process | RSS | peak RSS |", "|---|---|---|---|"]
    for setup in [s for s in runs if not s.turn_only]:
        total = peak = 0.0
        for process in setup.results["memory"]:
            total += process["rss_mb"]
            peak += process["peak_mb"]
            lines.append(f"| {setup.name} | `{process['name'][:70]}` | {process['rss_mb']:.0f} MB | "
                         f"{process['peak_mb']:.0f} MB |")
        biggest = max((p["peak_mb"] for p in setup.results["memory"]), default=0.0)
        lines.append(f"| {setup.name} | **all together** | **{total:.0f} MB** | {peak:.0f} MB (sum of peaks; "
                     f"largest process {biggest:.0f} MB: {verdict(biggest <= TARGET_RSS_MB)}; together "
                     f"{verdict(peak <= TARGET_RSS_MB)}: ≤ 3 GB) |")
    lost = sum(r["lost_or_duplicated"] + r["errors"] for s in runs for r in [s.results["turn"], *s.results["runs"]])
    lines += ["", f"**Lost, duplicated or unanswered turns over all runs: {lost}** "
              f"({verdict(lost == 0)}: zero), checked in the tracker store's `events` table after every run."]
    return "\n".join(lines)


def write_report(text: str) -> None:
    """Replace the generated block of docs/BENCHMARKS.md (the hand-written analysis stays)."""
    current = OUT.read_text() if OUT.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in current:
        current += f"\n{BEGIN}\n{END}\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    OUT.write_text(pattern.sub(lambda _: f"{BEGIN}\n{text}\n{END}", current))


def commit() -> str:
    """The current commit, short."""
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    return done.stdout.strip() or "?"


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--think", type=float, default=10.0, help="mean think time of paced trainees (s)")
    parser.add_argument("--trainees", default="1,10,50", help="concurrency levels")
    parser.add_argument("--only", choices=["single", "scaled"], help="run one setup only")
    parser.add_argument("--shared", action="store_true", help="other work runs on this machine")
    parser.add_argument("--profile", action="store_true", help="py-spy flame graphs during the largest flat run")
    parser.add_argument("--port", type=int, default=7005, help="first of the ports used (default 7005)")
    return parser.parse_args()


def main() -> int:
    """Run everything, write docs/BENCHMARKS.md and var/bench/results.json."""
    args = parse_args()
    started = time.monotonic()
    busy = busy_others({os.getpid()})
    info: dict[str, Any] = {"machine": machine(), "busy": busy, "shared": args.shared or bool(busy),
                            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit()}
    print("move recognition …", flush=True)
    info["recognition"] = recognition_bench()
    levels = [int(n) for n in args.trainees.split(",")]
    ports = {"rasa": args.port, "actions": args.port + 50, "web": args.port + 75}
    runs = [s for s in setups(ports) if not args.only or s.name.split("-")[0] == args.only]
    for setup in runs:
        print(f"starting the {setup.name} setup …", flush=True)
        setup.results["measured"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        setup.results["busy"] = busy_others({os.getpid()}, seconds=2.0)
        setup.start()
        try:
            asyncio.run(measure(setup, args.think, levels, args.profile))
        finally:
            setup.stop()
        setup.results["busy"] += [b for b in busy_others({os.getpid()}, seconds=2.0) if b not in setup.results["busy"]]
    info["seconds"] = time.monotonic() - started
    runs = with_earlier_results(runs, args.only)
    info["shared"] = info["shared"] or any(s.results.get("busy") for s in runs)
    (WORK / "results.json").write_text(json.dumps({"info": info, **{s.name: s.results for s in runs}}, indent=1))
    write_report(markdown(info, runs, args.think))
    print(f"written: {OUT.relative_to(ROOT)} and {(WORK / 'results.json').relative_to(ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
