"""A trainee's connection to Rasa's REST channel: send a message once, even when something fails.

Every message carries a ``message_id`` in its metadata (as the web chat's do). When the answer is
lost (connection error, HTTP error, empty answer), the client asks Rasa's tracker API whether the
message arrived before it sends it again, so a retry never stores a turn twice.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from typing import Any

import aiohttp

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=150)
LOOKUP_TIMEOUT = aiohttp.ClientTimeout(total=30)
FIRST_BACKOFF = 0.25
MAX_BACKOFF = 2.0


@dataclass
class Sent:
    """One message a trainee sent and what came of it."""

    conversation: str
    message_id: str
    text: str
    kind: str  # "start" or "reply"
    at: float  # seconds since the run started
    latency_ms: float
    outcome: str  # "opening", "turn", "notice:<code>", "other" or "error:<what>"
    attempts: int
    delivered: bool  # the tracker holds the message (as far as the client knows)
    turn: int | None = None
    ended: bool = False
    recovered: bool = False  # the answer was read back from the tracker after an error

    @property
    def ok(self) -> bool:
        """The message got an answer of the software (a turn, an opening or a notice)."""
        return not self.outcome.startswith("error")


class AnswerLostError(Exception):
    """The request failed in a way that leaves open whether Rasa stored the message."""


class RasaClient:
    """REST channel and tracker API of one Rasa server (or of the proxy in front of several)."""

    def __init__(self, session: aiohttp.ClientSession, url: str, token: str | None, clock_zero: float,
                 deadline: float) -> None:
        self.session = session
        self.url = url.rstrip("/")
        self.token = token
        self.clock_zero = clock_zero
        self.deadline = deadline

    async def deliver(self, conversation: str, text: str, kind: str) -> Sent:
        """Send ``text`` once and return its outcome; retried until the deadline when the answer is lost."""
        message_id = uuid.uuid4().hex
        started = time.monotonic()
        attempts = 0
        backoff = FIRST_BACKOFF
        last_error = ""
        while True:
            attempts += 1
            try:
                answer = await self._post(conversation, text, message_id)
                if answer:
                    return self._sent(conversation, message_id, text, kind, started, attempts, answer, True, False)
                last_error = "empty answer"
            except AnswerLostError as error:
                last_error = str(error)
            # Did the message arrive? Ask until the tracker API answers; resend only when it did not.
            while True:
                if time.monotonic() + backoff > self.deadline:
                    return self._failed(conversation, message_id, text, kind, started, attempts,
                                        f"error:{last_error} (gave up at the time limit)", delivered=False)
                await asyncio.sleep(backoff)
                backoff = min(MAX_BACKOFF, backoff * 2)
                try:
                    stored = await self.lookup(conversation, message_id)
                    break
                except AnswerLostError as error:
                    last_error = f"{last_error}; lookup: {error}"
            if stored is not None:
                if stored:
                    return self._sent(conversation, message_id, text, kind, started, attempts, stored, True, True)
                return self._failed(conversation, message_id, text, kind, started, attempts,
                                    f"error:stored without an answer ({last_error})", delivered=True)

    async def _post(self, conversation: str, text: str, message_id: str) -> list[dict[str, Any]]:
        body = {"sender": conversation, "message": text,
                "metadata": {"message_id": message_id, "channel": "loadtest"}}
        try:
            async with self.session.post(f"{self.url}/webhooks/rest/webhook", json=body,
                                         timeout=REQUEST_TIMEOUT) as response:
                if response.status != 200:
                    raise AnswerLostError(f"HTTP {response.status}")
                answer = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise AnswerLostError(type(error).__name__) from error
        return list(answer) if isinstance(answer, list) else []

    async def lookup(self, conversation: str, message_id: str) -> list[dict[str, Any]] | None:
        """None when the tracker lacks the message; else the bot messages that answered it (maybe none)."""
        params = {"token": self.token} if self.token else {}
        try:
            async with self.session.get(f"{self.url}/conversations/{conversation}/tracker", params=params,
                                        timeout=LOOKUP_TIMEOUT) as response:
                if response.status != 200:
                    raise AnswerLostError(f"tracker HTTP {response.status}")
                tracker = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise AnswerLostError(f"tracker {type(error).__name__}") from error
        return answers_in_tracker(tracker.get("events") or [], message_id)

    def _sent(self, conversation: str, message_id: str, text: str, kind: str, started: float, attempts: int,
              answer: list[dict[str, Any]], delivered: bool, recovered: bool) -> Sent:
        data = payload(answer)
        outcome = classify(data)
        state = (data or {}).get("state") or {}
        turn = state.get("turn")
        return Sent(conversation, message_id, text, kind, started - self.clock_zero,
                    (time.monotonic() - started) * 1000, outcome, attempts, delivered,
                    turn if isinstance(turn, int) else None, bool(state.get("ended")), recovered)

    def _failed(self, conversation: str, message_id: str, text: str, kind: str, started: float, attempts: int,
                outcome: str, delivered: bool) -> Sent:
        return Sent(conversation, message_id, text, kind, started - self.clock_zero,
                    (time.monotonic() - started) * 1000, outcome, attempts, delivered)


def payload(answer: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The software's custom payload ({"data": …}) among the answer's messages."""
    for message in answer:
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("data"), dict):
            return custom["data"]  # type: ignore[no-any-return]
    return None


def classify(data: dict[str, Any] | None) -> str:
    """'opening', 'turn', 'notice:<code>' or 'other' (an answer without our payload)."""
    if data is None:
        return "other"
    kind = data.get("type")
    if kind == "notice":
        return f"notice:{data.get('code')}"
    return str(kind) if kind in ("opening", "turn") else "other"


def answers_in_tracker(events: list[dict[str, Any]], message_id: str) -> list[dict[str, Any]] | None:
    """The bot messages after the user message ``message_id`` in a tracker's events, as the REST
    channel would have returned them; None when the message is not there."""
    for index, event in enumerate(events):
        if event.get("event") == "user" and (event.get("metadata") or {}).get("message_id") == message_id:
            answer = []
            for later in events[index + 1:]:
                if later.get("event") == "user":
                    break
                if later.get("event") == "bot":
                    answer.append({"text": later.get("text"), "custom": (later.get("data") or {}).get("custom")})
            return answer
    return None
