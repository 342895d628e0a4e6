"""Tune content/recognition.yml (weights, thresholds) on the tuning data, never on held-out replies.

The settings shape the evidence that scripts/fit_combination.py weighs (the DIET share, the noisy-or
weight, the no-move veto); this script scores them with the hand-set threshold rule. After a change
here, fit the combination again.

A development tool, not part of the product. The tuning data are the *tune* third of the dev set,
two thirds of the second writer's set (tests/data/moves_unseen.jsonl) and the replies of four more
writers (tests/data/moves_tuning.jsonl), none of them used for training, so the settings fit
replies of six writers. The *test* thirds of the first two stay held out: `oefenavond eval`
reports on them. With --folds, the out-of-fold parses of the twelve labelled
writers (scripts/writer_folds.py) count as much as the tuning data: the score of a setting is the
mean of the two macro-F1s. Prints the best settings of the grid (one DIET share, weight, threshold
and veto); with --per-label also a threshold per move."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oefenavond.cli.common import Core  # noqa: E402
from oefenavond.cli.evaluate import DEV_SET, SECOND_WRITER, TUNING_WRITERS, load_items  # noqa: E402
from oefenavond.cli.nlu import DEFAULT_MODEL  # noqa: E402
from oefenavond.evaluation import evaluate  # noqa: E402
from oefenavond.moves import Analysis  # noqa: E402
from oefenavond.moves.labels import MOVES  # noqa: E402
from oefenavond.moves.recognizer import MoveRecognizer, RecognitionSettings  # noqa: E402

Cached = list[tuple[Analysis, Sequence[Mapping[str, Any]] | None, set[str]]]
"""Per reply: its analysis, Rasa's parses (``Core.parses``) and the gold moves."""


def ranked(core: Core, items: Sequence[Mapping[str, Any]]) -> Cached:
    """Labelled replies, ranked by the trained model."""
    cached: Cached = []
    for item in items:
        analysis = core.practice.recognizer.analyse(item["reply"], item.get("context", ""))
        cached.append((analysis, core.parses(analysis), set(item["moves"])))
    return cached


def tuning_data(core: Core) -> Cached:
    """The tune splits, ranked by the trained model."""
    return ranked(core, [*load_items(DEV_SET, "tune"), *load_items(SECOND_WRITER, "tune"),
                         *load_items(SECOND_WRITER, "train"), *load_items(TUNING_WRITERS, "all")])


def labelled_data(core: Core, path: Path) -> Cached:
    """Every reply of one labelled file, ranked by the trained model."""
    return ranked(core, load_items(path, "all"))


def fold_data(core: Core, path: Path) -> Cached:
    """The out-of-fold replies with the parses of the model that never saw them."""
    cached: Cached = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        cached.append((core.practice.recognizer.analyse(item["reply"], item["context"]), item["parses"],
                       set(item["moves"])))
    return cached


def main() -> int:
    """Grid search; with --per-label then thresholds per move by coordinate ascent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="trained Rasa model (default: %(default)s)")
    parser.add_argument("--per-label", action="store_true", help="then fit a threshold per move (overfits; see below)")
    parser.add_argument("--folds", type=Path, help="out-of-fold rankings of scripts/writer_folds.py, weighed equally")
    args = parser.parse_args()
    core = Core(args.model)
    base = core.practice.recognizer
    datasets = {"tuning data": tuning_data(core)}
    if args.folds:
        datasets["folds"] = fold_data(core, args.folds)

    def scored(settings: RecognitionSettings) -> tuple[float, str]:
        """The mean macro-F1 over the datasets, and each one's, for printing."""
        recognizer = MoveRecognizer(base._analyser, base._lexicon, settings)

        def moves(analysis: Analysis, parses: Sequence[Mapping[str, Any]] | None) -> set[str]:
            rankings = recognizer.rankings_from_parses(analysis, parses) if parses else None
            return set(recognizer.recognize(analysis, rankings).labels)

        found = {name: evaluate([gold for _, _, gold in cached], [moves(a, p) for a, p, _ in cached]).macro_f1
                 for name, cached in datasets.items()}
        each = ", ".join(f"{name} {value:.3f}" for name, value in found.items())
        return sum(found.values()) / len(found), each

    def macro(settings: RecognitionSettings) -> float:
        return scored(settings)[0]

    best = (*scored(base.settings), base.settings)
    print(f"current: {best[0]:.3f} ({best[1]})")
    for share, weight, threshold, veto in itertools.product(
        (0.3, 0.4, 0.5, 0.6, 0.7, 1.0), (0.7, 0.8, 0.9, 1.0), (0.6, 0.65, 0.7, 0.74, 0.78), (0.5, 0.7, 0.9)
    ):
        if threshold >= weight:
            continue  # a sure classifier could no longer carry a move alone: only a probability of 1 would
        settings = RecognitionSettings(diet_share=share, classifier_weight=weight, threshold=threshold,
                                       no_move_veto=veto)
        score, each = scored(settings)
        if score > best[0] + 0.002:  # differences this small are noise: keep what ships
            best = (score, each, settings)
    print(f"grid: {best[0]:.3f} ({best[1]}) {best[2]}")
    if not args.per_label:
        return 0
    # Per-label thresholds fit the tune split's 12-40 replies per move too closely: on 2026-11-23
    # they raised its macro-F1 from 0.84 to 0.89 and lowered the held-out split's from 0.79 to 0.75.
    score, _, settings = best
    thresholds = {label: settings.threshold_for(label) for label in MOVES}
    for _ in range(2):
        for label in MOVES:
            for value in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
                trial = settings.copy(update={"thresholds": {**thresholds, label: value}})
                trial_score = macro(trial)
                if trial_score > score + 0.002:
                    score, thresholds[label] = trial_score, value
        print(f"per-label: {score:.3f} {thresholds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
