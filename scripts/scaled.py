"""The scaled-out setup on one machine: several Rasa servers and action servers behind nginx.

Run by `make run-scaled`. What it starts, on OEFENAVOND_HOST (127.0.0.1):

- ACTION_SERVERS action servers (default 1) on ACTIONS_BACKEND_PORT, +1, …;
- RASA_SERVERS Rasa servers (default 2) on RASA_BACKEND_PORT, +1, …, sharing the SQL tracker store
  on PostgreSQL (DATABASE_URL, created when missing) and the Redis lock store (REDIS_URL);
- nginx (the distribution's package) with a generated configuration in var/nginx-<RASA_PORT>/:
  Rasa at RASA_PORT, the action servers at ACTIONS_PORT (see deploy/nginx.conf.in);
- the web app and, with TELEGRAM_BOT_TOKEN, the Telegram bot, both pointing at the proxy.

With --supervise a process that exits is started again (as systemd or Kubernetes would); the fault
tests use that. --state-file writes the running processes (name, pid, url) as JSON.
Processes, start and stop come from scripts/stack.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import MutableMapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy
from sqlalchemy.exc import DBAPIError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import (
    MODEL,
    ROOT,
    VAR,
    Service,
    Stack,
    action_service,
    child_env,
    client_services,
    preflight,
    rasa_service,
    serve,
)

from oefenavond.messages import load_messages
from oefenavond.settings import Settings, SettingsError

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/oefenavond"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
TEMPLATE = ROOT / "deploy" / "nginx.conf.in"
COMPOSE_NGINX = ROOT / "deploy" / "compose" / "nginx.conf"
RESTART_LIMIT = 10
RESTART_DELAY = 1.0


class ScaledSetupError(RuntimeError):
    """The scaled setup cannot start; the message says why and what to do."""


def run_dir(settings: Settings) -> Path:
    """Where nginx's generated configuration, pid file, logs and temporary files live."""
    return VAR / f"nginx-{settings.rasa_port}"


def backend_ports(first: int, count: int) -> list[int]:
    """``count`` consecutive ports from ``first``."""
    return [first + index for index in range(count)]


def nginx_binary(settings: Settings) -> str:
    """The nginx executable, or a clear error saying how to install it."""
    found = shutil.which(settings.nginx)
    if not found:
        raise ScaledSetupError(
            f"nginx not found (NGINX={settings.nginx!r}): the scaled setup needs the distribution's nginx, "
            "e.g. `apt-get install nginx-light` on Debian or Ubuntu"
        )
    return found


def actions_down_response() -> str:
    """The action server response that nginx returns when no action server answers."""
    text = load_messages().actions_down
    notice = {"type": "notice", "code": "actions_down", "text": text}
    return json.dumps({"events": [], "responses": [{"text": text, "custom": {"data": notice}}]})


def nginx_string(text: str) -> str:
    """``text`` for a single-quoted nginx string: no variables, backslashes and quotes escaped."""
    return text.replace("$", "\\u0024").replace("\\", "\\\\").replace("'", "\\'")


def render_nginx(values: dict[str, str]) -> str:
    """deploy/nginx.conf.in with its @NAMES@ filled in (the Dutch actions-down answer included)."""
    text = TEMPLATE.read_text()
    for name, value in {**values, "ACTIONS_DOWN_JSON": nginx_string(actions_down_response())}.items():
        text = text.replace(f"@{name}@", value)
    return text


def upstream_servers(addresses: list[str]) -> str:
    """The ``server`` lines of an upstream block."""
    return "\n".join(f"        server {address} max_fails=1 fail_timeout=3s;" for address in addresses)


def nginx_config(settings: Settings, directory: Path, access_log: bool = False) -> str:
    """The configuration for this machine: everything on OEFENAVOND_HOST, files under ``directory``."""
    host = settings.host
    rasa = backend_ports(settings.rasa_backend_port, settings.rasa_servers)
    actions = backend_ports(settings.actions_backend_port, settings.action_servers)
    return render_nginx({
        "RUN_DIR": str(directory),
        "ERROR_LOG": f"{directory}/error.log",
        "ACCESS_LOG": f"{directory}/access.log" if access_log else "off",
        "HOST": host,
        "RASA_PORT": str(settings.rasa_port),
        "ACTIONS_PORT": str(settings.actions_port),
        "RASA_SERVERS": upstream_servers([f"{host}:{port}" for port in rasa]),
        "ACTION_SERVERS": upstream_servers([f"{host}:{port}" for port in actions]),
    })


def compose_nginx_config() -> str:
    """deploy/compose/nginx.conf: the services of deploy/docker-compose.yml, logs to the container's output."""
    return render_nginx({
        "RUN_DIR": "/tmp",
        "ERROR_LOG": "stderr",
        "ACCESS_LOG": "/dev/stdout",
        "HOST": "0.0.0.0",
        "RASA_PORT": "5005",
        "ACTIONS_PORT": "5055",
        "RASA_SERVERS": upstream_servers(["rasa-1:5005", "rasa-2:5005"]),
        "ACTION_SERVERS": upstream_servers(["actions-1:5055", "actions-2:5055"]),
    })


def write_nginx_config(settings: Settings, binary: str, access_log: bool = False) -> Path:
    """Write the configuration into var/ and have nginx check it."""
    directory = run_dir(settings)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "nginx.conf"
    path.write_text(nginx_config(settings, directory, access_log))
    check = subprocess.run([binary, "-t", "-q", "-p", str(directory), "-c", str(path)],
                           capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise ScaledSetupError(f"nginx refused {path}: {check.stderr.strip()}")
    return path


def ensure_database(database_url: str) -> bool:
    """Create the PostgreSQL database of ``database_url`` when it does not exist; True if created."""
    parts = urlsplit(database_url)
    name = parts.path.strip("/")
    if not name.replace("_", "").replace("-", "").isalnum():
        raise ScaledSetupError(f"DATABASE_URL: database name {name!r} must be letters, digits, _ or -")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    engine = sqlalchemy.create_engine(maintenance, isolation_level="AUTOCOMMIT",
                                      connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            exists = connection.execute(sqlalchemy.text("select 1 from pg_database where datname = :name"),
                                        {"name": name}).first()
            if not exists:
                connection.execute(sqlalchemy.text(f'create database "{name}"'))
            return not exists
    except DBAPIError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        raise ScaledSetupError(f"DATABASE_URL: cannot create database {name!r}: {reason}") from error
    finally:
        engine.dispose()


def scaled_services(settings: Settings, env: dict[str, str], binary: str, config: Path) -> list[Service]:
    """Action servers, Rasa servers, nginx, then the clients, in start order."""
    found = [
        action_service(settings, port, f"action server {index + 1}")
        for index, port in enumerate(backend_ports(settings.actions_backend_port, settings.action_servers))
    ]
    found += [
        rasa_service(settings, env["RASA_API_TOKEN"], port, f"Rasa server {index + 1}")
        for index, port in enumerate(backend_ports(settings.rasa_backend_port, settings.rasa_servers))
    ]
    found.append(Service(
        "nginx",
        [binary, "-p", str(config.parent), "-c", str(config), "-g", "daemon off;"],
        f"http://{settings.host}:{settings.rasa_port}/",
        f"http://{settings.host}:{settings.rasa_port} (Rasa), http://{settings.host}:{settings.actions_port} (actions)",
    ))
    return found + client_services(settings)


class SupervisedStack(Stack):
    """A Stack that starts a process again when it exits, up to RESTART_LIMIT times each."""

    def __init__(self, services: list[Service], env: dict[str, str], state_file: Path | None) -> None:
        super().__init__(services, env)
        self.state_file = state_file
        self.restarts: dict[str, int] = {}

    def write_state(self) -> None:
        """The running processes as JSON, for the fault tests and the benchmark."""
        if not self.state_file:
            return
        state = {"services": [{"name": s.name, "pid": s.process.pid if s.process else None, "url": s.url,
                               "health": s.health, "restarts": self.restarts.get(s.name, 0)}
                              for s in self.services]}
        temporary = self.state_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(state, indent=1))
        temporary.replace(self.state_file)

    def supervise(self) -> None:
        """Block until a signal; restart what exits."""
        while True:
            for service in self.services:
                if service.process is None or service.process.poll() is None:
                    continue
                count = self.restarts.get(service.name, 0) + 1
                if count > RESTART_LIMIT:
                    raise RuntimeError(f"{service.name} exited {RESTART_LIMIT} times; giving up")
                print(f"{service.name} exited with code {service.process.returncode}; starting it again "
                      f"({count})", flush=True)
                time.sleep(RESTART_DELAY)
                self.restarts[service.name] = count
                service.process = subprocess.Popen(service.command, cwd=ROOT, env=self.env, start_new_session=True)
                self.write_state()
            time.sleep(0.5)


def prepare_environment(environ: MutableMapping[str, str]) -> Settings:
    """Defaults of the scaled setup (local PostgreSQL and Redis) and the checks that need no process."""
    environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    settings = Settings.from_env(environ)
    if settings.database_dialect != "postgresql":
        raise ScaledSetupError("DATABASE_URL must be postgresql://…: several Rasa servers share one tracker "
                               f"store, which SQLite cannot serve (got {settings.database_url!r})")
    return settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--supervise", action="store_true", help="start a process again when it exits")
    parser.add_argument("--state-file", type=Path, help="write the running processes here as JSON")
    parser.add_argument("--access-log", action="store_true", help="nginx access log in var/nginx-<port>/")
    parser.add_argument("--compose-nginx", action="store_true",
                        help=f"only write {COMPOSE_NGINX.relative_to(ROOT)} (for deploy/docker-compose.yml) and stop")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the scaled setup until Ctrl-C or SIGTERM."""
    args = parse_args(argv)
    if args.compose_nginx:
        COMPOSE_NGINX.write_text(compose_nginx_config())
        print(f"written: {COMPOSE_NGINX.relative_to(ROOT)}")
        return 0
    try:
        settings = prepare_environment(os.environ)
        binary = nginx_binary(settings)
        if not MODEL.exists():
            raise ScaledSetupError(f"no trained model at {MODEL}: run `make model` first")
        if ensure_database(settings.database_url):
            print(f"created database {urlsplit(settings.database_url).path.strip('/')}", flush=True)
        ports = {"RASA_PORT (nginx)": settings.rasa_port, "ACTIONS_PORT (nginx)": settings.actions_port,
                 "WEB_PORT": settings.web_port}
        for index, port in enumerate(backend_ports(settings.rasa_backend_port, settings.rasa_servers)):
            ports[f"RASA_BACKEND_PORT+{index}"] = port
        for index, port in enumerate(backend_ports(settings.actions_backend_port, settings.action_servers)):
            ports[f"ACTIONS_BACKEND_PORT+{index}"] = port
        errors = preflight(settings, ports)
        if errors:
            raise ScaledSetupError("\n".join(errors))
        VAR.mkdir(exist_ok=True)
        config = write_nginx_config(settings, binary, args.access_log)
    except (SettingsError, ScaledSetupError) as error:
        for line in str(error).splitlines():
            print(f"configuration error: {line}", file=sys.stderr)
        return 2
    env = child_env(settings)
    stack = SupervisedStack(scaled_services(settings, env, binary, config), env, args.state_file)

    def ready(seconds: float) -> None:
        stack.write_state()
        print(f"\nOefenavond draait, opgeschaald (ready in {seconds:.0f} s):", flush=True)
        for service in stack.services:
            print(f"  {service.name:15} {service.url}", flush=True)
        print(f"  nginx config    {config}", flush=True)
        print(f"  database        {settings.database_url}\n  lock store      {settings.redis_url}", flush=True)

    return serve(stack, ready, stack.supervise if args.supervise else stack.wait)


if __name__ == "__main__":
    sys.exit(main())
