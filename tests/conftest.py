"""Shared fixtures: the core on real content files, and the real stack of processes."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "oefenavond.tar.gz"
STACK_READY_TIMEOUT = 300
PORTS_FROM = 20000
"""Test servers listen on ports from here up to the kernel's range for outgoing connections."""


def need(condition: bool, reason: str) -> None:
    """Skip with ``reason`` when ``condition`` fails; on CI (OEFENAVOND_REQUIRE_SERVICES=1) fail."""
    if condition:
        return
    if os.environ.get("OEFENAVOND_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required here but missing: {reason}")
    pytest.skip(reason)


def free_port(span: int = 1) -> int:
    """A free TCP port on 127.0.0.1, and the ``span - 1`` ports after it free too.

    Chosen below the kernel's range for outgoing connections: a port from that range can be taken
    by any new connection (to PostgreSQL, say) in the seconds before a slow server binds it.
    """
    first = _ephemeral_start() - span
    for _ in range(500):
        port = random.randrange(PORTS_FROM, first)
        if all(_bindable(port + offset) for offset in range(span)):
            return port
    raise RuntimeError(f"no {span} free consecutive ports between {PORTS_FROM} and {first}")


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """Serve a fake HTTP service on 127.0.0.1 while the block runs; its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.fixture(scope="session")
def nlp() -> object:
    """spaCy's Dutch pipeline, loaded once."""
    from oefenavond.moves import load_dutch

    return load_dutch()


@pytest.fixture(scope="session")
def practice(nlp: object) -> object:
    """The practice core on the shipped scenarios and lexicons (linguistic evidence only)."""
    from oefenavond.practice import Practice

    return Practice.create(nlp)


@dataclass
class RunningStack:
    """URLs and settings of a stack started for the tests."""

    rasa_url: str
    actions_url: str
    web_url: str
    token: str
    database_url: str
    env: dict[str, str]
    process: subprocess.Popen[str]
    log: Path


def start_stack(tmp: Path, extra_env: dict[str, str] | None = None) -> RunningStack:
    """Start scripts/stack.py on free ports with its own SQLite database; wait until it is ready."""
    need(MODEL.exists(), f"no trained model at {MODEL} (run `make model`)")
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port()}
    database_url = f"sqlite:///{tmp / 'tracker.db'}"
    env = dict(os.environ, **{k: str(v) for k, v in ports.items()},
               DATABASE_URL=database_url, RASA_API_TOKEN="test-token", WEB_SECRET_KEY="test-secret-key")
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.update(extra_env or {})
    log = tmp / "stack.log"
    handle = log.open("w")
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "stack.py")], cwd=ROOT, env=env,
                               stdout=handle, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + STACK_READY_TIMEOUT
    while "Oefenavond draait" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the stack did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.5)
    return RunningStack(
        rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
        actions_url=f"http://127.0.0.1:{ports['ACTIONS_PORT']}",
        web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
        token="test-token",
        database_url=database_url,
        env=env,
        process=process,
        log=log,
    )


def stop_stack(stack: RunningStack) -> int:
    """SIGTERM the stack and return its exit code."""
    if stack.process.poll() is None:
        stack.process.send_signal(signal.SIGTERM)
        try:
            stack.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            stack.process.kill()
    return int(stack.process.returncode)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """The real product (action server, Rasa server, web app) for the whole test session."""
    running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    stop_stack(running)
