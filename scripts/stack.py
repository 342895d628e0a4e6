"""Start every Oefenavond process, wait until each answers, stop them all on Ctrl-C or SIGTERM.

Run by `make run`. Ports and the database come from the environment (oefenavond.settings).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import redis
import sqlalchemy
from sqlalchemy.exc import ArgumentError, DBAPIError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oefenavond.scenario import Library  # noqa: E402
from oefenavond.settings import Settings, SettingsError  # noqa: E402

BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "oefenavond.tar.gz"
VAR = ROOT / "var"
READY_TIMEOUT = 240.0
STOP_TIMEOUT = 15.0


@dataclass
class Service:
    """One process of the product and the URL that answers when it is ready."""

    name: str
    command: list[str]
    health: str
    url: str
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)


def child_env(settings: Settings) -> dict[str, str]:
    """The environment every process gets: endpoints.yml's variables and the shared secrets."""
    env = dict(os.environ)
    env.update(
        ACTION_ENDPOINT_URL=f"http://{settings.host}:{settings.actions_port}/webhook",
        DATABASE_URL=settings.database_url,
        DATABASE_DIALECT=settings.database_dialect,
        RASA_URL=settings.rasa_base_url,
        RASA_API_TOKEN=settings.rasa_api_token or secrets.token_urlsafe(24),
        WEB_SECRET_KEY=settings.web_secret_key or _stored_secret("web-secret-key"),
        PYTHONUNBUFFERED="1",
    )
    if settings.redis_url:
        redis = urlsplit(settings.redis_url)
        env.update(REDIS_HOST=redis.hostname or "127.0.0.1", REDIS_PORT=str(redis.port or 6379),
                   REDIS_DB=(redis.path.strip("/") or "0"))
    return env


def _stored_secret(name: str) -> str:
    """A secret generated on first run and kept in var/ (git-ignored), so sessions survive restarts."""
    path = VAR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def action_service(settings: Settings, port: int, name: str = "action server") -> Service:
    """An action server (rasa-sdk running actions/) on ``port``."""
    host = settings.host
    return Service(
        name,
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        f"http://{host}:{port}/health",
        f"http://{host}:{port}",
    )


def rasa_service(settings: Settings, token: str, port: int, name: str = "Rasa server") -> Service:
    """A Rasa server with the HTTP API on ``port``; several share the tracker and lock store (REDIS_URL)."""
    host = settings.host
    endpoints = "deploy/endpoints.scaled.yml" if settings.redis_url else "endpoints.yml"
    return Service(
        name,
        [str(BIN / "rasa"), "run", "--enable-api", "--auth-token", token, "--cors", "*",
         "--interface", host, "--port", str(port), "--model", str(MODEL),
         "--endpoints", endpoints, "--credentials", "credentials.yml"],
        f"http://{host}:{port}/status?token={token}",
        f"http://{host}:{port}",
    )


def client_services(settings: Settings) -> list[Service]:
    """The web app and, with a token, the Telegram bot: both reach Rasa at RASA_URL."""
    host = settings.host
    found = []
    if (ROOT / "web" / "__main__.py").exists():
        found.append(Service("web app", [str(BIN / "python"), "-m", "web"],
                             f"http://{host}:{settings.web_port}/health", f"http://{host}:{settings.web_port}"))
    if settings.telegram_bot_token and (ROOT / "telegram_bot" / "__main__.py").exists():
        found.append(Service("Telegram bot", [str(BIN / "python"), "-m", "telegram_bot"], "", "(Telegram)"))
    return found


def services(settings: Settings, env: dict[str, str]) -> list[Service]:
    """The processes to start, in order."""
    return [
        action_service(settings, settings.actions_port),
        rasa_service(settings, env["RASA_API_TOKEN"], settings.rasa_port),
        *client_services(settings),
    ]


def port_in_use(host: str, port: int) -> bool:
    """True when something already accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def preflight(settings: Settings, ports: dict[str, int]) -> list[str]:
    """What stops a start before any process runs: ports in use, an unreachable database or Redis,
    no usable scenario. Broken scenario files are printed and left out (the others stay available).
    """
    errors = [f"{variable}={port}: port {port} on {settings.host} is already in use"
              for variable, port in ports.items() if port_in_use(settings.host, port)]
    errors += database_problems(settings)
    if settings.redis_url:
        errors += redis_problems(settings.redis_url)
    library = Library.load(settings.scenario_dir)
    for problem in library.problems:
        print(f"scenario refused: {problem}", file=sys.stderr, flush=True)
    if not settings.scenario_dir.is_dir():
        errors.append(f"OEFENAVOND_SCENARIOS={settings.scenario_dir}: no such folder")
    elif not len(library):
        errors.append(f"OEFENAVOND_SCENARIOS={settings.scenario_dir}: no valid scenario file in it")
    return errors


def database_problems(settings: Settings) -> list[str]:
    """Why DATABASE_URL cannot be used, if it cannot (PostgreSQL: connect once; SQLite: its folder)."""
    if settings.database_dialect == "sqlite":
        folder = Path(sqlalchemy.engine.make_url(settings.database_url).database or ".").parent
        return [] if folder.is_dir() else [f"DATABASE_URL: folder {folder} does not exist"]
    try:
        engine = sqlalchemy.create_engine(settings.database_url, connect_args={"connect_timeout": 5})
        with engine.connect():
            pass
        engine.dispose()
    except (ArgumentError, DBAPIError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return [f"DATABASE_URL: cannot connect to {_without_password(settings.database_url)}: {reason}"]
    return []


def redis_problems(redis_url: str) -> list[str]:
    """Why REDIS_URL cannot be used, if it cannot."""
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except (redis.RedisError, ValueError) as error:
        return [f"REDIS_URL: cannot reach {redis_url}: {error}"]
    return []


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def answers(url: str) -> bool:
    """True when ``url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


class Stack:
    """Starts and stops the services as one unit."""

    def __init__(self, services: list[Service], env: dict[str, str]) -> None:
        self.services = services
        self.env = env

    def start(self) -> None:
        """Start every service in its own process group and wait until each answers."""
        for service in self.services:
            print(f"starting {service.name}: {' '.join(service.command[:3])} …", flush=True)
            service.process = subprocess.Popen(service.command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + READY_TIMEOUT
        for service in self.services:
            while service.health and not answers(service.health):
                self._check_alive()
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{service.name} did not answer within {READY_TIMEOUT:.0f} s")
                time.sleep(0.5)

    def _check_alive(self) -> None:
        for service in self.services:
            if service.process and service.process.poll() is not None:
                raise RuntimeError(f"{service.name} stopped with exit code {service.process.returncode}")

    def wait(self) -> None:
        """Block until a service stops by itself (an error) or a signal arrives."""
        while True:
            self._check_alive()
            time.sleep(1)

    def stop(self) -> None:
        """SIGTERM every process group, then SIGKILL what is still there after a grace period."""
        running = [s.process for s in reversed(self.services) if s.process and s.process.poll() is None]
        for process in running:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        for process in running:
            _signal_group(process, signal.SIGKILL)  # children the leader left behind


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """Run the stack until Ctrl-C or SIGTERM."""
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    if not MODEL.exists():
        print(f"no trained model at {MODEL}: run `make run` (it trains first)", file=sys.stderr)
        return 2
    VAR.mkdir(exist_ok=True)
    ports = {"RASA_PORT": settings.rasa_port, "ACTIONS_PORT": settings.actions_port, "WEB_PORT": settings.web_port}
    errors = preflight(settings, ports)
    if errors:
        for problem in errors:
            print(f"configuration error: {problem}", file=sys.stderr)
        return 2
    env = child_env(settings)
    stack = Stack(services(settings, env), env)

    def ready(seconds: float) -> None:
        print(f"\nOefenavond draait (ready in {seconds:.0f} s):", flush=True)
        for service in stack.services:
            print(f"  {service.name:15} {service.url}", flush=True)
        if not settings.telegram_bot_token:
            print("  Telegram bot     skipped: TELEGRAM_BOT_TOKEN is not set", flush=True)

    return serve(stack, ready, stack.wait)


def serve(stack: Stack, ready: Callable[[float], None], wait: Callable[[], None]) -> int:
    """Start ``stack``, say it is ready (after how many seconds), ``wait``; stop everything on Ctrl-C,
    SIGTERM or a failure. The exit code: 0 when stopped, 1 when something failed."""
    signal.signal(signal.SIGTERM, _raise_interrupt)
    started = time.monotonic()
    try:
        stack.start()
        ready(time.monotonic() - started)
        print("Stop with Ctrl-C.", flush=True)
        wait()
    except KeyboardInterrupt:
        print("\nstopping …", flush=True)
        return 0
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
