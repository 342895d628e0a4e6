"""Trainer sign-in: password check, session cookie, rate limit in the database, sign-out."""

from __future__ import annotations

from datetime import timedelta

from storage import audit, login_attempts
from storage.models import LoginAttemptRow, utcnow
from tests.review.conftest import PASSWORD, World, csrf


def _post(client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/review/inloggen",
        data={"username": username, "password": password, "csrf_token": csrf(client, "/review/inloggen")},
        follow_redirects=False,
    )


def test_sign_in_sets_a_fresh_httponly_session_and_signs_out(world: World) -> None:
    client = world.client()
    page = client.get("/review/inloggen")
    assert page.status_code == 200 and 'lang="nl"' in page.text
    assert '<label for="username">' in page.text and 'autocomplete="current-password"' in page.text
    before = client.cookies.get("oefenavond_sessie")
    response = _post(client, "anna", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/review/gesprekken"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and PASSWORD not in cookie
    assert client.cookies.get("oefenavond_sessie") != before
    page = client.get("/review/gesprekken")
    assert "Ingelogd als Anna Trainer (trainer)" in page.text
    assert client.get("/review", follow_redirects=False).headers["location"] == "/review/gesprekken"
    assert client.get("/review/inloggen", follow_redirects=False).status_code == 303
    token = csrf(client, "/review/gesprekken")
    out = client.post("/review/uitloggen", data={"csrf_token": token}, follow_redirects=False)
    assert out.headers["location"] == "/review/inloggen?uitgelogd=1"
    assert "U bent uitgelogd" in client.get(out.headers["location"]).text
    assert client.get("/review/gesprekken", follow_redirects=False).status_code == 303
    actions = [e.action for e in audit.entries(db=world.db).entries]
    assert "login" in actions and "logout" in actions


def test_wrong_or_empty_credentials_are_refused_in_dutch(world: World) -> None:
    client = world.client()
    wrong = _post(client, "anna", "verkeerd")
    assert wrong.status_code == 401 and "Gebruikersnaam of wachtwoord klopt niet" in wrong.text
    assert 'aria-invalid="true"' in wrong.text and 'value="anna"' in wrong.text
    unknown = _post(client, "niemand", PASSWORD)
    assert unknown.status_code == 401 and unknown.text.count("klopt niet") == 1
    empty = _post(client, "anna", "")
    assert empty.status_code == 400 and "Vul uw gebruikersnaam en wachtwoord in" in empty.text
    trainee_code = _post(client, "anna", world.codes["sanne"])
    assert trainee_code.status_code == 401


def test_five_failures_per_username_and_address_block_for_a_quarter(world: World) -> None:
    client = world.client()
    for _ in range(login_attempts.MAX_FAILURES):
        assert _post(client, "Anna", "fout").status_code == 401
    blocked = _post(client, "anna", PASSWORD)
    assert blocked.status_code == 429 and "Wacht een kwartier" in blocked.text
    assert _post(client, "bert", PASSWORD).status_code == 303  # another username is not blocked
    # Another address is not blocked either, and old failures expire.
    assert not login_attempts.blocked("anna", "10.0.0.9", db=world.db)
    with world.db.session() as session:
        for row in session.query(LoginAttemptRow).filter_by(username="anna"):
            row.at = utcnow() - timedelta(minutes=16)
    assert _post(world.client(), "anna", PASSWORD).status_code == 303


def test_a_success_clears_the_failures(world: World) -> None:
    for _ in range(login_attempts.MAX_FAILURES - 1):
        login_attempts.record("anna", "1.2.3.4", False, db=world.db)
    login_attempts.record("anna", "1.2.3.4", True, db=world.db)
    login_attempts.record("anna", "1.2.3.4", False, db=world.db)
    assert not login_attempts.blocked("anna", "1.2.3.4", db=world.db)


def test_a_removed_or_demoted_account_counts_at_once(world: World) -> None:
    from storage import accounts

    admin = world.login("beheer")
    assert admin.get("/review/audit").status_code == 200
    accounts.set_trainer_role(world.ids["admin"], "trainer", db=world.db)
    assert admin.get("/review/audit").status_code == 403
