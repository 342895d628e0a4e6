"""The end screen's content, computed from the conversation state in the tracker and the core."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oefenavond.feedback import load_feedback
from oefenavond.practice import ConversationState
from oefenavond.scenario import Scenario
from oefenavond.scorecard import Scorecard, make_scorecard

INTERRUPTED = "onderbroken"


@dataclass(frozen=True)
class Debrief:
    """Scorecard, the hidden concern and every turn with its feedback."""

    scenario: Scenario
    mode: str
    ended: bool
    outcome: str
    scorecard: Scorecard
    turns: list[dict[str, Any]]


def build_debrief(scenario: Scenario, mode: str, state: dict[str, Any] | None) -> Debrief:
    """The debrief of a conversation; one the trainee finished early counts as ``onderbroken``.

    The scorecard is the core's own (``make_scorecard`` on the turn records), exactly what the
    resident's final payload carries when the conversation ends by itself.
    """
    if state is None:
        records: list[dict[str, Any]] = []
        outcome, uncovered, ended = INTERRUPTED, None, False
    else:
        conversation = ConversationState.from_dict(state)
        records = conversation.records
        resident = conversation.resident
        outcome, uncovered, ended = (
            resident.outcome or INTERRUPTED,
            resident.uncovered_turn,
            resident.ended,
        )
        mode = conversation.mode
    scorecard = make_scorecard(
        records, outcome, uncovered, scenario.escalation is not None, load_feedback()
    )
    return Debrief(
        scenario=scenario,
        mode=mode,
        ended=ended,
        outcome=outcome,
        scorecard=scorecard,
        turns=records,
    )
