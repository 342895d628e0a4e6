"""The trainer review under Starlette's TestClient, on SQLite and on PostgreSQL.

Every test gets a fresh, migrated database with an admin, two trainers with a group each, three
trainees and four conversations whose tracker events were produced by the real core (played
once per session), so the review reads what Rasa's tracker store would hold.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from oefenavond.practice import Practice
from oefenavond.scenario import Library
from oefenavond.settings import Settings
from storage import accounts, conversations, migrate
from storage.database import Database
from storage.models import ConversationRow
from tests.conftest import need
from tests.storage.conftest import POSTGRES_SERVER, postgres_available
from tests.storage.rasa_events import add_bot, add_slot, add_user, create_events_table
from web.app import create_app

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SCRIPTS = Path(__file__).resolve().parent.parent / "data" / "scripts"
PASSWORD = "geheim-wachtwoord"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> " onmouseover="alert(2)'
LONG = "A" * 3000


@dataclass(frozen=True)
class Played:
    """A conversation played by the core: replies, bot payloads (opening first) and final state."""

    replies: list[str]
    payloads: list[dict[str, Any]]
    state: dict[str, Any]


def _play(practice: Practice, scenario: str, replies: list[str], mode: str = "oefen") -> Played:
    state, line = practice.open(scenario, mode, 7)  # type: ignore[arg-type]
    payloads: list[dict[str, Any]] = [{"type": "opening", "resident_line": line, "state": {"emotion": 6}}]
    used: list[str] = []
    for reply in replies:
        if state.resident.ended:
            break
        turn = practice.reply(state, practice.analyse(state, reply))
        state = turn.state
        payloads.append(turn.payload())
        used.append(reply)
    return Played(used, payloads, state.to_dict())


def _script(scenario: str, kind: str) -> list[str]:
    path = SCRIPTS / scenario / f"{kind}.txt"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def played(practice: Practice) -> dict[str, Played]:
    """Conversations played once: a good and a bad one with Ilse, a hostile one, another resident."""
    return {
        "good": _play(practice, "azc-onveilig", _script("azc-onveilig", "good")),
        "bad": _play(practice, "azc-onveilig", _script("azc-onveilig", "bad")),
        "hostile": _play(practice, "bos-kap", [HOSTILE, LONG, "Wat bedoelt u precies?"]),
        "other": _play(practice, "bos-kap", _script("bos-kap", "good")),
    }


@pytest.fixture(scope="session")
def library() -> Library:
    """The shipped scenarios."""
    return Library.load(Settings().scenario_dir)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A throwaway database on each dialect."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'review.db'}"
        return
    need(postgres_available(), "PostgreSQL is not reachable on 127.0.0.1:5432 (user postgres, trust auth)")
    name = f"oefenavond_review_{uuid.uuid4().hex[:12]}"
    server = sa.create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def store(db: Database, sender_id: str, conversation: Played) -> None:
    """Write a played conversation into the events table as Rasa's SQL tracker store does."""
    create_events_table(db)
    add_user(db, sender_id, '/start_scenario{"scenario_id": "x"}', "start")
    add_bot(db, sender_id, conversation.payloads[0])
    for number, (reply, payload) in enumerate(zip(conversation.replies, conversation.payloads[1:], strict=True)):
        add_user(db, sender_id, reply, f"m{number}")
        add_bot(db, sender_id, payload)
    add_slot(db, sender_id, conversation.state)


@dataclass
class World:
    """The app, its database and the people and conversations in it."""

    app: Any
    db: Database
    ids: dict[str, int] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    senders: dict[str, str] = field(default_factory=dict)

    def client(self) -> TestClient:
        """A fresh browser (no cookies)."""
        return TestClient(self.app, base_url="http://127.0.0.1:8000")

    def login(self, username: str | None, client: TestClient | None = None) -> TestClient:
        """A client signed in as a trainer/admin (``username``), or anonymous (None)."""
        client = client or self.client()
        if username is None:
            return client
        response = client.post(
            "/review/inloggen",
            data={"username": username, "password": PASSWORD, "csrf_token": csrf(client, "/review/inloggen")},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return client

    def trainee(self, name: str = "sanne") -> TestClient:
        """A client signed in with a trainee's personal code."""
        client = self.client()
        response = client.post(
            "/inloggen",
            data={"code": self.codes[name], "csrf_token": csrf(client, "/inloggen")},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return client


def csrf(client: TestClient, path: str) -> str:
    """The CSRF token from a page's form."""
    page = client.get(path)
    found = CSRF.search(page.text)
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


@pytest.fixture()
def world(
    database_url: str, library: Library, played: dict[str, Played], monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    """A migrated database with accounts and conversations, and the app on it."""
    monkeypatch.setattr("storage.credentials._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    db = Database(database_url)
    migrate.upgrade(db)
    settings = Settings(web_secret_key="test-secret", database_url=database_url, rasa_url="http://127.0.0.1:5999")
    app = create_app(settings, db, migrate_on_start=False, library=library)
    found = World(app, db)
    admin = accounts.create_trainer("beheer", "Bea Beheer", PASSWORD, "admin", db=db)
    anna = accounts.create_trainer("anna", "Anna Trainer", PASSWORD, db=db)
    bert = accounts.create_trainer("bert", "Bert Trainer", PASSWORD, db=db)
    group_a = accounts.create_group("Groep Anna", anna.id, db=db)
    group_b = accounts.create_group("Groep Bert", bert.id, db=db)
    found.ids.update(admin=admin.id, anna=anna.id, bert=bert.id, group_a=group_a.id, group_b=group_b.id)
    people = (("sanne", "Sanne de Vries", group_a), ("noor", HOSTILE, group_a), ("bram", "Bram", group_b))
    for key, name, group in people:
        trainee, code = accounts.create_trainee(name, group.id, db=db)
        found.ids[key], found.codes[key] = trainee.id, code
    plan = [
        ("good", "sanne", "azc-onveilig", "web", "oefen", datetime(2025, 3, 1, 10, tzinfo=timezone.utc)),
        ("bad", "sanne", "azc-onveilig", "telegram", "oefen", datetime(2025, 3, 10, 10, tzinfo=timezone.utc)),
        ("hostile", "noor", "bos-kap", "web", "toets", datetime(2025, 4, 2, 10, tzinfo=timezone.utc)),
        ("other", "bram", "bos-kap", "web", "oefen", datetime(2025, 4, 5, 10, tzinfo=timezone.utc)),
    ]
    for key, trainee, scenario, channel, mode, started in plan:
        sender = f"{channel}-{key}-{uuid.uuid4().hex[:8]}"
        row = conversations.start_conversation(sender, found.ids[trainee], scenario, channel, mode, db=db)
        with db.session() as session:
            session.execute(sa.update(ConversationRow).where(ConversationRow.id == row.id).values(started_at=started))
        store(db, sender, played[key])
        found.ids[f"c_{key}"], found.senders[key] = row.id, sender
    yield found
    db.dispose()
