"""The transcript as the review, the PDF and the trainee's debrief show it: every turn with its
assessment, the trainer's corrections and comments, missed moments and the hidden concern.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oefenavond.moves.labels import MOVES
from oefenavond.moves.text import normalise, split_segments
from oefenavond.resident import mood_of
from oefenavond.scenario import Library, Scenario
from storage.comments import Comment, comments_for
from storage.corrections import Correction, corrections_for
from storage.database import Database
from storage.scope import ConversationInfo
from storage.transcripts import Transcript, read_transcript
from web.review.moments import missed_moments
from web.review.scoring import Scored, score_conversation
from web.review.texts import review_texts
from web.texts import load_texts


@dataclass(frozen=True)
class SegmentChoice:
    """A segment of a reply and the moves ticked for it in the correction form."""

    number: int
    text: str
    moves: frozenset[str]


@dataclass(frozen=True)
class TurnView:
    """One turn: the reply, the resident's answer, the assessment, corrections and comments."""

    record: dict[str, Any]
    turn: int
    reply: str
    resident_line: str
    moves: list[dict[str, Any]]
    levels: list[str]
    correction: Correction | None
    emotion: int
    trust: int
    mood: str
    stage: str
    emotion_change: int
    trust_change: int
    missed: list[str]
    concern_here: bool
    comments: list[Comment]
    segments: list[SegmentChoice]


@dataclass(frozen=True)
class ConcernView:
    """Where the hidden concern came out, or how far the conversation got."""

    found_turn: int | None
    furthest_stage: str | None
    furthest_turn: int | None
    needed_stage: str | None
    needed_disclosure: int | None
    needed_trust: int | None
    end_trust: int | None
    close_turns: list[int]


@dataclass(frozen=True)
class TranscriptView:
    """Everything the transcript screen shows."""

    info: ConversationInfo
    scenario: Scenario | None
    opening: str
    turns: list[TurnView]
    scored: Scored
    comments: list[Comment]
    concern: ConcernView
    started: bool


def _segments(reply: str, record: Mapping[str, Any], correction: Correction | None) -> list[SegmentChoice]:
    """The reply's segments with the moves ticked: the correction's, else a guess from the quotes."""
    pieces = split_segments(reply)
    if correction is not None and [s.text for s in correction.segments] == pieces:
        return [SegmentChoice(i + 1, s.text, frozenset(s.moves)) for i, s in enumerate(correction.segments)]
    ticked: list[set[str]] = [set() for _ in pieces]
    for move in record.get("moves", []):
        quote = normalise(str(move.get("quote") or ""))
        index = next((i for i, piece in enumerate(pieces) if quote and quote in normalise(piece)), 0)
        if ticked:
            ticked[index].add(str(move["label"]))
    return [SegmentChoice(i + 1, piece, frozenset(ticked[i])) for i, piece in enumerate(pieces)]


def _stage_label(scenario: Scenario | None, stage_id: str) -> str:
    if scenario is None:
        return stage_id
    return next((stage.label for stage in scenario.stages if stage.id == stage_id), stage_id)


def _concern(scenario: Scenario | None, scored: Scored) -> ConcernView:
    records = scored.records
    close = [int(r["turn"]) for r in records if r.get("levels", {}).get("intentie")]
    furthest_stage, furthest_turn = None, None
    needed = None
    if scenario is not None:
        ids = scenario.stage_ids
        best = 0
        for record in records:
            index = ids.index(record["stage"]) if record.get("stage") in ids else 0
            if index > best:
                best, furthest_turn = index, int(record["turn"])
        furthest_stage = scenario.stages[best].label if best else None
        needed = scenario.stages[-1]
    return ConcernView(
        found_turn=scored.uncovered_turn,
        furthest_stage=furthest_stage,
        furthest_turn=furthest_turn,
        needed_stage=needed.label if needed else None,
        needed_disclosure=needed.disclosure if needed else None,
        needed_trust=needed.trust if needed else None,
        end_trust=scored.resident.trust if scored.resident else None,
        close_turns=close,
    )


def build_view(
    library: Library,
    info: ConversationInfo,
    transcript: Transcript,
    corrections: Mapping[int, Correction],
    comments: list[Comment],
) -> TranscriptView:
    """The view of one conversation from the tracker's transcript and the review's own data."""
    scored = score_conversation(
        library, info.scenario_id, transcript.state, {turn: list(c.moves) for turn, c in corrections.items()}
    )
    scenario = scored.scenario
    texts = review_texts()["moments"]
    ui = load_texts()
    emotion: int = scenario.start.emotion if scenario else 0
    trust: int = scenario.start.trust if scenario else 0
    turns: list[TurnView] = []
    for record in scored.records:
        number = int(record["turn"])
        after_emotion = int(record.get("emotion", emotion))
        after_trust = int(record.get("trust", trust))
        correction = corrections.get(number)
        turns.append(
            TurnView(
                record=record,
                turn=number,
                reply=str(record.get("reply", "")),
                resident_line=str(record.get("resident", "")),
                moves=list(record.get("moves", [])),
                levels=[name for name, touched in dict(record.get("levels", {})).items() if touched],
                correction=correction,
                emotion=after_emotion,
                trust=after_trust,
                mood=mood_of(after_emotion),
                stage=_stage_label(scenario, str(record.get("stage", ""))),
                emotion_change=after_emotion - emotion,
                trust_change=after_trust - trust,
                missed=missed_moments(record, emotion, scored.uncovered_turn, texts, ui["moves"], ui["moods"]),
                concern_here=scored.uncovered_turn == number,
                comments=[c for c in comments if c.turn == number],
                segments=_segments(str(record.get("reply", "")), record, correction),
            )
        )
        emotion, trust = after_emotion, after_trust
    return TranscriptView(
        info=info,
        scenario=scenario,
        opening=transcript.opening,
        turns=turns,
        scored=scored,
        comments=[c for c in comments if c.turn is None],
        concern=_concern(scenario, scored),
        started=transcript.state is not None or bool(transcript.entries),
    )


def load_view(library: Library, info: ConversationInfo, *, db: Database) -> TranscriptView:
    """Read the tracker and the review's tables and build the view (blocking: run in a thread)."""
    transcript = read_transcript(info.sender_id, db=db)
    return build_view(library, info, transcript, corrections_for(info.id, db=db), comments_for(info.id, db=db))


MOVE_ORDER = MOVES
"""The order of the checkboxes in the correction form."""
