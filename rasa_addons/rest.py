"""Rasa's REST channel with a length bound: the NLU never parses more than a reply can hold.

A reply is scored on its first MAX_REPLY_CHARS characters anyway; cutting the message at the door
keeps Rasa's own parse (spaCy, character n-grams, DIET) bounded in time for any input.
"""

from __future__ import annotations

from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic.request import Request

from oefenavond.moves.text import MAX_REPLY_CHARS


class RestInput(RasaRestInput):
    """REST channel; configured as ``rasa_addons.rest.RestInput`` (webhook stays /webhooks/rest/webhook)."""

    @classmethod
    def name(cls) -> str:
        """Keep Rasa's channel name and URL."""
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        message = super()._extract_message(req)
        return message[:MAX_REPLY_CHARS] if isinstance(message, str) else message
