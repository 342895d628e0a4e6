"""The web app under Starlette's TestClient on its own SQLite database (no Rasa needed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from oefenavond.scenario import Library
from oefenavond.settings import Settings
from storage import accounts
from storage.database import Database
from web.app import create_app

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Web:
    """A running test app: its client and database, and a trainee with their code."""

    client: TestClient
    db: Database
    trainee_id: int
    code: str
    group_id: int

    def csrf(self, path: str = "/inloggen") -> str:
        """The CSRF token from a page's form."""
        found = CSRF.search(self.client.get(path).text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def sign_in(self, code: str | None = None) -> None:
        """Sign in with ``code`` (default: this trainee's)."""
        response = self.client.post(
            "/inloggen", data={"code": code or self.code, "csrf_token": self.csrf()}, follow_redirects=False
        )
        assert response.status_code == 303, response.text

    def start(self, scenario: str = "azc-onveilig", mode: str = "oefen") -> str:
        """Start a conversation through the picker's form; returns its sender id."""
        response = self.client.post(
            "/gesprekken",
            data={"scenario": scenario, "mode": mode, "csrf_token": self.csrf("/oefenen")},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return response.headers["location"].split("/gesprek/")[1].split("?")[0]


@pytest.fixture(scope="session")
def library() -> Library:
    """The shipped scenarios, loaded once."""
    return Library.load(Settings().scenario_dir)


@pytest.fixture()
def web(tmp_path: Path, library: Library) -> Iterator[Web]:
    """The app with one trainee."""
    settings = Settings(
        web_secret_key="test-secret", database_url=f"sqlite:///{tmp_path / 'web.db'}", rasa_url="http://127.0.0.1:5999"
    )
    db = Database(settings.database_url)
    app = create_app(settings, db, library=library)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        trainer = accounts.create_trainer("anna", "Anna", "wachtwoord", db=db)
        group = accounts.create_group("Groep", trainer.id, db=db)
        trainee, code = accounts.create_trainee("Sanne de Vries", group.id, db=db)
        yield Web(client, db, trainee.id, code, group.id)
    db.dispose()
