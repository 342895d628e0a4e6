"""A conversation's scorecard: computed by the core from the turn records, shown as a message."""

from __future__ import annotations

from typing import Any

from oefenavond.feedback import load_feedback
from oefenavond.practice import ConversationState
from oefenavond.scenario import Library, Scenario
from oefenavond.scorecard import Scorecard, make_scorecard
from telegram_bot.feedback import move_name
from telegram_bot.markup import Html, escape, fill, number
from telegram_bot.texts import Texts

INTERRUPTED = "onderbroken"


def scorecard_of(state: dict[str, Any], library: Library) -> Scorecard | None:
    """The scorecard of a conversation so far (the ``conversation`` slot), or None without turns."""
    conversation = ConversationState.from_dict(state)
    if not conversation.records or conversation.scenario not in library.scenarios:
        return None
    scenario = library.get(conversation.scenario)
    resident = conversation.resident
    return make_scorecard(
        conversation.records,
        resident.outcome or INTERRUPTED,
        resident.uncovered_turn,
        scenario.escalation is not None,
        load_feedback(),
    )


def render_scorecard(
    texts: Texts,
    scenario: Scenario,
    card: Scorecard,
    channel: str,
    records: list[dict[str, Any]] | None = None,
    reveal: bool = True,
) -> Html:
    """The scorecard as a message; with ``records``, every turn with its feedback too.

    ``reveal`` shows the resident's hidden concern: not while the conversation can still go on.
    """
    outcome = texts.outcomes.get(card.outcome, card.outcome)
    parts: list[str] = [
        fill(
            texts.score_title,
            title=scenario.title,
            resident=scenario.resident.name,
            channel=texts.channels.get(channel, channel),
        ),
        fill(texts.score_grade, grade=number(card.grade), turns=card.turns, outcome=outcome),
        fill(texts.score_lsd, **{key: number(value) for key, value in card.lsd.items()}),
        fill(texts.score_concern_found, turn=card.concern_turn)
        if card.concern_uncovered
        else fill(texts.score_concern_missed),
        fill(texts.score_boundary, boundary=card.boundary),
    ]
    if reveal:
        parts.append(fill(texts.score_hidden_concern, concern=" ".join(str(scenario.hidden_concern).split())))
    if card.teflon:
        items = "; ".join(f"{move_name(t['label'])} ('{t['quote']}')" for t in card.teflon)
        parts.append(fill(texts.score_teflon, items=items))
    parts += ["", fill(texts.score_why), *(escape(line) for line in card.explanation)]
    if card.tips:
        parts += ["", fill(texts.score_tips), *(escape(f"• {tip}") for tip in card.tips)]
    if records:
        parts += ["", fill(texts.score_turns)]
        parts += [
            fill(
                texts.score_turn,
                turn=record.get("turn", ""),
                reply=record.get("reply", ""),
                score=number(float(record.get("score", 0))),
                feedback=record.get("feedback", ""),
            )
            for record in records
        ]
    return Html("\n".join(parts))
