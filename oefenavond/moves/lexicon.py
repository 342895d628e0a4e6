"""The linguistic evidence for each move, loaded from content/lexicons/*.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pydantic

from oefenavond.content import ContentError, Problem, load_model
from oefenavond.moves.labels import MOVES

LEXICON_DIR = Path(__file__).resolve().parent.parent / "content" / "lexicons"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _check_regex(pattern: str) -> str:
    try:
        re.compile(_PLACEHOLDER.sub("(?:x)", pattern))
    except re.error as error:
        raise ValueError(f"is not a valid regular expression: {error}") from error
    return pattern


class PatternSpec(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """One pattern: a regex, the weight of its evidence, and the segment form it applies to."""

    re: str
    weight: pydantic.confloat(ge=0, le=1)  # type: ignore[valid-type]
    when: Literal["question", "statement"] | None = None
    scope: Literal["segment", "reply"] = "segment"

    _valid = pydantic.validator("re", allow_reuse=True)(_check_regex)


class MoveSpec(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """All patterns for one move, and the patterns that cancel them."""

    patterns: list[PatternSpec]
    unless: list[str] = []
    cite: str | None = None

    @pydantic.validator("unless", each_item=True)
    def _valid_unless(cls, value: str) -> str:  # noqa: N805 - pydantic validator
        return _check_regex(value)


class MovesFile(pydantic.BaseModel):
    """moves.yml: one entry per move label of the contract."""

    __root__: dict[str, MoveSpec]

    @pydantic.validator("__root__")
    def _labels(cls, value: dict[str, MoveSpec]) -> dict[str, MoveSpec]:  # noqa: N805
        unknown = sorted(set(value) - set(MOVES))
        if unknown:
            raise ValueError(f"unknown move label(s) {unknown}; use the labels of moves.md")
        return value


class WordsFile(pydantic.BaseModel):
    """words.yml: named lists of lowercase words and phrases."""

    __root__: dict[str, list[pydantic.constr(strip_whitespace=True, min_length=1)]]  # type: ignore[valid-type]


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern ready to match a normalised segment."""

    regex: re.Pattern[str]
    weight: float
    when: str | None
    scope: str


@dataclass(frozen=True)
class MoveRules:
    """Compiled evidence for one move."""

    label: str
    patterns: tuple[Pattern, ...]
    unless: tuple[re.Pattern[str], ...]
    cite: str | None


@dataclass(frozen=True)
class Lexicon:
    """Word lists and compiled move patterns."""

    words: dict[str, frozenset[str]]
    moves: dict[str, MoveRules]

    def has(self, name: str, word: str) -> bool:
        """True when ``word`` is in the word list ``name``."""
        return word in self.words.get(name, frozenset())

    def find(self, name: str, text: str) -> list[str]:
        """The words of list ``name`` that occur in ``text`` as whole words, longest first."""
        regex = _alternation_regex(tuple(sorted(self.words[name])))
        return [match.group(0) for match in regex.finditer(text)]

    @classmethod
    def load(cls, directory: Path = LEXICON_DIR) -> Lexicon:
        """Load and compile words.yml and moves.yml from ``directory``."""
        words_path, moves_path = directory / "words.yml", directory / "moves.yml"
        words = {
            name: frozenset(w.lower() for w in items)
            for name, items in load_model(words_path, WordsFile).__root__.items()
        }
        specs = load_model(moves_path, MovesFile).__root__
        problems: list[Problem] = []

        def compile_(pattern: str, field: str) -> re.Pattern[str]:
            def expand(match: re.Match[str]) -> str:
                name = match.group(1)
                if name not in words:
                    problems.append(Problem(moves_path, field, 0, f"unknown word list {{{name}}}"))
                    return "(?!)"
                return _alternation(words[name])

            return re.compile(_PLACEHOLDER.sub(expand, pattern))

        moves = {
            label: MoveRules(
                label=label,
                patterns=tuple(
                    Pattern(compile_(p.re, f"{label}.patterns[{i}]"), float(p.weight), p.when, p.scope)
                    for i, p in enumerate(spec.patterns)
                ),
                unless=tuple(
                    compile_(u, f"{label}.unless[{i}]") for i, u in enumerate(spec.unless)
                ),
                cite=spec.cite,
            )
            for label, spec in specs.items()
        }
        problems.extend(
            Problem(moves_path, f"{label}.cite", 0, f"unknown word list '{spec.cite}'")
            for label, spec in specs.items()
            if spec.cite and spec.cite not in words
        )
        if problems:
            raise ContentError(problems)
        return cls(words=words, moves=moves)


def _alternation(words: frozenset[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


@cache
def _alternation_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b" + _alternation(frozenset(words)) + r"\b")
