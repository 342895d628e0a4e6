"""Hostile replies through the REST channel of the running stack: an answer to each, in bounded time.

A few hundred generated replies (tests/hostile_replies.py) go to Rasa like any client's messages.
Every one gets HTTP 200 and, unless it is Rasa's own intent syntax ("/restart", which the web app
and the bot never pass on), an answer of the software: the resident's turn, or a notice saying why
the reply cannot be scored (no words) or that the conversation is over.
"""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.conftest import RunningStack
from tests.hostile_replies import replies

# Report the failing reply as generated: shrinking against a running stack takes long, and
# hypothesis 6's shrinker trips over its own character intervals here (ValueError in intervalsets).
NO_SHRINK = (Phase.explicit, Phase.generate)
pytestmark = [pytest.mark.stack, pytest.mark.bad_input]

EXAMPLES = 300
SECONDS_PER_REPLY = 10.0
NOTICES = {"unscorable", "ended", "no_scenario", "unknown_scenario", "error"}


def post(stack: RunningStack, sender: str, message: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": message, "metadata": {"channel": "test"}}).encode()
    request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return list(json.load(response))


def data_of(answer: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((m["custom"]["data"] for m in answer if isinstance(m.get("custom"), dict)), None)


def test_hostile_replies_over_rest(stack: RunningStack) -> None:
    conversation = {"sender": "", "n": 0}
    outcomes: dict[str, int] = {}

    def open_new() -> None:
        conversation["n"] += 1
        conversation["sender"] = f"hostile-{conversation['n']}"
        opening = data_of(post(stack, str(conversation["sender"]),
                               '/start_scenario{"scenario_id": "oude-klacht", "seed": "2"}'))
        assert opening and opening["type"] == "opening"

    open_new()

    @settings(max_examples=EXAMPLES, deadline=timedelta(seconds=SECONDS_PER_REPLY), database=None,
              derandomize=True, phases=NO_SHRINK,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(replies)
    def check(reply: str) -> None:
        started = time.monotonic()
        answer = post(stack, str(conversation["sender"]), reply)
        assert time.monotonic() - started < SECONDS_PER_REPLY
        data = data_of(answer)
        if reply.lstrip().startswith("/"):
            # Rasa's own intent syntax (/restart, /start_scenario{...}) is a command, not a reply; the web
            # app and the bot never pass it on. Whatever Rasa does with it, it must answer in time.
            outcome = "rasa command"
        elif data is None:
            raise AssertionError(f"no answer of the software to {reply[:100]!r}: {answer}")
        elif data["type"] == "notice":
            assert data["code"] in NOTICES and data["text"], data
            outcome = f"notice:{data['code']}"
            if data["code"] == "unscorable":
                assert not any(ch.isalnum() for ch in reply[:2000]), reply[:100]
        else:
            assert data["type"] == "turn" and data["resident_line"], data
            outcome = "turn"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if data is None or data["type"] == "opening" or (data["type"] == "notice" and data["code"] != "unscorable") or (
                data["type"] == "turn" and data["state"]["ended"]):
            open_new()

    check()
    assert sum(outcomes.values()) >= EXAMPLES
    assert outcomes.get("turn") and outcomes.get("notice:unscorable"), outcomes
