"""Fit oefenavond/content/combination.yml: per move, the weights of its evidence (moves/combination.py).

A development tool, not part of the product. The weights must be learned on replies the classifiers
never trained on, ranked as they would be in practice. Two sources have them:

- the **folds**: the out-of-fold parses of the twelve labelled writers (scripts/writer_folds.py),
  who label generously;
- the **tuning data** of six strict writers, ranked by the shipped model (as in
  scripts/tune_recognition.py).

Each source is first fitted on the other and scored, for a few regularisation strengths and
thresholds, next to the hand-set rule (recognition.yml) on the same replies. The best mean of the two
picks the strength and the threshold; both sources together then fit the weights that are written.
A third source is only scored, never fitted on: the **boundary writers**, three more writers each on
where moves border (dismissing, questions, explaining or arguing), ranked by the shipped model.
The held-out replies of `oefenavond eval` take part in none of it.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from tune_recognition import Cached, fold_data, labelled_data, tuning_data  # noqa: E402

from oefenavond.cli.common import Core  # noqa: E402
from oefenavond.cli.evaluate import BOUNDARY_WRITERS  # noqa: E402
from oefenavond.cli.nlu import DEFAULT_MODEL  # noqa: E402
from oefenavond.evaluation import evaluate  # noqa: E402
from oefenavond.moves.combination import (  # noqa: E402
    COMBINATION_PATH,
    FEATURES,
    OWN_FEATURES,
    Combination,
    MoveWeights,
    reply_features,
)
from oefenavond.moves.labels import MOVES  # noqa: E402
from oefenavond.moves.recognizer import MoveRecognizer  # noqa: E402

STRENGTHS = (0.1, 0.3, 1.0, 3.0)
"""Inverse regularisation of each regression (scikit-learn's C)."""
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5)
FEATURE_SETS = {"own evidence": OWN_FEATURES, "own evidence and every move's learned score": FEATURES}

HEADER = """\
# Written by scripts/fit_combination.py; do not edit by hand (see oefenavond/moves/combination.py).
# Per move a logistic regression over its evidence in a reply: p = 1 / (1 + exp(-(intercept +
# sum of weight x feature))). A move counts when p reaches the threshold.
"""


class Features:
    """One source's replies as feature matrices per move, with the gold moves and the hand-set rule's."""

    def __init__(self, recognizer: MoveRecognizer, cached: Cached) -> None:
        hand_set = copy.copy(recognizer)
        hand_set.combination = None  # the rule the combination replaces, not the shipped combination
        rows: list[list[list[float]]] = []
        present, self.gold, self.rule = [], [], []
        for analysis, parses, gold in cached:
            rankings = hand_set.rankings_from_parses(analysis, parses) if parses else None
            segments = hand_set.segment_evidence(analysis, rankings)
            features = reply_features(segments, rankings or [])
            rows.append([[features[label].get(name, 0.0) for name in FEATURES] for label in MOVES])
            present.append([any(label in scores for scores in segments) for label in MOVES])
            self.gold.append(gold)
            self.rule.append(set(hand_set.recognize(analysis, rankings).labels))
        self.x = np.array(rows)  # replies x moves x features
        self.present = np.array(present)
        self.y = np.array([[label in gold for label in MOVES] for gold in self.gold])

    def macro_f1(self, combination: Combination) -> float:
        """Macro-F1 of the moves ``combination`` recognises (only moves with evidence, as in the product)."""
        predicted = []
        for row, present in zip(self.x, self.present, strict=True):
            predicted.append({label for index, label in enumerate(MOVES) if present[index] and combination.probability(
                label, dict(zip(FEATURES, row[index], strict=True))) >= combination.threshold})
        return evaluate(self.gold, predicted).macro_f1

    def rule_macro_f1(self) -> float:
        """Macro-F1 of the hand-set rule on the same replies."""
        return evaluate(self.gold, self.rule).macro_f1


def fit(sources: Sequence[Features], strength: float, threshold: float, names: Sequence[str]) -> Combination:
    """One logistic regression per move over the features ``names``, on the sources' replies (moves with any
    evidence)."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - comes with Rasa

    moves = {}
    for index, label in enumerate(MOVES):
        own = [name for name in names if name != f"learned:{label}"]  # the same as "learned"
        columns = [FEATURES.index(name) for name in own]
        x = np.concatenate([source.x[source.present[:, index], index][:, columns] for source in sources])
        y = np.concatenate([source.y[source.present[:, index], index] for source in sources])
        regression = LogisticRegression(C=strength, max_iter=5000).fit(x, y)
        weights = {name: round(float(w), 3) for name, w in zip(own, regression.coef_[0], strict=True)
                   if abs(w) >= 0.0005}
        moves[label] = MoveWeights(intercept=round(float(regression.intercept_[0]), 3), weights=weights)
    return Combination(threshold=threshold, moves=moves)


def main() -> int:
    """Cross-fit, pick the strength and threshold, fit on both, check on the boundary writers, write
    combination.yml."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="trained Rasa model (default: %(default)s)")
    parser.add_argument("--folds", type=Path, default=ROOT / "build" / "folds" / "out_of_fold.jsonl",
                        help="out-of-fold parses of scripts/writer_folds.py (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=COMBINATION_PATH, help="where to write (default: %(default)s)")
    args = parser.parse_args()
    core = Core(args.model)
    recognizer = core.practice.recognizer
    sources = {"folds": Features(recognizer, fold_data(core, args.folds)),
               "tuning data": Features(recognizer, tuning_data(core))}
    print("hand-set rule: " + ", ".join(f"{name} {source.rule_macro_f1():.3f}" for name, source in sources.items()))
    best: tuple[float, float, float, str] | None = None
    for kind, strength, threshold in itertools.product(FEATURE_SETS, STRENGTHS, THRESHOLDS):
        scores = {name: source.macro_f1(fit([other for key, other in sources.items() if key != name], strength,
                                             threshold, FEATURE_SETS[kind])) for name, source in sources.items()}
        mean = sum(scores.values()) / len(scores)
        print(f"{kind}, C {strength}, threshold {threshold}: mean {mean:.3f} ("
              + ", ".join(f"{name} {value:.3f}" for name, value in scores.items()) + ", each fitted on the other)")
        if best is None or mean > best[0]:
            best = (mean, strength, threshold, kind)
    assert best is not None
    _, strength, threshold, kind = best
    combination = fit(list(sources.values()), strength, threshold, FEATURE_SETS[kind])
    body = yaml.safe_dump(combination.dict(), sort_keys=False, allow_unicode=True)
    note = f"# Features: {kind}; C {strength}; fitted on both sources (cross-fitted mean {best[0]:.3f}).\n"
    args.out.write_text(HEADER + note + body, encoding="utf-8")
    print(f"written to {args.out}: {kind}, C {strength}, threshold {threshold}")
    check = Features(recognizer, labelled_data(core, BOUNDARY_WRITERS))
    print(f"boundary writers, never fitted on: hand-set rule {check.rule_macro_f1():.3f}, "
          f"combination {check.macro_f1(combination):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
