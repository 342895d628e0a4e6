"""CSRF on every review form, and nothing a trainee (or anyone) typed rendered as HTML."""

from __future__ import annotations

import re

from storage import accounts
from tests.review.conftest import HOSTILE, LONG, World, csrf


def test_every_form_needs_the_sessions_csrf_token(world: World) -> None:
    anna = world.login("anna")
    other = world.login("bert")
    foreign = csrf(other, "/review/gesprekken")  # a valid token, but of another session
    conversation, group, trainee = world.ids["c_good"], world.ids["group_a"], world.ids["sanne"]
    forms = [
        ("/review/uitloggen", {}),
        (f"/review/gesprekken/{conversation}/opmerkingen", {"text": "x"}),
        (f"/review/gesprekken/{conversation}/correcties", {"turn": "1", "segment-1": "open_vraag"}),
        (f"/review/gesprekken/{conversation}/correcties/1/intrekken", {}),
        (f"/review/gesprekken/{conversation}/opmerkingen/1/verwijderen", {}),
        ("/review/groepen", {"name": "x"}),
        (f"/review/groepen/{group}/deelnemers", {"name": "x"}),
        (f"/review/deelnemers/{trainee}/nieuwe-code", {}),
        (f"/review/deelnemers/{trainee}/verwijderen", {"confirm": "Sanne de Vries"}),
    ]
    for path, form in forms:
        for token in (None, "vervalst", foreign):
            data = dict(form) if token is None else {**form, "csrf_token": token}
            response = anna.post(path, data=data)
            assert response.status_code == 403, (path, token)
            assert "formulier is verlopen" in response.text
    anonymous = world.client()
    assert anonymous.post("/review/inloggen", data={"username": "anna", "password": "x"}).status_code == 403
    assert accounts.get_trainee(trainee, db=world.db) is not None  # nothing was deleted


def _no_markup(page: str) -> None:
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'onmouseover="alert' not in page
    assert "&lt;script&gt;alert" in page


def test_hostile_replies_names_and_comments_are_text(world: World) -> None:
    anna = world.login("anna")
    conversation = world.ids["c_hostile"]
    base = f"/review/gesprekken/{conversation}"
    anna.post(f"{base}/opmerkingen", data={"text": HOSTILE, "csrf_token": csrf(anna, base)})
    anna.post(f"{base}/opmerkingen", data={"text": HOSTILE, "turn": "1", "csrf_token": csrf(anna, base)})
    group = accounts.create_group(HOSTILE, world.ids["anna"], db=world.db)
    pages = [
        anna.get(base).text,
        anna.get("/review/gesprekken").text,
        anna.get(f"/review/deelnemers/{world.ids['noor']}").text,
        anna.get(f"/review/groepen/{world.ids['group_a']}").text,
        anna.get(f"/review/groepen/{group.id}").text,
        anna.get("/review/groepen").text,
        world.trainee("noor").get(f"/gesprek/{world.senders['hostile']}/nabespreking").text,
        world.trainee("noor").get("/mijn-gesprekken").text,
    ]
    for page in pages:
        _no_markup(page)
    transcript = pages[0]
    assert LONG in transcript  # shown whole, as text; CSS wraps it (the browser test measures)
    assert re.search(r'<span class="reply-text">&lt;script&gt;alert\(&#34;x&#34;\)', transcript)


def test_security_headers_on_review_pages(world: World) -> None:
    response = world.login("anna").get("/review/gesprekken")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    assert "<script" not in response.text  # the review needs no JavaScript at all
