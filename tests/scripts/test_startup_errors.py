"""Malformed configuration stops `make run` and `make run-scaled` at once, with a message naming it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port

SCENARIOS = ROOT / "scenarios"


def start(script: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run scripts/<script> with ``env`` on top of free ports; it must stop by itself."""
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port()}
    full = dict(os.environ, **{k: str(v) for k, v in ports.items()}, RASA_API_TOKEN="t", WEB_SECRET_KEY="s")
    full.pop("TELEGRAM_BOT_TOKEN", None)
    full.update(env)
    return subprocess.run([sys.executable, str(ROOT / "scripts" / script)], cwd=ROOT, env=full, text=True,
                          capture_output=True, timeout=timeout, check=False)


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port something listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nergens"}, "DATABASE_URL: cannot connect"),
        ({"DATABASE_URL": "mysql://x@127.0.0.1/db"}, "DATABASE_URL must start with sqlite:/// or postgresql://"),
        ({"DATABASE_URL": "sqlite:////geen/map/tracker.db"}, "DATABASE_URL: folder /geen/map does not exist"),
        ({"RASA_PORT": "abc"}, "RASA_PORT='abc' must be a port number"),
        ({"WEB_PORT": "70000"}, "WEB_PORT='70000' must be a port number"),
        ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "REDIS_URL: cannot reach"),
        ({"OEFENAVOND_SCENARIOS": "/geen/scenarios"}, "OEFENAVOND_SCENARIOS=/geen/scenarios: no such folder"),
    ],
)
def test_stack_refuses_bad_configuration(env: dict[str, str], message: str) -> None:
    done = start("stack.py", env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert "starting" not in done.stdout  # nothing was started


def test_stack_refuses_a_port_in_use(busy_port: int) -> None:
    done = start("stack.py", {"ACTIONS_PORT": str(busy_port)})
    assert done.returncode == 2
    assert f"ACTIONS_PORT={busy_port}: port {busy_port} on 127.0.0.1 is already in use" in done.stderr


def test_a_broken_scenario_file_is_named_with_its_line(tmp_path: Path, busy_port: int) -> None:
    (tmp_path / "bos-kap.yml").write_text((SCENARIOS / "bos-kap.yml").read_text())
    (tmp_path / "kapot.yml").write_text("id: kapot\ntitle: [niet gesloten\n")
    # The good scenario keeps the start going; the busy port stops it before any process runs.
    done = start("stack.py", {"OEFENAVOND_SCENARIOS": str(tmp_path), "WEB_PORT": str(busy_port)})
    assert done.returncode == 2
    assert f"scenario refused: {tmp_path / 'kapot.yml'}:" in done.stderr and "not valid YAML" in done.stderr


def test_no_valid_scenario_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / "kapot.yml").write_text("id: kapot\n")
    done = start("stack.py", {"OEFENAVOND_SCENARIOS": str(tmp_path)})
    assert done.returncode == 2
    assert "scenario refused" in done.stderr and "no valid scenario file" in done.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "sqlite:////tmp/x.db"}, "DATABASE_URL must be postgresql://"),
        ({"NGINX": "/geen/nginx"}, "apt-get install nginx-light"),
        ({"RASA_SERVERS": "0"}, "RASA_SERVERS='0' must be a whole number from 1 to 16"),
        ({"ACTION_SERVERS": "veel"}, "ACTION_SERVERS='veel' must be a whole number from 1 to 16"),
    ],
)
def test_scaled_setup_refuses_bad_configuration(env: dict[str, str], message: str) -> None:
    done = start("scaled.py", env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
