"""The actions as the action server runs them: tracker in, events and messages out."""

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.resident_turn import ActionResidentTurn
from actions.start_scenario import ActionStartScenario


def tracker(text: str, slots: dict[str, Any] | None = None, entities: list[dict[str, Any]] | None = None,
            ranking: list[dict[str, Any]] | None = None) -> Tracker:
    message = {"text": text, "entities": entities or [], "intent_ranking": ranking or [],
               "intent": {"name": "open_vraag", "confidence": 1.0}}
    return Tracker("trainee-1", slots or {}, message, [], False, None, {}, "action_listen")


Events = list[dict[str, Any]]


async def start(scenario: str = "azc-onveilig", mode: str = "oefen") -> tuple[Events, Events]:
    dispatcher = CollectingDispatcher()
    entities = [{"entity": "scenario_id", "value": scenario}, {"entity": "mode", "value": mode},
                {"entity": "seed", "value": "9"}]
    events = await ActionStartScenario().run(dispatcher, tracker("/start_scenario", entities=entities), {})
    return events, dispatcher.messages


async def test_start_scenario_sets_the_conversation_and_opens() -> None:
    events, messages = await start()
    assert events[0]["name"] == "conversation"
    data = messages[0]["custom"]["data"]
    assert data["type"] == "opening" and data["resident_line"] == messages[0]["text"]


async def test_unknown_scenario_is_a_notice() -> None:
    events, messages = await start("bestaat-niet")
    assert events == []
    assert messages[0]["custom"]["data"]["code"] == "unknown_scenario"


async def test_turn_scores_and_answers() -> None:
    events, _ = await start()
    conversation = events[0]["value"]
    dispatcher = CollectingDispatcher()
    reply = "Ik zie dat u hier echt ongerust over bent."
    ranking = [{"name": "emotie_benoemen", "confidence": 0.97}]
    trainee_tracker = tracker(reply, {"conversation": conversation}, ranking=ranking)
    new_events = await ActionResidentTurn().run(dispatcher, trainee_tracker, {})
    payload = dispatcher.messages[0]["custom"]["data"]
    assert payload["type"] == "turn"
    assert [m["label"] for m in payload["assessment"]["moves"]] == ["emotie_benoemen"]
    assert "model" in payload["assessment"]["moves"][0]["sources"]
    assert new_events[0]["value"]["resident"]["turn"] == 1


async def test_toetsmodus_withholds_the_assessment_until_the_end() -> None:
    events, _ = await start(mode="toets")
    dispatcher = CollectingDispatcher()
    await ActionResidentTurn().run(dispatcher, tracker("Wat is er gebeurd?", {"conversation": events[0]["value"]}), {})
    assert dispatcher.messages[0]["custom"]["data"]["assessment"] is None


@pytest.mark.parametrize(("slots", "code"), [({}, "no_scenario")])
async def test_reply_without_a_conversation_is_a_notice(slots: dict[str, Any], code: str) -> None:
    dispatcher = CollectingDispatcher()
    assert await ActionResidentTurn().run(dispatcher, tracker("Hallo", slots), {}) == []
    assert dispatcher.messages[0]["custom"]["data"]["code"] == code


async def test_a_broken_conversation_slot_becomes_a_dutch_notice() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionResidentTurn().run(dispatcher, tracker("Hallo", {"conversation": {"scenario": "x"}}), {})
    assert events == []
    assert dispatcher.messages[0]["custom"]["data"]["code"] == "error"


def test_the_action_server_registers_exactly_our_actions() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert {"action_start_scenario", "action_resident_turn"} <= set(executor.actions)
