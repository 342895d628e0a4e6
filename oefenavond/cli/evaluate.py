"""`oefenavond eval`: score move recognition on the labelled development set."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from oefenavond.cli.common import Core, add_model_options
from oefenavond.evaluation import Report, evaluate
from oefenavond.settings import PROJECT_DIR

DEV_SET = PROJECT_DIR / "tests" / "data" / "moves_dev.jsonl"
SECOND_WRITER = PROJECT_DIR / "tests" / "data" / "moves_unseen.jsonl"
"""Replies by a second writer who saw neither the training data nor the rules: never trained on."""
TUNING_WRITERS = PROJECT_DIR / "tests" / "data" / "moves_tuning.jsonl"
"""Replies by four more writers, never trained on: all of them tune (scripts/tune_recognition.py)."""
BOUNDARY_WRITERS = PROJECT_DIR / "tests" / "data" / "moves_boundaries.jsonl"
"""Replies by three more writers, each on where moves border (dismissing, questions, explaining or
arguing), never trained or tuned on: they check the combination (scripts/fit_combination.py)."""
OUTSIDE = PROJECT_DIR / "tests" / "data" / "moves_outside.jsonl"
"""Replies by a third writer, as an outside team would write them: all held out (``--split all``)."""


SPLITS = ("test", "train", "tune")


def split_of(item_id: str) -> str:
    """By the number in the id: 'test' (held out from everything), 'train' (NLU examples), 'tune'.

    The 'train' third adds single-move replies to the classifier's training data
    (scripts/dev_to_nlu.py), the 'tune' third sets the thresholds (scripts/tune_recognition.py),
    and the 'test' third is used for nothing but the report. Of the second writer's set
    (``SECOND_WRITER``), which is never trained on, the 'train' and 'tune' thirds both tune.
    """
    digits = "".join(ch for ch in item_id if ch.isdigit())
    return SPLITS[int(digits) % 3] if digits else "tune"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    parser = commands.add_parser("eval", help="precision, recall, F1 and kappa per move on the dev set")
    parser.add_argument("--data", type=Path, default=DEV_SET, help="labelled JSON Lines (default: %(default)s)")
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="test",
                        help="test: the held-out third (default); train, tune: the thirds used in development")
    parser.add_argument("--min-macro-f1", type=float, default=None, help="exit 1 below this macro-F1")
    parser.add_argument("--errors", action="store_true", help="also list the replies that were wrong")
    add_model_options(parser)
    parser.set_defaults(run=run)


def load_items(path: Path, split: str) -> list[dict[str, Any]]:
    """The labelled replies of one split."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [item for item in items if split == "all" or split_of(item["id"]) == split]


def held_out_items() -> list[dict[str, Any]]:
    """Every reply the evaluation reports on: the dev set's test third, the second writer's and the outside set."""
    return [*load_items(DEV_SET, "test"), *load_items(SECOND_WRITER, "all"), *load_items(OUTSIDE, "all")]


def score(core: Core, items: list[dict[str, Any]]) -> tuple[Report, list[tuple[dict[str, Any], set[str]]]]:
    """The report, and every item with its predicted labels."""
    predicted = [(item, set(core.recognize(item["reply"], item.get("context", "")).labels)) for item in items]
    return evaluate([set(i["moves"]) for i, _ in predicted], [p for _, p in predicted]), predicted


def run(args: argparse.Namespace) -> int:
    """Print the table; with --min-macro-f1, fail below the floor."""
    items = load_items(args.data, args.split)
    report, predicted = score(Core.from_args(args), items)
    whole = ", whole reply only" if args.no_segment_parse else ""
    source = "rules only" if args.no_model else f"rules + Rasa NLU{whole}"
    print(f"Move recognition on {args.data.name}, split '{args.split}' ({source}):\n")
    print(report.table())
    if args.errors:
        print("\nErrors (gold → predicted):")
        for item, labels in predicted:
            if labels != set(item["moves"]):
                print(f"  {item['id']}: {sorted(item['moves'])} → {sorted(labels)}  {item['reply']}")
    if args.min_macro_f1 is not None and report.macro_f1 < args.min_macro_f1:
        print(f"\nFAIL: macro-F1 {report.macro_f1:.3f} is below the floor {args.min_macro_f1:.3f}")
        return 1
    return 0
