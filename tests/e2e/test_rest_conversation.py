"""The real stack over Rasa's REST channel: a conversation, segment scoring, persistence, clean stop."""

import json
import sqlite3
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunningStack, start_stack, stop_stack

pytestmark = pytest.mark.stack


def say(stack: RunningStack, sender: str, message: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": message, "metadata": {"channel": "test"}}).encode()
    request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return list(json.load(response))


def payload(messages: list[dict[str, Any]]) -> dict[str, Any]:
    return next(m["custom"]["data"] for m in messages if "custom" in m)


def open_scenario(stack: RunningStack, sender: str, scenario: str = "azc-onveilig") -> dict[str, Any]:
    return payload(say(stack, sender, f'/start_scenario{{"scenario_id": "{scenario}", "seed": "5"}}'))


def test_a_conversation_over_rest(stack: RunningStack) -> None:
    opening = open_scenario(stack, "rest-1")
    assert opening["type"] == "opening" and opening["resident_line"]
    messages = say(stack, "rest-1", "Ik zie dat u echt ongerust bent. Wat maakt het voor u zo spannend?")
    assert messages[0]["text"]
    turn = payload(messages)
    assert turn["resident_line"] == messages[0]["text"]
    moves = {m["label"]: m for m in turn["assessment"]["moves"]}
    assert {"emotie_benoemen", "open_vraag"} <= set(moves)
    assert all("model" in m["sources"] for m in moves.values())  # each segment ranked by Rasa's NLU
    assert turn["state"]["emotion"] < opening["state"]["emotion"]
    assert turn["assessment"]["feedback"]


def test_every_turn_lands_in_the_sql_tracker_store(stack: RunningStack) -> None:
    open_scenario(stack, "rest-2")
    for reply in ("Wat is er gebeurd?", "Dat klinkt heftig.", "Hoe gaat het nu met u?"):
        say(stack, "rest-2", reply)
    database = stack.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        texts = [row[0] for row in db.execute(
            "select json_extract(data, '$.text') from events where sender_id = ? and type_name = 'user' order by id",
            ("rest-2",))]
    assert texts[1:] == ["Wat is er gebeurd?", "Dat klinkt heftig.", "Hoe gaat het nu met u?"]


def test_the_parse_in_the_tracker_carries_the_move_scores(stack: RunningStack) -> None:
    """The action server reads the whole message's parse from the tracker: DIET's ranking and
    the multi-label classifier's probability per move (rasa_addons/sentence_moves.py)."""
    open_scenario(stack, "rest-3")
    say(stack, "rest-3", "Dat klopt gewoon niet, er zijn twee avonden geweest.")
    database = stack.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        [(scores,)] = db.execute(
            "select json_extract(data, '$.parse_data.move_scores') from events"
            " where sender_id = ? and type_name = 'user' order by id desc limit 1", ("rest-3",)).fetchall()
    scores = json.loads(scores)
    assert {"in_discussie", "uitleg_geven", "open_vraag"} <= set(scores)
    assert all(0 <= value <= 1 for value in scores.values())
    assert scores["in_discussie"] > scores["open_vraag"]


def test_conversation_survives_a_restart_and_stop_leaves_no_process(tmp_path: Path) -> None:
    first = start_stack(tmp_path)
    open_scenario(first, "restart-1")
    say(first, "restart-1", "Wat maakt u zo ongerust?")
    assert stop_stack(first) == 0
    second = start_stack(tmp_path)
    try:
        turn = payload(say(second, "restart-1", "U voelt zich dus niet veilig op straat, klopt dat?"))
        assert turn["state"]["turn"] == 2
    finally:
        assert stop_stack(second) == 0
    ports = [second.rasa_url.rsplit(":", 1)[1], second.actions_url.rsplit(":", 1)[1]]
    pattern = f"--port {ports[0]}|--port {ports[1]}"
    left = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True, check=False)
    assert left.stdout.strip() == ""
