"""Access control of every review route: anonymous, trainee, another trainer, the owner, an admin.

Anonymous visitors are sent to the sign-in page, trainees are refused (403), a trainer who does
not own the object gets 404 (its existence is not revealed), admins see everything.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.review.conftest import World, csrf

ROLES = ("anonymous", "trainee", "other", "owner", "admin")
LOGIN = "/review/inloggen"


def clients(world: World) -> dict[str, TestClient]:
    """One signed-in client per role; the objects under test belong to anna ("owner")."""
    return {
        "anonymous": world.client(),
        "trainee": world.trainee("sanne"),
        "other": world.login("bert"),
        "owner": world.login("anna"),
        "admin": world.login("beheer"),
    }


def gets(w: World) -> list[tuple[str, dict[str, object]]]:
    """GET routes and the expected status per role (303 means: to the sign-in page)."""
    staff = {"anonymous": 303, "trainee": 403, "other": 200, "owner": 200, "admin": 200}
    owned = {"anonymous": 303, "trainee": 403, "other": 404, "owner": 200, "admin": 200}
    conversation, group, trainee = w.ids["c_good"], w.ids["group_a"], w.ids["sanne"]
    return [
        ("/review/gesprekken", staff),
        (f"/review/gesprekken/{conversation}", owned),
        (f"/review/gesprekken/{conversation}/pdf", owned),
        ("/review/groepen", staff),
        (f"/review/groepen/{group}", owned),
        (f"/review/groepen/{group}/resultaten.csv", owned),
        (f"/review/deelnemers/{trainee}", owned),
        (f"/review/deelnemers/{trainee}/verwijderen", owned),
        ("/review/correcties", staff),
        ("/review/audit", {"anonymous": 303, "trainee": 403, "other": 403, "owner": 403, "admin": 200}),
        ("/mijn-gesprekken", {"anonymous": 303, "trainee": 200, "other": 303, "owner": 303, "admin": 303}),
        (f"/review/gesprekken/{w.ids['c_other']}", {**owned, "other": 200, "owner": 404}),
    ]


def posts(w: World) -> list[tuple[str, dict[str, str], dict[str, object]]]:
    """POST routes, their form and the expected status per role."""
    conversation, group, trainee = w.ids["c_good"], w.ids["group_a"], w.ids["sanne"]
    owned_redirect = {"anonymous": 303, "trainee": 403, "other": 404, "owner": 303, "admin": 303}
    return [
        (f"/review/gesprekken/{conversation}/opmerkingen", {"text": "Goed gedaan."}, owned_redirect),
        (f"/review/gesprekken/{conversation}/opmerkingen", {"text": "Let op beurt 2.", "turn": "2"}, owned_redirect),
        (f"/review/gesprekken/{conversation}/correcties", {"turn": "1", "segment-1": "open_vraag"}, owned_redirect),
        (f"/review/groepen/{group}/deelnemers", {"name": "Nieuwe deelnemer"},
         {**owned_redirect, "owner": 201, "admin": 201}),
        (f"/review/deelnemers/{trainee}/nieuwe-code", {}, {**owned_redirect, "owner": 200, "admin": 200}),
        (f"/review/deelnemers/{trainee}/verwijderen", {"confirm": "niet de naam"},
         {**owned_redirect, "owner": 400, "admin": 400}),
        ("/review/groepen", {"name": "Groep erbij"},
         {"anonymous": 303, "trainee": 403, "other": 303, "owner": 303, "admin": 303}),
    ]


def _token(client: TestClient, role: str) -> str:
    page = {"anonymous": LOGIN, "trainee": "/mijn-gesprekken"}.get(role, "/review/gesprekken")
    return csrf(client, page)


def test_every_get_route_per_role(world: World) -> None:
    signed_in = clients(world)
    for path, expected in gets(world):
        for role in ROLES:
            response = signed_in[role].get(path, follow_redirects=False)
            assert response.status_code == expected[role], (path, role, response.text[:300])
            if response.status_code == 303:
                target = response.headers["location"]
                assert target == ("/inloggen" if path == "/mijn-gesprekken" else LOGIN), (path, role)


def test_every_post_route_per_role(world: World) -> None:
    signed_in = clients(world)
    for path, form, expected in posts(world):
        for role in ROLES:
            client = signed_in[role]
            response = client.post(path, data={**form, "csrf_token": _token(client, role)}, follow_redirects=False)
            assert response.status_code == expected[role], (path, role, response.text[:300])
            if role == "anonymous":
                assert response.headers["location"] == LOGIN


def test_comment_deletion_and_undoing_a_correction_respect_ownership(world: World) -> None:
    anna, bert, admin = world.login("anna"), world.login("bert"), world.login("beheer")
    conversation = world.ids["c_good"]
    base = f"/review/gesprekken/{conversation}"
    anna.post(f"{base}/opmerkingen", data={"text": "Van Anna", "csrf_token": csrf(anna, base)})
    anna.post(f"{base}/correcties", data={"turn": "1", "segment-1": "open_vraag", "csrf_token": csrf(anna, base)})
    page = anna.get(base).text
    comment_id = page.split('data-comment="')[1].split('"')[0]
    delete = f"{base}/opmerkingen/{comment_id}/verwijderen"
    undo = f"{base}/correcties/1/intrekken"
    for path in (delete, undo):
        assert bert.post(path, data={"csrf_token": csrf(bert, "/review/gesprekken")}).status_code == 404
    assert admin.post(undo, data={"csrf_token": csrf(admin, base)}, follow_redirects=False).status_code == 303
    assert admin.post(undo, data={"csrf_token": csrf(admin, base)}).status_code == 404  # nothing left to undo
    assert admin.post(delete, data={"csrf_token": csrf(admin, base)}, follow_redirects=False).status_code == 303
    assert "Van Anna" not in anna.get(base).text


def test_lists_show_only_what_the_viewer_may_see(world: World) -> None:
    anna, bert, admin = world.login("anna"), world.login("bert"), world.login("beheer")
    assert "Bram" not in anna.get("/review/gesprekken").text
    assert "Sanne de Vries" not in bert.get("/review/gesprekken").text
    every = admin.get("/review/gesprekken").text
    assert "Bram" in every and "Sanne de Vries" in every
    assert "Groep Bert" not in anna.get("/review/groepen").text
    assert "Groep Bert" in admin.get("/review/groepen").text
    # Filtering on someone else's trainee or group shows nothing, not their conversations.
    assert "Bram" not in anna.get(f"/review/gesprekken?deelnemer={world.ids['bram']}").text
    assert "Bram" not in anna.get(f"/review/gesprekken?groep={world.ids['group_b']}").text
    mine = world.trainee("sanne").get("/mijn-gesprekken").text
    assert mine.count("/nabespreking") == 2 and "Bram" not in mine


@pytest.mark.parametrize("role", ["anna", "beheer"])
def test_a_trainee_session_is_replaced_by_a_trainer_sign_in(world: World, role: str) -> None:
    client = world.trainee("sanne")
    assert client.get("/oefenen", follow_redirects=False).status_code == 200
    world.login(role, client)
    assert client.get("/oefenen", follow_redirects=False).status_code == 303  # the trainee is signed out
    assert client.get("/review/gesprekken").status_code == 200

