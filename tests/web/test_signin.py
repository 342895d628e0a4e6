"""Signing in with a personal code: session cookie, CSRF, rate limit, signing out."""

from __future__ import annotations

from tests.web.conftest import Web


def test_anonymous_visitors_go_to_sign_in(web: Web) -> None:
    for path in ("/", "/oefenen"):
        response = web.client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/inloggen"
    page = web.client.get("/inloggen")
    assert page.status_code == 200
    assert 'lang="nl"' in page.text and "Persoonlijke code" in page.text
    assert '<label for="code">' in page.text


def test_sign_in_with_the_code_sets_a_signed_httponly_samesite_cookie(web: Web) -> None:
    token = web.csrf()
    response = web.client.post(
        "/inloggen", data={"code": web.code.lower(), "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/oefenen"
    cookie = response.headers["set-cookie"].lower()
    assert "oefenavond_sessie=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert web.code.lower() not in cookie
    page = web.client.get("/oefenen")
    assert "Ingelogd als Sanne de Vries" in page.text


def test_wrong_or_empty_code_is_refused_in_dutch(web: Web) -> None:
    response = web.client.post("/inloggen", data={"code": "ZZZZZZZZ", "csrf_token": web.csrf()})
    assert response.status_code == 401
    assert "Deze code kennen we niet" in response.text
    assert 'aria-invalid="true"' in response.text
    response = web.client.post("/inloggen", data={"code": "  ", "csrf_token": web.csrf()})
    assert response.status_code == 400 and "Vul uw persoonlijke code in" in response.text


def test_forms_without_the_csrf_token_are_refused(web: Web) -> None:
    response = web.client.post("/inloggen", data={"code": web.code})
    assert response.status_code == 403
    assert "formulier is verlopen" in response.text
    response = web.client.post("/inloggen", data={"code": web.code, "csrf_token": "forged"})
    assert response.status_code == 403
    web.sign_in()
    assert web.client.post("/uitloggen", data={}).status_code == 403
    assert web.client.post("/gesprekken", data={"scenario": "azc-onveilig", "mode": "oefen"}).status_code == 403


def test_sign_in_is_rate_limited(web: Web) -> None:
    for _ in range(10):
        assert web.client.post("/inloggen", data={"code": "ZZZZZZZZ", "csrf_token": web.csrf()}).status_code == 401
    response = web.client.post("/inloggen", data={"code": web.code, "csrf_token": web.csrf()})
    assert response.status_code == 429
    assert "Te vaak" in response.text


def test_sign_out_ends_the_session(web: Web) -> None:
    web.sign_in()
    response = web.client.post("/uitloggen", data={"csrf_token": web.csrf("/oefenen")}, follow_redirects=False)
    assert response.status_code == 303
    assert "U bent uitgelogd" in web.client.get(response.headers["location"]).text
    assert web.client.get("/oefenen", follow_redirects=False).status_code == 303


def test_a_deleted_trainee_is_signed_out(web: Web) -> None:
    from storage.conversations import delete_trainee

    web.sign_in()
    delete_trainee(web.trainee_id, db=web.db)
    assert web.client.get("/oefenen", follow_redirects=False).headers["location"] == "/inloggen"
