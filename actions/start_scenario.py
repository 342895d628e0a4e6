"""action_start_scenario: open a conversation with the chosen resident."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import TraineeAction, notice
from actions.resident_turn import ActionResidentTurn
from actions.runtime import practice
from oefenavond.messages import load_messages


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


class ActionStartScenario(TraineeAction):
    """Reads scenario_id, mode (oefen|toets) and an optional seed from /start_scenario{...}."""

    def name(self) -> str:
        """The action's name in domain.yml."""
        return "action_start_scenario"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Open the scenario and let the resident say the opening line."""
        core = practice()
        scenario_id = _entity(tracker, "scenario_id") or ""
        if not scenario_id and tracker.get_slot("conversation"):
            # Typed text the classifier took for the start command: it is a reply like any other.
            return await ActionResidentTurn().act(dispatcher, tracker, domain)
        mode = "toets" if _entity(tracker, "mode") == "toets" else "oefen"
        seed_text = str(_entity(tracker, "seed") or "")
        seed = int(seed_text) if seed_text.isdigit() else None
        if scenario_id not in core.library.scenarios:
            notice(dispatcher, "unknown_scenario", load_messages().unknown_scenario)
            return []
        state, line = core.open(scenario_id, mode, seed)  # type: ignore[arg-type]
        resident = state.resident
        dispatcher.utter_message(
            text=line,
            json_message={
                "data": {
                    "type": "opening",
                    "scenario": scenario_id,
                    "mode": mode,
                    "resident_line": line,
                    "state": {"emotion": resident.emotion, "trust": resident.trust, "mood": resident.mood,
                              "stage": 0, "turn": 0, "ended": False, "outcome": None},
                }
            },
        )
        return [SlotSet("conversation", state.to_dict())]
