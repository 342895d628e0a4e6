"""Segment rankings: the whole message from the tracker, segments from Rasa's /model/parse."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from actions import runtime
from tests.conftest import free_port, serving

WHOLE = {"text": "", "intent_ranking": [{"name": "samenvatten", "confidence": 0.8},
                                        {"name": "open_vraag", "confidence": 0.1}]}


def analysis(reply: str) -> Any:
    return runtime.practice().recognizer.analyse(reply)


@pytest.fixture
async def fake_rasa(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[list[str]]:
    """A /model/parse that ranks a question as open_vraag and anything else as geen_zet."""
    asked: list[str] = []

    async def parse(request: web.Request) -> web.Response:
        text = (await request.json())["text"]
        asked.append(text)
        name = "open_vraag" if text.endswith("?") else "geen_zet"
        return web.json_response({"text": text, "intent_ranking": [{"name": name, "confidence": 0.9}]})

    app = web.Application()
    app.router.add_post("/model/parse", parse)
    async with serving(app) as url:
        monkeypatch.setattr(runtime, "settings", lambda: runtime.Settings(rasa_url=url))
        yield asked


async def test_one_segment_uses_the_trackers_parse_without_asking_rasa(fake_rasa: list[str]) -> None:
    rankings = await runtime.segment_rankings(analysis("Wat maakt u zo ongerust?"), WHOLE)
    assert rankings == [{"samenvatten": 0.8, "open_vraag": 0.1}]
    assert fake_rasa == []


async def test_several_segments_are_parsed_and_merged_with_the_whole(fake_rasa: list[str]) -> None:
    reply = "U bent bang voor de drukte. Wat maakt het voor u zo erg?"
    rankings = await runtime.segment_rankings(analysis(reply), WHOLE)
    assert sorted(fake_rasa) == ["U bent bang voor de drukte.", "Wat maakt het voor u zo erg?"]
    assert rankings is not None and len(rankings) == 2
    assert rankings[0]["geen_zet"] == 0.9 and rankings[0]["samenvatten"] == 0.8
    assert rankings[1]["open_vraag"] == 0.9 and rankings[1]["samenvatten"] == 0.8


async def test_when_rasa_cannot_be_reached_the_whole_message_stands_in(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = free_port()
    monkeypatch.setattr(runtime, "settings", lambda: runtime.Settings(rasa_url=f"http://127.0.0.1:{closed}"))
    rankings = await runtime.segment_rankings(analysis("U bent bang. Wat is er gebeurd?"), WHOLE)
    assert rankings == [{"samenvatten": 0.8, "open_vraag": 0.1}] * 2


async def test_without_segment_parse_the_whole_message_serves_every_segment(fake_rasa: list[str],
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "settings", lambda: runtime.Settings(segment_parse=False))
    rankings = await runtime.segment_rankings(analysis("U bent bang. Wat is er gebeurd?"), WHOLE)
    assert rankings == [{"samenvatten": 0.8, "open_vraag": 0.1}] * 2
    assert fake_rasa == []
