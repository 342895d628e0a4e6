"""What a trainee sees after a reply: the resident's line and compact feedback; the drill's score."""

from __future__ import annotations

from typing import Any

from oefenavond.moves.labels import TEFLON
from oefenavond.scenario import Scenario
from telegram_bot.markup import Html, escape, fill, join, number
from telegram_bot.sessions import DRILL, Session
from telegram_bot.texts import Texts

LSD = ("luisteren", "samenvatten", "doorvragen")


def move_name(label: str) -> str:
    """A move label as words: ``open_vraag`` -> ``open vraag``."""
    return label.replace("_", " ")


def resident_line(texts: Texts, scenario: Scenario, line: str, mood: str | None) -> Html:
    """``😟 Ilse Jansen: <line>``."""
    return fill(
        texts.resident_line,
        mood=texts.moods.get(mood or "", ""),
        resident=scenario.resident.name,
        line=line,
    )


def compact_feedback(texts: Texts, session: Session, assessment: dict[str, Any]) -> Html:
    """Moves, the one-sentence feedback and (when the reply fell short) a better reply."""
    score = number(float(assessment.get("score", 0)))
    if session.kind == DRILL:
        header = fill(
            texts.feedback_header_drill, round=len(session.turns), rounds=session.rounds, score=score
        )
    else:
        header = fill(texts.feedback_header_gesprek, round=assessment.get("turn", ""), score=score)
    labels = [str(move.get("label", "")) for move in assessment.get("moves") or []]
    names = [
        (f"{texts.teflon_mark} " if label in TEFLON else "") + move_name(label)
        for label in dict.fromkeys(labels)
        if label
    ]
    parts = [
        header,
        fill(texts.feedback_moves, moves=", ".join(names)) if names else fill(texts.feedback_no_moves),
        escape(assessment.get("feedback") or ""),
    ]
    better = assessment.get("better_reply")
    if better:
        parts.append(fill(texts.feedback_better, reply=better))
    return join([part for part in parts if part])


def turn_record(assessment: dict[str, Any]) -> dict[str, Any]:
    """What a session keeps of a turn for its summary."""
    lsd = assessment.get("lsd") or {}
    return {"score": float(assessment.get("score", 0)), "lsd": {k: int(lsd.get(k, 0)) for k in LSD}}


def drill_summary(texts: Texts, session: Session) -> Html:
    """The one-line score at the end of a drill."""
    turns = session.turns
    count = len(turns) or 1
    averages = {key: number(sum(t["lsd"][key] for t in turns) / count) for key in LSD}
    return fill(
        texts.drill_done,
        score=number(sum(t["score"] for t in turns) / count),
        rounds=len(turns),
        **averages,
    )
