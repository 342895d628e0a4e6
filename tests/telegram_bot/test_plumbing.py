"""Flood retries, per-user ordering, the Rasa client's failures, sessions and link attempts."""

from __future__ import annotations

import asyncio
import datetime as dtm
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.error import RetryAfter

from telegram_bot.application import file_url
from telegram_bot.attempts import Attempts
from telegram_bot.flood import FloodRetry
from telegram_bot.ordering import PerUserOrder
from telegram_bot.rasa_client import RasaClient, RasaUnavailableError
from telegram_bot.sessions import Session, load, save
from tests.conftest import free_port


async def test_flood_retry_waits_as_asked_and_gives_up_after_the_limit() -> None:
    calls: list[float] = []

    async def flaky(fail: int) -> bool:
        calls.append(asyncio.get_running_loop().time())
        if len(calls) <= fail:
            raise RetryAfter(dtm.timedelta(seconds=0.2))  # type: ignore[arg-type]
        return True

    limiter = FloodRetry(max_retries=2)
    assert await limiter.process_request(flaky, (2,), {}, "sendMessage", {}, None) is True
    assert len(calls) == 3 and calls[1] - calls[0] >= 0.2
    calls.clear()
    with pytest.raises(RetryAfter):
        await limiter.process_request(flaky, (5,), {}, "sendMessage", {}, None)
    assert len(calls) == 3


async def test_updates_of_one_user_run_in_order_and_users_run_side_by_side() -> None:
    processor = PerUserOrder()
    log: list[str] = []

    def update(user: int, n: int) -> Update:
        return Update.de_json({"update_id": n, "message": {
            "message_id": n, "date": 0, "chat": {"id": user, "type": "private"},
            "from": {"id": user, "is_bot": False, "first_name": "x"}, "text": "t"}}, None)

    async def work(name: str, seconds: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(seconds)
        log.append(f"end {name}")

    async with processor:
        await asyncio.gather(
            processor.process_update(update(1, 1), work("a1", 0.2)),
            processor.process_update(update(1, 2), work("a2", 0.0)),
            processor.process_update(update(2, 3), work("b1", 0.0)),
        )
    assert log.index("end a1") < log.index("start a2")  # same user: strictly after
    assert log.index("end b1") < log.index("end a1")  # other user: not held up


async def test_rasa_client_turns_every_failure_into_rasa_unavailable() -> None:
    closed = RasaClient(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(RasaUnavailableError):
        await closed.send("tg1-1", "hallo", {})
    await closed.close()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/tracker"):
            assert request.url.params["token"] == "geheim"
            return httpx.Response(200, json={"slots": {"conversation": {"scenario": "x"}}})
        if b"kapot" in request.content:
            return httpx.Response(500, text="boom")
        if b"raar" in request.content:
            return httpx.Response(200, text="geen json")
        return httpx.Response(200, json=[{"recipient_id": "s", "text": "hoi"},
                                         {"recipient_id": "s", "custom": {"data": {"type": "turn"}}}])

    client = RasaClient("http://rasa.invalid", token="geheim")
    client._http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    messages = await client.send("s", "hallo", {"channel": "telegram"})
    assert [(m.text, m.data) for m in messages] == [("hoi", None), (None, {"type": "turn"})]
    assert await client.state("s") == {"scenario": "x"}
    for bad in ("kapot", "raar"):
        with pytest.raises(RasaUnavailableError):
            await client.send("s", bad, {})
    await client.close()


def test_sessions_are_plain_data_and_survive_unknown_keys() -> None:
    data: dict[Any, Any] = {}
    session = Session(kind="drill", sender_id="tg1-2", scenario_id="bos-kap", pending=["a"])
    save(data, session)
    data["session"]["from_a_newer_version"] = True
    assert load(data) == session
    save(data, None)
    assert load(data) is None and load(None) is None


def test_link_attempts_are_limited_per_user_and_forgotten_after_the_window() -> None:
    now = [0.0]
    attempts = Attempts(max_failures=2, window=60, clock=lambda: now[0])
    attempts.failed(1)
    attempts.failed(1)
    assert attempts.blocked(1) and not attempts.blocked(2)
    now[0] = 61
    assert not attempts.blocked(1)


def test_the_file_url_sits_beside_the_api_url() -> None:
    assert file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert file_url("https://api.telegram.org/bot/") == "https://api.telegram.org/file/bot"
