"""Replies labelled sentence by sentence: the format of data/labelled/, one JSON object per line.

``{"id", "context", "reply", "moves", "sentences": [{"text", "moves"}]}``: the resident's line the
reply answered, the reply, the moves it makes as a whole and each sentence with the moves it makes
itself. Writers' files in data/labelled/ train both classifiers (scripts/labelled_to_nlu.py), and
``oefenavond eval --data`` scores the recognizer on any such file. Trainers' corrections export in
the same format (``oefenavond corrections export --format labelled``), so that a municipality's own
labels can do both, sentences with two moves included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from oefenavond.moves.labels import MOVES


def labelled_reply(
    identifier: str, context: str, reply: str, sentences: Sequence[tuple[str, Sequence[str]]]
) -> dict[str, Any]:
    """One line of a labelled file. The reply's moves are its sentences' together, in the spec's order;
    a sentence without a letter or digit is left out, and an unknown label is dropped."""
    kept = [(" ".join(text.split()), [label for label in MOVES if label in set(moves)])
            for text, moves in sentences if any(ch.isalnum() for ch in text)]
    return {
        "id": identifier,
        "context": " ".join(context.split()),
        "reply": " ".join(reply.split()) or " ".join(text for text, _ in kept),
        "moves": [label for label in MOVES if any(label in moves for _, moves in kept)],
        "sentences": [{"text": text, "moves": moves} for text, moves in kept],
    }
