"""Turn records with a trainer's corrected moves, rescored with the assessment's own rules.

The trainer review lets a trainer correct the moves the model found in a reply. The scorecard
(:func:`oefenavond.scorecard.make_scorecard`) works on turn records, so a corrected record gets
the corrected moves and everything that follows from the moves alone: the Teflon flags,
``emotie_gemist``, ``geen_grens``, ``alleen_gesloten``, ``geen_zet``, the emotion level, the LSD
sub-scores, the turn score, the feedback and the better reply, computed by
:class:`oefenavond.assessment.Assessor`'s rules. The feedback cites the words that showed a move;
a move the trainer added has none of its own, so it cites the whole reply (a reply without words
is not cited at all). The better reply is the one the assessor would have offered: chosen by the
conversation's ``seed`` from the scenario's exemplars for the stage the conversation was in.

What the resident did stays as it happened (line, emotion, trust, stage, effects,
``uitleg_te_vroeg``): the conversation is not replayed. Whether the resident was "hot" before a
turn is reconstructed from the records (the emotion after the previous turn and whether an
earlier reply named the emotion), exactly as the resident engine tracked it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from oefenavond.assessment import Assessor
from oefenavond.feedback import FeedbackTexts, load_feedback
from oefenavond.moves.labels import MOVES, TEFLON
from oefenavond.moves.recognizer import MoveHit, Recognition
from oefenavond.moves.text import Analysis, normalise, split_segments
from oefenavond.resident import ResidentState
from oefenavond.scenario import Scenario

HOT = 7
"""From this emotion on a resident is hot (assessment.py and content/dynamics.yml)."""
TRAINER_SOURCE = "trainer"
RECOMPUTED_FLAGS = frozenset({"emotie_gemist", "geen_grens", "alleen_gesloten", "geen_zet"})
PROBLEM_FLAGS = frozenset({"leeg"})


def correct_records(
    records: Sequence[Mapping[str, Any]],
    corrections: Mapping[int, Sequence[str]],
    scenario: Scenario,
    *,
    seed: int,
    texts: FeedbackTexts | None = None,
    hot: int = HOT,
) -> list[dict[str, Any]]:
    """``records`` with the turns in ``corrections`` (turn number → move labels) rescored.

    ``seed`` is the conversation's (``ConversationState.seed``), which picks the better reply.
    A corrected record carries ``corrected: True`` and ``original_moves`` (the model's labels);
    the others are returned unchanged (as copies).
    """
    result: list[dict[str, Any]] = []
    texts = texts or load_feedback()
    escalation = scenario.escalation is not None
    stages = list(scenario.stage_ids)
    before = ResidentState(emotion=scenario.start.emotion, trust=scenario.start.trust)
    for record in records:
        turn = int(record["turn"])
        original = [str(move["label"]) for move in record["moves"]]
        if turn in corrections:
            result.append(_rescored(record, corrections[turn], before, scenario, texts, seed, hot))
        else:
            result.append(dict(record))
        before = _after(before, record, original, escalation, stages, hot)
    return result


def _after(
    before: ResidentState,
    record: Mapping[str, Any],
    original: list[str],
    escalation: bool,
    stages: list[str],
    hot: int,
) -> ResidentState:
    """The resident's memory after a turn, as the engine kept it (with the moves it was given)."""
    emotion = int(record.get("emotion", before.emotion))
    acknowledged = before.acknowledged
    if "emotie_benoemen" in original:
        acknowledged = True
    elif emotion >= hot and set(original) & set(TEFLON):
        acknowledged = False
    stage = str(record.get("stage", ""))
    return ResidentState(
        emotion=emotion,
        trust=int(record.get("trust", before.trust)),
        stage=stages.index(stage) if stage in stages else before.stage,
        turn=int(record["turn"]),
        acknowledged=acknowledged,
        bounded=before.bounded or (escalation and "grens_stellen" in original),
    )


def _rescored(
    record: Mapping[str, Any],
    labels: Sequence[str],
    before: ResidentState,
    scenario: Scenario,
    texts: FeedbackTexts,
    seed: int,
    hot_from: int,
) -> dict[str, Any]:
    """The record with the trainer's ``labels`` and all that follows from them; the rest as it was."""
    hot = before.emotion >= hot_from and not before.acknowledged
    unbounded = scenario.escalation is not None and not before.bounded
    chosen: list[str] = [label for label in MOVES if label in set(labels)]
    found = {str(move["label"]): move for move in record["moves"]}
    reply = str(record.get("reply", ""))
    moves: list[dict[str, Any]] = [
        {
            "label": label,
            "confidence": 1.0,
            "quote": str(found[label]["quote"]) if label in found else "",
            "sources": [TRAINER_SOURCE],
        }
        for label in chosen
    ]
    flags = _flags(list(record["flags"]), chosen, hot, unbounded)
    levels = dict(record["levels"])
    levels["emotie"] = "emotie_benoemen" in chosen
    levels["inhoud"] = bool(levels.get("inhoud")) or "samenvatten" in chosen
    # The assessor's rules read the quote of a move (a summary's check such as "klopt dat?", the
    # words the feedback cites): a move the trainer added has no quote of its own, so the whole
    # reply stands in for it (without the punctuation at its ends, like the model's quotes), unless
    # the reply has no words to cite.
    whole = normalise(reply).strip(" ,.;:!?") if split_segments(reply) else ""
    hits = tuple(
        MoveHit(label, 1.0, str(move["quote"]) or whole, 0, (TRAINER_SOURCE,))
        for label, move in zip(chosen, moves, strict=True)
    )
    recognition = Recognition(Analysis(reply, (), frozenset()), hits)
    score = Assessor.turn_score(set(chosen), flags, hot, levels, before)
    return {
        **record,
        "moves": moves,
        "flags": flags,
        "levels": levels,
        "lsd": Assessor.lsd_scores(recognition, levels, hot),
        "score": score,
        "feedback": Assessor.feedback(texts, recognition, flags, before),
        "better_reply": Assessor.better_reply(scenario, before, score, flags, seed),
        "corrected": True,
        "original_moves": [str(move["label"]) for move in record["moves"]],
    }


def _flags(old: list[str], labels: list[str], hot: bool, unbounded: bool) -> list[str]:
    """The flags that follow from the moves, recomputed; the others (from the resident) kept."""
    kept = [flag for flag in old if not flag.startswith("teflon:") and flag not in RECOMPUTED_FLAGS]
    problem = any(flag in PROBLEM_FLAGS for flag in old)
    flags = [f"teflon:{label}" for label in labels if label in TEFLON]
    flags.extend(flag for flag in kept if flag in PROBLEM_FLAGS or flag == "uitleg_te_vroeg")
    if hot and "emotie_benoemen" not in labels and not problem:
        flags.append("emotie_gemist")
    if unbounded and "grens_stellen" not in labels:
        flags.append("geen_grens")
    if set(labels) == {"gesloten_vraag"}:
        flags.append("alleen_gesloten")
    if not labels and not problem:
        flags.append("geen_zet")
    flags.extend(flag for flag in kept if flag not in PROBLEM_FLAGS and flag != "uitleg_te_vroeg")
    return flags
