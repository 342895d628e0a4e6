"""The load generator against a fake Rasa REST channel on 127.0.0.1: turns, notices, limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from loadtest.run import LoadConfig, run_load
from loadtest.safety import LimitError
from tests.conftest import serving


def answer(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"text": data.get("resident_line") or data.get("text", ""), "custom": {"data": data}}]


@pytest.fixture
async def fake_rasa() -> AsyncIterator[tuple[str, dict[str, int]]]:
    """Opens each resident; the very first opening and every third reply meet the actions_down notice."""
    turns: dict[str, int] = {}
    counts = {"openings": 0, "notices": 0, "replies": 0}

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        sender, text = body["sender"], body["message"]
        notice = {"type": "notice", "code": "actions_down", "text": "De bewoner reageert even niet."}
        if text.startswith("/start_scenario"):
            counts["openings"] += 1
            if counts["openings"] == 1:
                counts["notices"] += 1
                return web.json_response(answer(notice))
            turns[sender] = 0
            return web.json_response(answer({"type": "opening", "resident_line": "Goedenavond."}))
        counts["replies"] += 1
        if counts["replies"] % 3 == 0:
            counts["notices"] += 1
            return web.json_response(answer(notice))
        turns[sender] += 1
        return web.json_response(answer({"type": "turn", "resident_line": "Hm.",
                                         "state": {"turn": turns[sender], "ended": False}}))

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    async with serving(app) as url:
        yield url, counts


async def test_every_trainee_gets_all_turns_through_notices(fake_rasa: tuple[str, dict[str, int]]) -> None:
    url, counts = fake_rasa
    result = await run_load(LoadConfig(url, trainees=3, turns=4, max_seconds=60))
    assert not result.timed_out and not result.errors()
    assert len(result.turns()) == 12 and not result.turn_problems()
    assert result.notices()["notice:actions_down"] == counts["notices"] >= 2
    assert len(result.conversations) == 3  # the refused opening was sent again, not given up


def test_only_loopback_and_bounded_runs() -> None:
    with pytest.raises(LimitError, match="loopback"):
        LoadConfig("http://example.org:5005")
    with pytest.raises(LimitError, match="trainees"):
        LoadConfig("http://127.0.0.1:5005", trainees=10_000)
    with pytest.raises(LimitError, match="time limit"):
        LoadConfig("http://127.0.0.1:5005", max_seconds=0)
