"""Talking to the Rasa server over its REST channel, and reading a conversation's state.

The bot imports nothing of Rasa: one POST per trainee message to ``/webhooks/rest/webhook``, and
``GET /conversations/<id>/tracker`` (Rasa's HTTP API) for a scorecard.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class RasaUnavailableError(Exception):
    """The Rasa server could not be reached or gave no usable answer."""


@dataclass(frozen=True)
class BotMessage:
    """One message of the bot's answer: its text and/or the custom payload's ``data``."""

    text: str | None = None
    data: dict[str, Any] | None = None


class Conversations(Protocol):
    """What the handlers need from Rasa (a fake in the handler tests)."""

    async def send(
        self, sender_id: str, message: str, metadata: dict[str, Any]
    ) -> list[BotMessage]:
        """Send one user message; the bot's answer."""

    async def state(self, sender_id: str) -> dict[str, Any] | None:
        """The ``conversation`` slot (the core's ConversationState as data), or None."""

    async def close(self) -> None:
        """Release connections."""


class RasaClient:
    """A Conversations over HTTP to one Rasa server."""

    def __init__(self, base_url: str, token: str | None = None, timeout: httpx.Timeout = TIMEOUT):
        self._base_url = base_url.rstrip("/")
        self._params = {"token": token} if token else {}
        self._http = httpx.AsyncClient(timeout=timeout)

    async def send(
        self, sender_id: str, message: str, metadata: dict[str, Any]
    ) -> list[BotMessage]:
        """POST to the REST channel; raise RasaUnavailableError when Rasa does not answer properly."""
        body = {"sender": sender_id, "message": message, "metadata": metadata}
        answer = await self._request("POST", "/webhooks/rest/webhook", json=body)
        if not isinstance(answer, list):
            raise RasaUnavailableError(f"unexpected answer from Rasa: {str(answer)[:200]}")
        return [_message(item) for item in answer if isinstance(item, dict)]

    async def state(self, sender_id: str) -> dict[str, Any] | None:
        """The conversation slot from the tracker (without its events)."""
        answer = await self._request(
            "GET", f"/conversations/{sender_id}/tracker", params={"include_events": "NONE"}
        )
        slots = answer.get("slots") if isinstance(answer, dict) else None
        state = slots.get("conversation") if isinstance(slots, dict) else None
        return state if isinstance(state, dict) else None

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        params = {**self._params, **kwargs.pop("params", {})}
        try:
            response = await self._http.request(
                method, self._base_url + path, params=params, **kwargs
            )
            response.raise_for_status()
            return response.json()
        except httpx.HTTPStatusError as error:
            raise RasaUnavailableError(f"Rasa answered {error.response.status_code}") from error
        except httpx.HTTPError as error:
            raise RasaUnavailableError(f"Rasa not reachable: {type(error).__name__}") from error
        except json.JSONDecodeError as error:
            raise RasaUnavailableError("Rasa answered something that is not JSON") from error


def _message(item: dict[str, Any]) -> BotMessage:
    custom = item.get("custom")
    data = custom.get("data") if isinstance(custom, dict) else None
    text = item.get("text")
    return BotMessage(
        text=text if isinstance(text, str) else None,
        data=data if isinstance(data, dict) else None,
    )
