"""The labelled sets: well-formed, every move covered, thirds as documented, nothing held out trained on."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from oefenavond.cli.evaluate import (
    BOUNDARY_WRITERS,
    DEV_SET,
    OUTSIDE,
    SECOND_WRITER,
    TUNING_WRITERS,
    held_out_items,
    load_items,
    split_of,
)
from oefenavond.moves.labels import MOVES
from oefenavond.moves.text import split_segments
from oefenavond.nlu_examples import key, known_examples
from oefenavond.settings import PROJECT_DIR

TRAINING_SETS = sorted((PROJECT_DIR / "data" / "labelled").glob("*.jsonl"))
"""Replies labelled per sentence, by writers of their own, that scripts/labelled_to_nlu.py trains on."""


@pytest.mark.parametrize(
    ("path", "size", "per_move"),
    [(DEV_SET, 300, 40), (SECOND_WRITER, 200, 20), (OUTSIDE, 300, 20), (TUNING_WRITERS, 600, 40),
     (BOUNDARY_WRITERS, 1000, 90),
     *((path, 200, 30) for path in TRAINING_SETS)],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_labelled_set_is_well_formed(path: Path, size: int, per_move: int) -> None:
    items = load_items(path, "all")
    assert len(items) >= size
    assert len({item["id"] for item in items}) == len(items), "ids are unique"
    counts = Counter(label for item in items for label in item["moves"])
    assert set(counts) <= set(MOVES), f"unknown labels: {set(counts) - set(MOVES)}"
    assert min(counts[label] for label in MOVES) >= per_move
    assert all(item["reply"].strip() for item in items)
    assert all(len(item["moves"]) == len(set(item["moves"])) for item in items)


def test_every_set_keeps_a_held_out_third() -> None:
    for path in (DEV_SET, SECOND_WRITER):
        items = load_items(path, "all")
        splits = Counter(split_of(item["id"]) for item in items)
        assert splits["test"] >= len(items) // 3 - 1


@pytest.mark.parametrize("path", TRAINING_SETS, ids=lambda path: path.name)
def test_training_set_is_labelled_per_sentence(path: Path) -> None:
    for item in load_items(path, "all"):
        sentences = item["sentences"]
        assert " ".join(part["text"] for part in sentences) == item["reply"], item["id"]
        assert {label for part in sentences for label in part["moves"]} == set(item["moves"]), item["id"]


def test_there_are_training_sets_by_several_writers() -> None:
    assert len(TRAINING_SETS) >= 3
    first_lines = [json.loads(path.read_text(encoding="utf-8").splitlines()[0])["id"][0] for path in TRAINING_SETS]
    assert len(set(first_lines)) == len(TRAINING_SETS), "each writer's ids have their own letter"


def test_nlu_examples_from_the_training_sets_are_up_to_date() -> None:
    script = PROJECT_DIR / "scripts" / "labelled_to_nlu.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_held_out_reply_is_a_training_example() -> None:
    """No reply the evaluation reports on, nor a sentence of one, is trained on (greetings aside):
    neither in data/nlu (DIET) nor in data/sentences.jsonl (the multi-label classifier)."""
    nlu_dir = PROJECT_DIR / "data" / "nlu"
    known = known_examples(yaml.safe_load(path.read_text(encoding="utf-8")) for path in nlu_dir.rglob("*.yml"))
    sentences = (PROJECT_DIR / "data" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    known.update({key(json.loads(line)["text"]): "" for line in sentences})
    held_out = held_out_items()
    leaked = [item["id"] for item in held_out if len(item["reply"].split()) > 4 and key(item["reply"]) in known]
    assert not leaked
    leaked = [(item["id"], text) for item in held_out for text in split_segments(item["reply"])
              if len(text.split()) > 5 and key(text) in known]
    assert not leaked
