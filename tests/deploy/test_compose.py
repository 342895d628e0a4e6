"""deploy/docker-compose.yml and its nginx configuration, checked without Docker (none runs here)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, need

DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_every_process_of_the_scaled_setup_is_a_service(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "rasa-1", "rasa-2", "actions-1", "actions-2", "nginx", "web", "telegram"} <= set(
        services)
    for name in ("rasa-1", "rasa-2", "actions-1", "actions-2", "web", "telegram"):
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
        assert (ROOT / services[name]["build"]["dockerfile"]).exists()
    for name in ("rasa-1", "rasa-2"):
        command = services[name]["command"]
        assert "--endpoints deploy/endpoints.scaled.yml" in command and "--enable-api" in command
        assert set(services[name]["depends_on"]) == {"postgres", "redis"}


def test_the_rasa_servers_get_every_variable_their_endpoints_use(compose: dict[str, Any]) -> None:
    needed = set(re.findall(r"\$\{(\w+)\}", (DEPLOY / "endpoints.scaled.yml").read_text()))
    for name in ("rasa-1", "rasa-2"):
        assert needed <= set(compose["services"][name]["environment"]), needed


def test_clients_reach_rasa_through_nginx(compose: dict[str, Any]) -> None:
    for name in ("web", "telegram", "actions-1"):
        environment = compose["services"][name]["environment"]
        assert environment["RASA_URL"] == "http://nginx:5005"
    assert compose["services"]["rasa-1"]["environment"]["ACTION_ENDPOINT_URL"] == "http://nginx:5055/webhook"


def test_the_compose_nginx_config_is_generated_from_the_template() -> None:
    from scaled import compose_nginx_config

    committed = (DEPLOY / "compose" / "nginx.conf").read_text()
    assert committed == compose_nginx_config(), "run: .venv/bin/python scripts/scaled.py --compose-nginx"
    assert set(re.findall(r"server (\S+):\d+ ", committed)) == {"rasa-1", "rasa-2", "actions-1", "actions-2"}


def test_nginx_accepts_the_compose_config(tmp_path: Path) -> None:
    need(shutil.which("nginx") is not None, "nginx is not installed (apt-get install nginx-light)")
    text = (DEPLOY / "compose" / "nginx.conf").read_text()
    text = re.sub(r"server (rasa|actions)-\d:", "server 127.0.0.1:", text).replace("/tmp", str(tmp_path))
    text = text.replace("listen 0.0.0.0:5005", "listen 127.0.0.1:1")
    text = text.replace("listen 0.0.0.0:5055", "listen 127.0.0.1:2")
    config = tmp_path / "nginx.conf"
    config.write_text(text)
    done = subprocess.run(["nginx", "-t", "-q", "-p", str(tmp_path), "-c", str(config)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
