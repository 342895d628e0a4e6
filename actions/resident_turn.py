"""action_resident_turn: score the trainee's reply and let the resident answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import TraineeAction, notice
from actions.runtime import practice, segment_rankings
from oefenavond.messages import load_messages
from oefenavond.practice import ConversationState


class ActionResidentTurn(TraineeAction):
    """One trainee turn: moves, new resident state, the resident's line and the assessment."""

    def name(self) -> str:
        """The action's name in domain.yml."""
        return "action_resident_turn"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Take the latest user message as the trainee's reply."""
        messages = load_messages()
        data = tracker.get_slot("conversation")
        if not data:
            notice(dispatcher, "no_scenario", messages.no_scenario)
            return []
        state = ConversationState.from_dict(data)
        core = practice()
        if state.resident.ended:
            notice(dispatcher, "ended", messages.ended)
            return []
        if state.scenario not in core.library.scenarios:
            notice(dispatcher, "unknown_scenario", messages.unknown_scenario)
            return []
        analysis = core.analyse(state, tracker.latest_message.get("text") or "")
        if not analysis.segments:
            notice(dispatcher, "unscorable", messages.unscorable)
            return []
        rankings = await segment_rankings(analysis, tracker.latest_message)
        turn = core.reply(state, analysis, rankings)
        dispatcher.utter_message(text=turn.line, json_message={"data": turn.payload()})
        return [SlotSet("conversation", turn.state.to_dict())]

