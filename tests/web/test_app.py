"""Health, security headers, static files, errors, UI texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from oefenavond.moves.labels import MOVES
from oefenavond.settings import Settings
from storage.database import Database
from tests.conftest import need
from tests.web.conftest import Web
from web.app import SOCKET_IO_CLIENT, ConfigurationError, create_app
from web.texts import TextsError, load_texts


def test_health_is_ok_when_the_database_answers(web: Web) -> None:
    assert web.client.get("/health").status_code == 200


def test_health_fails_when_the_database_does_not_answer(tmp_path: Path) -> None:
    settings = Settings(web_secret_key="k", database_url="sqlite:////nonexistent/dir/x.db")
    app = create_app(settings, migrate_on_start=False)
    with TestClient(app) as client:
        response = client.get("/health")
    assert response.status_code == 503


def test_the_secret_key_is_required() -> None:
    with pytest.raises(ConfigurationError):
        create_app(Settings(web_secret_key=None))


def test_security_headers(web: Web) -> None:
    headers = web.client.get("/inloggen").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "connect-src 'self' http://127.0.0.1:5999 ws://127.0.0.1:5999" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_static_files_and_the_socket_io_client(web: Web) -> None:
    assert "transcript" in web.client.get("/static/style.css").text
    assert "bot_uttered" in web.client.get("/static/chat.js").text
    need(SOCKET_IO_CLIENT.exists(), "node_modules missing: run `npm ci` (scripts/setup.sh does)")
    response = web.client.get("/static/vendor/socket.io.min.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert "Socket.IO v4.8" in response.text[:200]


def test_errors_are_dutch_pages_and_json_under_api(web: Web) -> None:
    response = web.client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text and 'lang="nl"' in response.text
    response = web.client.get("/api/gesprekken/x/verloop")
    assert response.status_code == 401
    assert response.json() == {"error": load_texts()["errors"]["401"]}
    response = web.client.put("/inloggen")
    assert response.status_code == 405 and "Dat kan hier niet" in response.text


def test_every_move_outcome_and_mood_has_a_dutch_text() -> None:
    texts = load_texts()
    assert set(MOVES) <= set(texts["moves"])
    assert {"resolved", "walked_away", "turn_limit", "onderbroken"} <= set(texts["debrief"]["outcomes"])
    assert {"boos", "onrustig", "rustig"} <= set(texts["moods"])


def test_texts_file_problems_are_reported(tmp_path: Path) -> None:
    broken = tmp_path / "texts.yml"
    broken.write_text("app_name: x\n")
    with pytest.raises(TextsError, match="lacks"):
        load_texts(broken)
    with pytest.raises(TextsError):
        load_texts(tmp_path / "missing.yml")


def test_database_errors_become_a_dutch_503(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlalchemy as sa

    from storage import accounts

    def broken(*args: object, **kwargs: object) -> None:
        raise sa.exc.OperationalError("SELECT", {}, Exception("gone"))

    monkeypatch.setattr(accounts, "trainee_by_code", broken)
    response = web.client.post("/inloggen", data={"code": "ABCDEFGH", "csrf_token": web.csrf()})
    assert response.status_code == 503
    assert "even niet beschikbaar" in response.text


def test_database_constructor_accepts_postgres_scheme() -> None:
    database = Database("postgres://postgres@127.0.0.1:1/x")
    assert database.engine.url.drivername.startswith("postgresql")
