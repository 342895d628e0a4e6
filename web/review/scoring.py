"""A conversation's records and scorecard as the review shows them: with trainers' corrections.

The scorecard is the core's (``make_scorecard``) on the turn records from the tracker's
``conversation`` slot, with corrected turns rescored by ``oefenavond.corrected``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from oefenavond.corrected import correct_records
from oefenavond.feedback import load_feedback
from oefenavond.practice import ConversationState
from oefenavond.resident import ResidentState
from oefenavond.scenario import Library, Scenario
from oefenavond.scorecard import Scorecard, make_scorecard
from storage.scope import ConversationInfo
from storage.summaries import Summarize, SummaryValues

NOT_FINISHED = "onderbroken"


@dataclass(frozen=True)
class Scored:
    """Records (corrected), the scorecard, and how the conversation ended."""

    scenario: Scenario | None
    records: list[dict[str, Any]]
    original: list[dict[str, Any]]
    scorecard: Scorecard | None
    original_grade: float | None
    outcome: str
    ended: bool
    uncovered_turn: int | None
    resident: ResidentState | None
    corrected_turns: int


def score_conversation(
    library: Library, scenario_id: str, state: dict[str, Any] | None, corrections: Mapping[int, Sequence[str]]
) -> Scored:
    """Score what the tracker holds, counting the corrections; no scenario → no scorecard."""
    scenario = library.scenarios.get(scenario_id)
    resident: ResidentState | None = None
    original: list[dict[str, Any]] = []
    seed = 0
    if state is not None:
        conversation = ConversationState.from_dict(state)
        resident, original, seed = conversation.resident, conversation.records, conversation.seed
    outcome = (resident.outcome if resident else None) or NOT_FINISHED
    uncovered = resident.uncovered_turn if resident else None
    ended = bool(resident and resident.ended)
    if scenario is None:
        return Scored(None, original, original, None, None, outcome, ended, uncovered, resident, 0)
    applicable = {turn: moves for turn, moves in corrections.items() if any(r["turn"] == turn for r in original)}
    texts = load_feedback()
    records = correct_records(original, applicable, scenario, seed=seed, texts=texts) if applicable else original
    escalation = scenario.escalation is not None
    card = make_scorecard(records, outcome, uncovered, escalation, texts)
    original_grade = make_scorecard(original, outcome, uncovered, escalation, texts).grade if applicable else card.grade
    return Scored(
        scenario, records, original, card, original_grade, outcome, ended, uncovered, resident, len(applicable)
    )


def summary_values(scored: Scored) -> SummaryValues:
    """The figures the conversation list filters and sorts on."""
    card = scored.scorecard
    graded = card is not None and card.turns > 0
    return SummaryValues(
        turns=len(scored.records),
        grade=card.grade if graded and card else None,
        concern_found=scored.uncovered_turn is not None,
        outcome=scored.outcome,
        ended=scored.ended,
        luisteren=card.lsd["luisteren"] if graded and card else None,
        samenvatten=card.lsd["samenvatten"] if graded and card else None,
        doorvragen=card.lsd["doorvragen"] if graded and card else None,
        corrected_turns=scored.corrected_turns,
    )


def summarizer(library: Library) -> Summarize:
    """The function storage.summaries.refresh calls for a stale conversation."""

    def summarize(
        info: ConversationInfo, state: dict[str, Any] | None, corrections: dict[int, list[str]]
    ) -> SummaryValues:
        return summary_values(score_conversation(library, info.scenario_id, state, corrections))

    return summarize
