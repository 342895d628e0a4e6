"""The labelled sets the evaluation reports on: well-formed, every move covered, thirds as documented."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from oefenavond.cli.evaluate import DEV_SET, OUTSIDE, SECOND_WRITER, load_items, split_of
from oefenavond.moves.labels import MOVES
from oefenavond.nlu_examples import key, known_examples
from oefenavond.settings import PROJECT_DIR


@pytest.mark.parametrize(
    ("path", "size", "per_move"), [(DEV_SET, 300, 40), (SECOND_WRITER, 200, 20), (OUTSIDE, 300, 20)]
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


def test_no_held_out_reply_is_a_training_example() -> None:
    """A reply the evaluation reports on must not be in data/nlu (short greetings and fillers aside)."""
    nlu_dir = PROJECT_DIR / "data" / "nlu"
    known = known_examples(yaml.safe_load(path.read_text(encoding="utf-8")) for path in nlu_dir.rglob("*.yml"))
    held_out = [*load_items(DEV_SET, "test"), *load_items(SECOND_WRITER, "all"), *load_items(OUTSIDE, "all")]
    leaked = [item["id"] for item in held_out if len(item["reply"].split()) > 4 and key(item["reply"]) in known]
    assert not leaked
