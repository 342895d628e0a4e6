"""The trainee's pages: picker, starting a conversation, the chat page, history, debrief."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from oefenavond.practice import Practice
from oefenavond.scenario import Library
from oefenavond.settings import Settings
from storage import accounts, conversations
from tests.storage.rasa_events import add_bot, add_slot, add_user, create_events_table
from tests.web.conftest import Web

LIBRARY = Library.load(Settings().scenario_dir)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_picker_shows_every_resident_but_never_the_hidden_concern(web: Web) -> None:
    web.sign_in()
    page = web.client.get("/oefenen").text
    assert len(LIBRARY) >= 10
    for scenario in LIBRARY:
        assert scenario.resident.name in page
        assert f"{scenario.resident.age} jaar" in page
        assert scenario.setting.meeting.replace("'", "&#39;") in page
        assert scenario.hidden_concern[:60].replace("'", "&#39;") not in page
        assert scenario.intention[:60].replace("'", "&#39;") not in page
    assert 'value="oefen" checked' in page and 'value="toets"' in page
    assert "/static/vendor/socket.io.min.js" not in page


def test_start_registers_the_conversation_for_the_review(web: Web) -> None:
    web.sign_in()
    sender_id = web.start("bos-kap", "toets")
    assert re.fullmatch(r"web-[0-9a-f]{32}", sender_id)
    found = conversations.last_conversation(web.trainee_id, db=web.db)
    assert found is not None
    assert (found.sender_id, found.scenario_id, found.channel, found.mode) == (sender_id, "bos-kap", "web", "toets")


@pytest.mark.parametrize(("scenario", "mode"), [("bestaat-niet", "oefen"), ("bos-kap", "examen")])
def test_start_refuses_unknown_scenarios_and_modes(web: Web, scenario: str, mode: str) -> None:
    web.sign_in()
    response = web.client.post(
        "/gesprekken", data={"scenario": scenario, "mode": mode, "csrf_token": web.csrf("/oefenen")}
    )
    assert response.status_code == 400


def _config(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="chat-config">(.*?)</script>', html, re.S)
    assert found
    return dict(json.loads(found.group(1)))


def test_conversation_page_configures_the_socket_io_client(web: Web) -> None:
    web.sign_in()
    sender_id = web.start("azc-onveilig", "oefen")
    response = web.client.get(f"/gesprek/{sender_id}?seed=7")
    assert response.status_code == 200
    page = response.text
    config = _config(page)
    assert config["senderId"] == sender_id
    assert config["rasaUrl"] == "http://127.0.0.1:5999"
    assert config["traineeId"] == web.trainee_id
    assert config["maxLength"] == 1000
    assert config["answerTimeout"] == 25_000  # ms without an answer before the chat gives the reply back
    assert config["texts"]["chat"]["no_answer"] == "Er kwam geen antwoord van {name}."
    assert config["startMessage"] == '/start_scenario{"scenario_id": "azc-onveilig", "mode": "oefen", "seed": "7"}'
    assert config["texts"]["chat"]["offline"].startswith("De oefenomgeving is even niet bereikbaar")
    assert 'src="/static/vendor/socket.io.min.js"' in page and 'src="/static/chat.js"' in page
    assert 'maxlength="1000"' in page and 'for="reply"' in page
    assert 'role="log"' in page and 'id="feedback-toggle"' in page
    assert "Ilse Jansen" in page
    assert LIBRARY.get("azc-onveilig").hidden_concern[:40] not in page


def test_toetsmodus_page_has_no_feedback_switch(web: Web) -> None:
    web.sign_in()
    page = web.client.get(f"/gesprek/{web.start('azc-onveilig', 'toets')}").text
    assert 'id="feedback-toggle"' not in page
    assert "Toetsmodus" in page


def test_other_trainees_conversations_are_not_found(web: Web) -> None:
    web.sign_in()
    sender_id = web.start()
    _, code = accounts.create_trainee("Bram", web.group_id, db=web.db)
    web.client.cookies.clear()
    web.sign_in(code)
    for path in (f"/gesprek/{sender_id}", f"/gesprek/{sender_id}/nabespreking", f"/api/gesprekken/{sender_id}/verloop"):
        assert web.client.get(path).status_code == 404, path
    web.client.cookies.clear()
    assert web.client.get(f"/gesprek/{sender_id}", follow_redirects=False).status_code == 303
    assert web.client.get(f"/api/gesprekken/{sender_id}/verloop").status_code == 401


def _play(practice: Practice, replies: list[str], mode: str = "oefen") -> tuple[list[dict[str, Any]], dict[str, Any]]:
    state, line = practice.open("azc-onveilig", mode, 7)  # type: ignore[arg-type]
    payloads: list[dict[str, Any]] = [{"type": "opening", "resident_line": line, "state": {"emotion": 6}}]
    for reply in replies:
        turn = practice.reply(state, practice.analyse(state, reply))
        state = turn.state
        payloads.append(turn.payload())
    return payloads, state.to_dict()


def _store(web: Web, sender_id: str, replies: list[str], payloads: list[dict[str, Any]], state: dict[str, Any]) -> None:
    create_events_table(web.db)
    add_user(web.db, sender_id, '/start_scenario{"scenario_id": "azc-onveilig"}', "start")
    add_bot(web.db, sender_id, payloads[0])
    for number, (reply, payload) in enumerate(zip(replies, payloads[1:], strict=True)):
        add_user(web.db, sender_id, reply, f"m{number}")
        add_bot(web.db, sender_id, payload)
    add_slot(web.db, sender_id, state)


def test_history_returns_what_the_tracker_holds(web: Web, practice: Practice) -> None:
    web.sign_in()
    sender_id = web.start()
    replies = ["Ik zie dat u zich zorgen maakt. Wat maakt het zo spannend?", HOSTILE]
    payloads, state = _play(practice, replies)
    _store(web, sender_id, replies, payloads, state)
    history = web.client.get(f"/api/gesprekken/{sender_id}/verloop").json()
    assert history["started"] is True
    assert history["message_ids"] == ["m0", "m1", "start"]
    assert [e["kind"] for e in history["entries"]] == ["bot", "user", "bot", "user", "bot"]
    assert history["entries"][3]["text"] == HOSTILE


def test_debrief_shows_scorecard_hidden_concern_turns_and_tips(web: Web, practice: Practice) -> None:
    web.sign_in()
    sender_id = web.start()
    replies = [
        "Ik zie dat u zich zorgen maakt. Wat maakt het zo spannend?",
        "Alles gaat volgens de regels, maakt u zich geen zorgen.",
        HOSTILE,
    ]
    payloads, state = _play(practice, replies)
    _store(web, sender_id, replies, payloads, state)
    page = web.client.get(f"/gesprek/{sender_id}/nabespreking").text
    scenario = LIBRARY.get("azc-onveilig")
    assert "Nabespreking: Ilse Jansen" in page
    assert "Scorekaart" in page and 'id="grade"' in page
    assert scenario.hidden_concern[:50].replace("'", "&#39;") in page
    assert "U heeft het gesprek zelf afgerond" in page  # three replies do not end it
    assert page.count('class="card turn"') == 3
    assert "Emotie benoemen" in page and "Open vraag" in page
    assert "Tips voor u" in page and page.count("<li>", page.index('id="tips"')) >= 2
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "Opnieuw met Ilse Jansen" in page and "Andere bewoner" in page
    again = web.client.post(
        "/gesprekken",
        data={
            "scenario": "azc-onveilig",
            "mode": "oefen",
            "csrf_token": web.csrf(f"/gesprek/{sender_id}/nabespreking"),
        },
        follow_redirects=False,
    )
    assert again.status_code == 303 and sender_id not in again.headers["location"]


def test_debrief_of_a_conversation_without_replies(web: Web) -> None:
    web.sign_in()
    page = web.client.get(f"/gesprek/{web.start()}/nabespreking").text
    assert "Er zijn nog geen reacties gegeven" in page
