"""The labelled sets the evaluation reports on: well-formed, every move covered, thirds as documented."""

from collections import Counter
from pathlib import Path

import pytest

from oefenavond.cli.evaluate import DEV_SET, SECOND_WRITER, load_items, split_of
from oefenavond.moves.labels import MOVES


@pytest.mark.parametrize(("path", "size", "per_move"), [(DEV_SET, 300, 40), (SECOND_WRITER, 200, 20)])
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
