"""Missed moments of a turn, derived from the assessment's flags and the course of the conversation.

For example: the resident's emotion was high and the reply explained instead of acknowledging
(``uitleg_te_vroeg``), or the hidden concern was on the table and the next reply did not
acknowledge it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oefenavond.resident import mood_of

ACKNOWLEDGING = frozenset({"emotie_benoemen", "samenvatten"})


def missed_moments(
    record: Mapping[str, Any],
    emotion_before: int,
    uncovered_turn: int | None,
    texts: Mapping[str, str],
    move_names: Mapping[str, str],
    mood_names: Mapping[str, str],
) -> list[str]:
    """The Dutch sentences for what this reply missed, most important first."""
    flags = [str(flag) for flag in record.get("flags", [])]
    moves = {str(move["label"]) for move in record.get("moves", [])}
    found: list[str] = []
    if "uitleg_te_vroeg" in flags:
        found.append(texts["uitleg_te_vroeg"])
    if "emotie_gemist" in flags:
        mood = mood_names.get(mood_of(emotion_before), mood_of(emotion_before))
        found.append(texts["emotie_gemist"].format(mood=mood, emotion=emotion_before))
    found.extend(
        texts["teflon"].format(move=move_names.get(flag.split(":", 1)[1], flag.split(":", 1)[1]))
        for flag in flags
        if flag.startswith("teflon:")
    )
    if (
        uncovered_turn is not None
        and int(record.get("turn", 0)) == uncovered_turn + 1
        and not moves & ACKNOWLEDGING
    ):
        found.append(texts["concern_unanswered"])
    for name in ("geen_grens", "alleen_gesloten", "geen_zet"):
        if name in flags:
            found.append(texts[name])
    found.extend(
        texts["jargon"].format(word=flag.split(":", 1)[1]) for flag in flags if flag.startswith("jargon:")
    )
    return found
