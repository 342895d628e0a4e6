"""Faults during a load run on the scaled-out setup (scripts/scaled.py --supervise, all on 127.0.0.1).

Each test runs simulated trainees (loadtest), breaks something on the way, and ends by checking the
tracker store: every turn there, in order, exactly once.

- the action server is killed (and started again by the supervisor): meanwhile nginx answers in the
  action server's place with the Dutch `actions_down` message; the conversations continue after;
- PostgreSQL restarts: the tracker store retries, no turn is lost;
- one of two Rasa servers is killed: the other takes over through the shared tracker and lock store.

Select with `pytest -m faults`. Needs nginx, PostgreSQL and Redis on 127.0.0.1 (skipped with the
reason where missing; on CI they are required).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

from loadtest.run import LoadConfig, LoadResult, run_load
from loadtest.verify import verify
from oefenavond.messages import load_messages
from tests.conftest import MODEL, ROOT, free_port, need

pytestmark = [pytest.mark.faults, pytest.mark.stack]

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/9"
TOKEN = "fault-token"
READY_TIMEOUT = 420
LOAD_SECONDS = 240.0


def answers(host: str, port: int) -> bool:
    """Something accepts connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class ScaledStack:
    """The scaled setup started for these tests."""

    url: str
    database_url: str
    process: subprocess.Popen[bytes]
    log: Path
    state_file: Path

    def service(self, name: str) -> dict[str, Any]:
        """A running service by name, from the supervisor's state file."""
        state = json.loads(self.state_file.read_text())
        return next(s for s in state["services"] if s["name"] == name)

    def kill(self, name: str) -> int:
        """SIGKILL a service's process group; its pid."""
        pid = int(self.service(name)["pid"])
        os.killpg(pid, signal.SIGKILL)
        return pid

    def wait_until_back(self, name: str, old_pid: int, timeout: float = 300, poll: float = 1.0) -> float:
        """Wait until the supervisor restarted ``name`` and it answers again; when that was (monotonic)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            service = self.service(name)
            if service["pid"] != old_pid and _healthy(service["health"]):
                return time.monotonic()
            time.sleep(poll)
        raise AssertionError(f"{name} did not come back within {timeout:.0f} s:\n{self.tail()}")

    def tail(self) -> str:
        """The end of the setup's log."""
        return self.log.read_text(errors="replace")[-3000:]


def _healthy(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _postgres_version() -> str | None:
    clusters = Path("/etc/postgresql")
    versions = sorted(p.name for p in clusters.iterdir()) if clusters.is_dir() else []
    return versions[-1] if versions else None


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaledStack]:
    """Two Rasa servers, one action server, nginx, PostgreSQL (a throwaway database) and Redis."""
    need(MODEL.exists(), f"no trained model at {MODEL} (run `make model`)")
    need(shutil.which("nginx") is not None, "nginx is not installed (apt-get install nginx-light)")
    need(answers("127.0.0.1", 5432), "PostgreSQL does not answer on 127.0.0.1:5432")
    need(answers("127.0.0.1", 6379), "Redis does not answer on 127.0.0.1:6379")
    tmp = tmp_path_factory.mktemp("scaled")
    name = f"oefenavond_faults_{uuid.uuid4().hex[:8]}"
    database_url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port(),
             "RASA_BACKEND_PORT": free_port(span=2), "ACTIONS_BACKEND_PORT": free_port()}
    env = dict(os.environ, **{k: str(v) for k, v in ports.items()}, DATABASE_URL=database_url, REDIS_URL=REDIS,
               RASA_API_TOKEN=TOKEN, WEB_SECRET_KEY="fault-secret", RASA_SERVERS="2", ACTION_SERVERS="1",
               TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("TELEGRAM_BOT_TOKEN", None)
    log, state_file = tmp / "scaled.log", tmp / "state.json"
    with log.open("wb") as handle:
        process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "scaled.py"), "--supervise",
                                    "--state-file", str(state_file)], cwd=ROOT, env=env, stdout=handle,
                                   stderr=subprocess.STDOUT)
    stack = ScaledStack(f"http://127.0.0.1:{ports['RASA_PORT']}", database_url, process, log, state_file)
    deadline = time.monotonic() + READY_TIMEOUT
    while "Oefenavond draait" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the scaled setup did not start:\n{stack.tail()}")
        time.sleep(1)
    try:
        yield stack
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
        engine = sqlalchemy.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text(f'drop database if exists "{name}"'))
        engine.dispose()


def run_with_fault(stack: ScaledStack, fault: Any, trainees: int, turns: int, think: float,
                   after: float) -> tuple[LoadResult, float]:
    """Run the trainees; ``after`` seconds in, call ``fault()`` (in a thread); the result and when it hit."""

    async def scenario() -> tuple[LoadResult, float]:
        load = asyncio.ensure_future(run_load(LoadConfig(stack.url, TOKEN, trainees=trainees, turns=turns,
                                                          think_seconds=think, max_seconds=LOAD_SECONDS)))
        await asyncio.sleep(after)
        hit = time.monotonic()
        await asyncio.get_running_loop().run_in_executor(None, fault)
        return await load, hit

    return asyncio.run(scenario())


def assert_complete(stack: ScaledStack, result: LoadResult, trainees: int, turns: int) -> None:
    """Every trainee got all turns, nothing failed, and the tracker store holds each turn once, in order."""
    summary = result.summary()
    assert not result.timed_out, summary
    assert not result.errors(), (summary, [(s.conversation, s.outcome) for s in result.errors()][:5])
    assert len(result.turns()) == trainees * turns, summary
    assert not result.turn_problems(), result.turn_problems()[:5]
    verification = verify(result, stack.database_url)
    assert verification.ok, verification.problems[:5]
    assert verification.turns == trainees * turns


def assert_hit_during_the_run(result: LoadResult, hit: float) -> None:
    """The fault came while trainees were still sending: a fault after the last turn tests nothing.
    (A turn takes well under a second, so the runs pace their trainees at about a second a reply.)"""
    last = max((s.at + s.latency_ms / 1000 for s in result.sent()), default=0.0)
    assert last > hit - result.started, f"the run was over before the fault ({result.summary()})"


def bot_texts(stack: ScaledStack, prefix: str) -> list[str]:
    """The texts of every bot message of a run, from the tracker store."""
    engine = sqlalchemy.create_engine(stack.database_url)
    with engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text(
            "select data from events where sender_id like :p and type_name = 'bot' order by id"), {"p": f"{prefix}-%"})
        texts = [json.loads(data).get("text") or "" for (data,) in rows]
    engine.dispose()
    return texts


def test_action_server_killed_and_restarted(scaled: ScaledStack) -> None:
    trainees, turns = 4, 10
    killed: list[int] = []
    result, hit = run_with_fault(scaled, lambda: killed.append(scaled.kill("action server 1")),
                                 trainees, turns, think=1.0, after=3.0)
    assert_hit_during_the_run(result, hit)
    back = scaled.wait_until_back("action server 1", killed[0])
    assert result.notices().get("notice:actions_down", 0) >= 1, (result.summary(), scaled.tail())
    assert load_messages().actions_down in bot_texts(scaled, result.prefix)
    after = [s for s in result.turns() if s.at > back - result.started - 5]
    assert after, "no conversation continued after the action server came back"
    assert_complete(scaled, result, trainees, turns)


def test_postgres_restarts_during_the_run(scaled: ScaledStack) -> None:
    version = _postgres_version()
    need(version is not None and shutil.which("pg_ctlcluster") is not None,
         "no PostgreSQL cluster managed by pg_ctlcluster on this machine")
    trainees, turns = 4, 10

    def restart() -> None:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", str(version), "main", "restart"],
                       check=True, timeout=120, capture_output=True)

    result, hit = run_with_fault(scaled, restart, trainees, turns, think=1.0, after=2.0)
    assert_hit_during_the_run(result, hit)
    assert_complete(scaled, result, trainees, turns)


def test_one_of_two_rasa_servers_killed(scaled: ScaledStack) -> None:
    trainees, turns = 6, 10
    back: list[float] = []

    def kill_and_watch() -> None:
        # Watch from the kill on, during the run: how soon the supervisor has the server back is
        # the model's loading time, which varies with the machine.
        killed = scaled.kill("Rasa server 1")
        back.append(scaled.wait_until_back("Rasa server 1", killed, poll=0.2))

    result, hit = run_with_fault(scaled, kill_and_watch, trainees, turns, think=1.0, after=3.0)
    assert_hit_during_the_run(result, hit)
    assert_complete(scaled, result, trainees, turns)
    down = (hit - result.started, back[0] - result.started)
    during = [s for s in result.turns() if down[0] < s.at and s.at + s.latency_ms / 1000 < down[1]]
    assert during, f"no turn was answered while Rasa server 1 was down ({down[0]:.1f}–{down[1]:.1f} s): " \
                   f"the other did not take over ({result.summary()})"
