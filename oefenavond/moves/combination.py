"""How a reply's evidence becomes the probability of each move: one logistic regression per move.

A reply's segments each give every move two scores: the rules' evidence and the learned
classifiers' probability (see ``MoveRecognizer``). One hand-set formula with one threshold treats
every move alike, but the sources are not alike per move: the patterns of ``uitleg_geven`` also
fire on replies that do more than explain, and arguing mostly comes beside another move. So each
move has weights of its own, fitted by ``scripts/fit_combination.py`` on replies the classifiers
never trained on, and kept in ``content/combination.yml`` where a trainer can read what counts how
much. A move is recognised when its probability reaches the file's threshold.

The features of a move in a reply (``reply_features``), each the highest over its segments:

- ``rules``, ``learned`` and ``both`` (their product: the two agree);
- ``confidence``: the two combined as the recognizer's noisy-or;
- ``no_move``: the classifier's probability that a segment makes no move at all;
- ``learned:<move>``: the learned score of each other move, so that another move can count for
  or against it (a likely ``regels_verdediging`` makes ``in_discussie`` more likely).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pydantic

from oefenavond.moves.labels import MOVES, NO_MOVE

COMBINATION_PATH = Path(__file__).resolve().parent.parent / "content" / "combination.yml"

OWN_FEATURES = ("rules", "learned", "both", "confidence", "no_move")
"""A move's own evidence; ``learned:<move>`` adds the learned score of each move."""

FEATURES = (*OWN_FEATURES, *(f"learned:{label}" for label in MOVES))


class MoveWeights(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """The intercept and the weight of each feature for one move (a missing feature weighs 0)."""

    intercept: float
    weights: dict[str, float]

    @pydantic.validator("weights")
    def _known_features(cls, weights: dict[str, float]) -> dict[str, float]:  # noqa: N805 - pydantic
        unknown = sorted(set(weights) - set(FEATURES))
        if unknown:
            raise ValueError(f"unknown features {unknown}; known are {list(FEATURES)}")
        return weights


class Combination(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """Per move the weights of its evidence, and the probability at which a move counts."""

    threshold: pydantic.confloat(gt=0, lt=1)  # type: ignore[valid-type]
    moves: dict[str, MoveWeights]

    @pydantic.validator("moves")
    def _every_move(cls, moves: dict[str, MoveWeights]) -> dict[str, MoveWeights]:  # noqa: N805 - pydantic
        if set(moves) != set(MOVES):
            missing, unknown = sorted(set(MOVES) - set(moves)), sorted(set(moves) - set(MOVES))
            raise ValueError(f"needs weights for every move of the spec (missing {missing}, unknown {unknown})")
        return moves

    def probability(self, label: str, features: Mapping[str, float]) -> float:
        """The probability that the reply makes ``label``, given its features (``reply_features``)."""
        move = self.moves[label]
        z = move.intercept + sum(weight * features.get(name, 0.0) for name, weight in move.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Scores:
    """One move's scores in one segment."""

    rules: float
    learned: float
    confidence: float


def reply_features(segments: Iterable[Mapping[str, tuple[object, Scores]]],
                   rankings: Iterable[Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Per move its features over the reply's segments (each: move -> (its hit, its scores) there) and
    the classifier's rankings of them (for ``no_move``)."""
    no_move = max((float(ranking.get(NO_MOVE, 0.0)) for ranking in rankings), default=0.0)
    best: dict[str, dict[str, float]] = {label: dict.fromkeys(("rules", "learned", "both", "confidence"), 0.0)
                                         for label in MOVES}
    for scores in segments:
        for label, (_, score) in scores.items():
            top = best[label]
            top["rules"] = max(top["rules"], score.rules)
            top["learned"] = max(top["learned"], score.learned)
            top["both"] = max(top["both"], score.rules * score.learned)
            top["confidence"] = max(top["confidence"], score.confidence)
    learned = {f"learned:{label}": best[label]["learned"] for label in MOVES}
    return {label: {**best[label], "no_move": no_move, **learned} for label in MOVES}
