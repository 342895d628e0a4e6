"""Scenarios: the residents, as typed models loaded from scenarios/*.yml (docs/scenario-format.md)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pydantic
from pydantic import conint, constr

from oefenavond.content import ContentError, Problem, load_model
from oefenavond.moves.labels import MOVES

MOODS = ("boos", "onrustig", "rustig")
Mood = Literal["boos", "onrustig", "rustig"]
REACTIONS = (*MOVES, "uitleg_te_vroeg")

Text = constr(strip_whitespace=True, min_length=2)
Word = constr(strip_whitespace=True, regex=r"^[a-zà-ÿ'-]+$")
Scale = conint(ge=0, le=10)


def _at_least(n: int) -> type[list[str]]:
    return pydantic.conlist(Text, min_items=n)  # type: ignore[return-value]


class _Model(pydantic.BaseModel):
    class Config:
        extra = pydantic.Extra.forbid
        allow_mutation = False


class Setting(_Model):
    """Which meeting, about what, where; and what the trainee knows beforehand."""

    meeting: Text  # type: ignore[valid-type]
    topic: Text  # type: ignore[valid-type]
    place: Text  # type: ignore[valid-type]
    briefing: Text  # type: ignore[valid-type]


class Resident(_Model):
    """Who the trainee talks to."""

    name: Text  # type: ignore[valid-type]
    age: conint(ge=12, le=110)  # type: ignore[valid-type]
    background: Text  # type: ignore[valid-type]
    stance: Text  # type: ignore[valid-type]


class Start(_Model):
    """The resident's state before the first reply."""

    emotion: Scale  # type: ignore[valid-type]
    trust: Scale  # type: ignore[valid-type]


class Stage(_Model):
    """One stage of disclosure and what it takes to reach it."""

    id: constr(regex=r"^[a-z][a-z0-9_-]*$")  # type: ignore[valid-type]
    label: Text  # type: ignore[valid-type]
    disclosure: conint(ge=0, le=50)  # type: ignore[valid-type]
    trust: Scale  # type: ignore[valid-type]


class MoodLines(_Model):
    """Resident lines for one stage, per mood."""

    boos: _at_least(3)  # type: ignore[valid-type]
    onrustig: _at_least(3)  # type: ignore[valid-type]
    rustig: _at_least(3)  # type: ignore[valid-type]

    def for_mood(self, mood: str) -> list[str]:
        """The lines of one mood."""
        return list(getattr(self, mood))


class Effect(_Model):
    """How one move shifts the resident."""

    emotion: conint(ge=-5, le=5) = 0  # type: ignore[valid-type]
    trust: conint(ge=-5, le=5) = 0  # type: ignore[valid-type]
    disclosure: conint(ge=-5, le=5) = 0  # type: ignore[valid-type]


class End(_Model):
    """When a conversation ends."""

    max_turns: conint(ge=3, le=40) = 12  # type: ignore[valid-type]
    walk_away_emotion: conint(ge=5, le=10) = 10  # type: ignore[valid-type]


class Escalation(_Model):
    """A resident who insults or intimidates until the trainee sets a boundary."""

    insults: _at_least(3)  # type: ignore[valid-type]
    after_boundary: _at_least(2)  # type: ignore[valid-type]
    patience: conint(ge=1, le=10) = 3  # type: ignore[valid-type]


class Scenario(_Model):
    """A resident at an evening: who, what they say, what drives them, how they react."""

    id: constr(regex=r"^[a-z0-9]+(-[a-z0-9]+)*$")  # type: ignore[valid-type]
    title: Text  # type: ignore[valid-type]
    setting: Setting
    resident: Resident
    surface_complaint: Text  # type: ignore[valid-type]
    hidden_concern: Text  # type: ignore[valid-type]
    intention: Text  # type: ignore[valid-type]
    concern_keywords: pydantic.conlist(Word, min_items=3)  # type: ignore[valid-type]
    topics: dict[constr(regex=r"^[a-z_]+$"), pydantic.conlist(Word, min_items=1)]  # type: ignore[valid-type]
    start: Start
    opening: _at_least(1)  # type: ignore[valid-type]
    stages: pydantic.conlist(Stage, min_items=2, max_items=4)  # type: ignore[valid-type]
    lines: dict[str, MoodLines]
    reactions: dict[str, _at_least(1)] = {}  # type: ignore[valid-type]
    walk_away: _at_least(1)  # type: ignore[valid-type]
    resolution: _at_least(1)  # type: ignore[valid-type]
    better_replies: dict[str, _at_least(1)]  # type: ignore[valid-type]
    dynamics: dict[str, Effect] = {}
    end: End = End()
    escalation: Escalation | None = None
    debrief: Text  # type: ignore[valid-type]

    @pydantic.validator("stages")
    def _rising(cls, stages: list[Stage]) -> list[Stage]:  # noqa: N805 - pydantic validator
        if stages[0].disclosure != 0:
            raise ValueError("the first stage must have disclosure 0")
        for before, after in itertools.pairwise(stages):
            if after.disclosure <= before.disclosure:
                raise ValueError(f"stage '{after.id}' must need more disclosure than '{before.id}'")
        if len({s.id for s in stages}) != len(stages):
            raise ValueError("stage ids must differ")
        return stages

    @pydantic.validator("lines", "better_replies")
    def _every_stage(cls, value: dict[str, object], values: dict[str, object]) -> dict[str, object]:  # noqa: N805
        stages = [s.id for s in values.get("stages") or []]  # type: ignore[attr-defined]
        if stages:
            missing = [s for s in stages if s not in value]
            unknown = [k for k in value if k not in stages]
            if missing:
                raise ValueError(f"has no entry for stage(s) {missing}")
            if unknown:
                raise ValueError(f"names unknown stage(s) {unknown}; stages are {stages}")
        return value

    @pydantic.validator("reactions")
    def _known_reactions(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:  # noqa: N805
        unknown = [k for k in value if k not in REACTIONS]
        if unknown:
            raise ValueError(f"unknown reaction(s) {unknown}; use move labels or 'uitleg_te_vroeg'")
        return value

    @pydantic.validator("dynamics")
    def _known_moves(cls, value: dict[str, Effect]) -> dict[str, Effect]:  # noqa: N805
        unknown = [k for k in value if k not in MOVES]
        if unknown:
            raise ValueError(f"unknown move(s) {unknown}; use the labels of moves.md")
        return value

    @pydantic.root_validator(skip_on_failure=True)
    def _no_repeated_lines(cls, values: dict[str, object]) -> dict[str, object]:  # noqa: N805
        seen: set[str] = set()
        for line in _resident_lines(values):
            key = re.sub(r"\W+", " ", line.lower()).strip()
            if key in seen:
                raise ValueError(f"the line '{line[:60]}' occurs twice")
            seen.add(key)
        return values

    @property
    def stage_ids(self) -> list[str]:
        """Stage ids, surface first."""
        return [stage.id for stage in self.stages]

    def stage(self, index: int) -> Stage:
        """The stage at ``index`` (clamped)."""
        stage: Stage = self.stages[max(0, min(index, len(self.stages) - 1))]
        return stage


def _resident_lines(values: dict[str, object]) -> Iterator[str]:
    yield from values.get("opening") or []  # type: ignore[misc]
    for bank in (values.get("lines") or {}).values():  # type: ignore[attr-defined]
        for mood in MOODS:
            yield from getattr(bank, mood)
    for lines in (values.get("reactions") or {}).values():  # type: ignore[attr-defined]
        yield from lines
    yield from values.get("walk_away") or []  # type: ignore[misc]
    yield from values.get("resolution") or []  # type: ignore[misc]


@dataclass
class Library:
    """All scenarios of a folder; a broken file is reported and left out, never fatal."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, directory: Path) -> Library:
        """Load every ``*.yml`` in ``directory``."""
        library = cls()
        for path in sorted(directory.glob("*.yml")):
            try:
                scenario = load_model(path, Scenario)
            except ContentError as error:
                library.problems.extend(error.problems)
                continue
            if scenario.id != path.stem:
                library.problems.append(
                    Problem(path, "id", 1, f"'{scenario.id}' must equal the file name '{path.stem}'")
                )
                continue
            library.scenarios[scenario.id] = scenario
        return library

    def get(self, scenario_id: str) -> Scenario:
        """The scenario with ``scenario_id``; KeyError names the known ones."""
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            known = ", ".join(sorted(self.scenarios)) or "none"
            raise KeyError(f"unknown scenario '{scenario_id}' (known: {known})") from None

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.scenarios.values())

    def __len__(self) -> int:
        return len(self.scenarios)
