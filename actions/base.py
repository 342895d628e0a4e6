"""The action server's one error handler: an action that fails tells the trainee, in Dutch."""

from __future__ import annotations

import abc
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from oefenavond.content import ContentError
from oefenavond.messages import load_messages

logger = logging.getLogger(__name__)


def notice(dispatcher: CollectingDispatcher, code: str, text: str) -> None:
    """A message of the software itself (not the resident), as text and as a payload."""
    dispatcher.utter_message(text=text, json_message={"data": {"type": "notice", "code": code, "text": text}})


class TraineeAction(Action, abc.ABC):
    """An action that answers the trainee; subclasses implement ``act``.

    Abstract, so that rasa-sdk, which registers every concrete subclass of Action, skips it.
    """

    @abc.abstractmethod
    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The action's work."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Run ``act``; a broken conversation slot or content becomes a Dutch notice, not a crash."""
        try:
            return await self.act(dispatcher, tracker, domain)
        except (ContentError, KeyError, ValueError, TypeError) as error:
            logger.exception("%s failed for %s: %s", self.name(), tracker.sender_id, error)
            notice(dispatcher, "error", load_messages().service_down)
            return []
