"""scripts/fit_combination.py: the regressions learn which evidence counts, per move."""

from types import SimpleNamespace

import numpy as np

from oefenavond.moves.combination import FEATURES
from oefenavond.moves.labels import MOVES
from tests.scripts import load_script


def test_each_move_learns_the_evidence_that_decides_it() -> None:
    script = load_script("fit_combination")
    rng = np.random.default_rng(7)
    x = rng.random((600, len(MOVES), len(FEATURES)))
    deciding = {label: ("rules" if index % 2 else "learned") for index, label in enumerate(MOVES)}
    y = np.stack([x[:, index, FEATURES.index(deciding[label])] > 0.6 for index, label in enumerate(MOVES)], axis=1)
    present = np.ones_like(y, dtype=bool)
    present[:100, 0] = False  # replies without evidence for a move do not train its regression
    combination = script.fit([SimpleNamespace(x=x, y=y, present=present)], 1.0, 0.5, FEATURES)
    for label in MOVES:
        weights = combination.moves[label].weights
        assert f"learned:{label}" not in weights  # the same as "learned"
        strongest = max(weights, key=lambda name: abs(weights[name]))
        assert strongest == deciding[label] and weights[strongest] > 0, (label, weights)
    for index, label in enumerate(MOVES[:3]):
        features = dict(zip(FEATURES, x[0, index], strict=True))
        assert (combination.probability(label, features) >= 0.5) == bool(y[0, index])
