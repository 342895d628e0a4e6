"""The resident engine: persona state, how each reply shifts it, what the resident says next."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from oefenavond.content import load_model
from oefenavond.moves.labels import MOVES, TEFLON
from oefenavond.moves.recognizer import Recognition
from oefenavond.scenario import Effect, Scenario

DYNAMICS_PATH = Path(__file__).resolve().parent / "content" / "dynamics.yml"

RESOLVED, WALKED_AWAY, TURN_LIMIT = "resolved", "walked_away", "turn_limit"


class Dynamics(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """The rules of content/dynamics.yml."""

    effects: dict[str, Effect]
    hot: int
    backfire_moves: list[str]
    backfire: Effect
    late_moves: list[str]
    explain_after_acknowledgement: Effect
    concern_bonus: Effect
    teflon_blocks_disclosure: bool
    unbounded: Effect
    boundary: Effect
    acknowledging_moves: list[str]

    @pydantic.validator("effects")
    def _all_moves(cls, value: dict[str, Effect]) -> dict[str, Effect]:  # noqa: N805
        missing = [m for m in MOVES if m not in value]
        if missing:
            raise ValueError(f"has no effect for {missing}")
        return value

    @classmethod
    def load(cls, path: Path = DYNAMICS_PATH) -> Dynamics:
        """Load the shipped dynamics."""
        return load_model(path, cls)


def mood_of(emotion: int) -> str:
    """boos (7-10), onrustig (4-6) or rustig (0-3)."""
    return "boos" if emotion >= 7 else "onrustig" if emotion >= 4 else "rustig"


@dataclass
class ResidentState:
    """Everything the resident remembers of this conversation; JSON-serialisable."""

    emotion: int
    trust: int
    disclosure: int = 0
    stage: int = 0
    turn: int = 0
    acknowledged: bool = False
    bounded: bool = False
    unbounded_turns: int = 0
    topics: list[str] = field(default_factory=list)
    concern_touched: bool = False
    uncovered_turn: int | None = None
    outcome: str | None = None
    used: list[str] = field(default_factory=list)
    last_line: str = ""

    @property
    def mood(self) -> str:
        """The mood that follows from the emotion."""
        return mood_of(self.emotion)

    @property
    def ended(self) -> bool:
        """True once the conversation has an outcome."""
        return self.outcome is not None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a slot or a JSON file."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResidentState:
        """Inverse of to_dict; ignores fields it does not know."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Shift:
    """One reason the state changed, for the transparency of the feedback."""

    cause: str
    emotion: int
    trust: int
    disclosure: int


@dataclass(frozen=True)
class Reaction:
    """The resident's answer to one reply: the new state, the line, and why it changed."""

    state: ResidentState
    line: str
    shifts: tuple[Shift, ...]
    backfired: tuple[str, ...]
    stage_changed: bool


class ResidentEngine:
    """Plays one scenario's resident."""

    def __init__(self, scenario: Scenario, dynamics: Dynamics, seed: int) -> None:
        self.scenario = scenario
        self.dynamics = dynamics
        self.seed = seed

    def start(self) -> tuple[ResidentState, str]:
        """The state before the first reply, and the opening line."""
        state = ResidentState(emotion=self.scenario.start.emotion, trust=self.scenario.start.trust)
        line = self._pick(state, [self.scenario.opening])
        return state, line

    def effect_of(self, move: str) -> Effect:
        """A move's effect for this resident (scenario override, else the default)."""
        return self.scenario.dynamics.get(move) or self.dynamics.effects[move]

    def react(self, state: ResidentState, recognition: Recognition) -> Reaction:
        """Apply one reply to ``state`` and choose the resident's answer."""
        if state.ended:
            raise ValueError("the conversation has ended")
        new = dataclasses.replace(state, turn=state.turn + 1, topics=list(state.topics), used=list(state.used))
        moves = set(recognition.labels)
        shifts: list[Shift] = []
        backfired: list[str] = []
        escalating = self.scenario.escalation is not None and not state.bounded
        was_hot_unacknowledged = state.emotion >= self.dynamics.hot and not state.acknowledged
        stage_before = state.stage

        if escalating and "grens_stellen" not in moves:
            shifts.append(self._shift("geen grens", self.dynamics.unbounded))
            new.unbounded_turns += 1
        else:
            if escalating:
                new.bounded = True
                shifts.append(self._shift("grens gesteld", self.dynamics.boundary))
            for move in (m for m in MOVES if m in moves):
                shifts.append(self._move_shift(move, state, was_hot_unacknowledged, backfired))
            shifts.extend(self._concern_shift(new, recognition, moves))
            if self.dynamics.teflon_blocks_disclosure and moves & set(TEFLON):
                shifts = [dataclasses.replace(s, disclosure=min(0, s.disclosure)) for s in shifts]

        for shift in shifts:
            new.emotion = _clamp(new.emotion + shift.emotion)
            new.trust = _clamp(new.trust + shift.trust)
            new.disclosure = max(0, new.disclosure + shift.disclosure)
        if "emotie_benoemen" in moves:
            new.acknowledged = True
        elif new.emotion >= self.dynamics.hot and moves & set(TEFLON):
            new.acknowledged = False
        self._note_topics(new, recognition)
        if not escalating or new.bounded:
            self._advance_stage(new)
        self._decide_end(new, state, moves)
        line = self._line(new, state, recognition, backfired, escalating)
        return Reaction(new, line, tuple(shifts), tuple(backfired), new.stage != stage_before)

    def _shift(self, cause: str, effect: Effect) -> Shift:
        return Shift(cause, effect.emotion, effect.trust, effect.disclosure)

    def _move_shift(self, move: str, state: ResidentState, hot: bool, backfired: list[str]) -> Shift:
        dyn = self.dynamics
        if hot and move in dyn.backfire_moves:
            backfired.append(move)
            return self._shift(f"{move} te vroeg", dyn.backfire)
        if move in dyn.late_moves and state.stage == 0 and move not in self.scenario.dynamics:
            return Shift(f"{move} (nog te vroeg om te helpen)", 0, 0, 0)
        if move == "uitleg_geven" and state.acknowledged and state.emotion < dyn.hot:
            return self._shift(move, dyn.explain_after_acknowledgement)
        return self._shift(move, self.effect_of(move))

    def _concern_shift(self, new: ResidentState, recognition: Recognition, moves: set[str]) -> list[Shift]:
        touched = bool(recognition.analysis.lemmas & set(self.scenario.concern_keywords)) or any(
            word in recognition.analysis.norm.split() for word in self.scenario.concern_keywords
        )
        if not touched or not moves & {"open_vraag", "samenvatten", "emotie_benoemen"}:
            return []
        new.concern_touched = True
        return [self._shift("raakt de zorg eronder", self.dynamics.concern_bonus)]

    def _note_topics(self, new: ResidentState, recognition: Recognition) -> None:
        words = recognition.analysis.lemmas | set(recognition.analysis.norm.split())
        for topic, keywords in self.scenario.topics.items():
            if topic not in new.topics and words & set(keywords):
                new.topics.append(topic)

    def _advance_stage(self, new: ResidentState) -> None:
        """At most one stage further per reply, so the story unfolds; never back."""
        if new.stage + 1 < len(self.scenario.stages):
            nxt = self.scenario.stages[new.stage + 1]
            if new.disclosure >= nxt.disclosure and new.trust >= nxt.trust:
                new.stage += 1
        if new.stage == len(self.scenario.stages) - 1 and new.uncovered_turn is None:
            new.uncovered_turn = new.turn

    def _decide_end(self, new: ResidentState, old: ResidentState, moves: set[str]) -> None:
        last = len(self.scenario.stages) - 1
        escalation = self.scenario.escalation
        limit = self.scenario.end.walk_away_emotion
        if new.emotion >= limit and old.emotion >= limit - 1:
            new.outcome = WALKED_AWAY  # the last straw: already at the edge, pushed over it
        elif escalation and not new.bounded and new.unbounded_turns >= escalation.patience:
            new.outcome = WALKED_AWAY
        elif (
            old.stage == last
            and moves & set(self.dynamics.acknowledging_moves)
            and not moves & set(TEFLON)
        ):
            new.outcome = RESOLVED
        elif new.turn >= self.scenario.end.max_turns:
            new.outcome = TURN_LIMIT

    def _line(
        self,
        new: ResidentState,
        old: ResidentState,
        recognition: Recognition,
        backfired: list[str],
        escalating: bool,
    ) -> str:
        scenario = self.scenario
        stage_lines = scenario.lines[scenario.stage(new.stage).id]
        banks: list[list[str]] = []
        if new.outcome == WALKED_AWAY:
            banks.append(list(scenario.walk_away))
        elif new.outcome == RESOLVED:
            banks.append(list(scenario.resolution))
        elif escalating and scenario.escalation:
            banks.append(list(scenario.escalation.after_boundary if new.bounded else scenario.escalation.insults))
        else:
            teflon = sorted(
                (h for h in recognition.hits if h.label in TEFLON), key=lambda h: -h.confidence
            )
            banks.extend(list(scenario.reactions[h.label]) for h in teflon if h.label in scenario.reactions)
            if backfired and "uitleg_te_vroeg" in scenario.reactions:
                banks.append(list(scenario.reactions["uitleg_te_vroeg"]))
            if recognition.labels == ["gesloten_vraag"] and "gesloten_vraag" in scenario.reactions:
                banks.append(list(scenario.reactions["gesloten_vraag"]))
            banks.append(stage_lines.for_mood(new.mood))
        banks.append([line for mood in ("onrustig", "boos", "rustig") for line in stage_lines.for_mood(mood)])
        return self._pick(new, banks)

    def _pick(self, state: ResidentState, banks: list[list[str]]) -> str:
        """The first bank with an unused line gives one, chosen by the seeded random generator."""
        rng = random.Random(f"{self.seed}:{state.turn}")
        for bank in banks:
            fresh = [line for line in bank if _key(line) not in state.used]
            if fresh:
                line = rng.choice(fresh)
                break
        else:
            line = rng.choice(banks[0])
        state.used.append(_key(line))
        state.last_line = line
        return line


def _key(line: str) -> str:
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:10]


def _clamp(value: int) -> int:
    return max(0, min(10, value))
