"""Rasa NLU training examples from trainers' corrections: one intent per move, Rasa 3.1 YAML.

The NLU model classifies one segment of a reply at a time (``oefenavond.moves.text
.split_segments``), with one intent per move and ``geen_zet`` for a segment without one. A
trainer corrects the moves per segment, so a segment with exactly one move (or none) is an
example of that intent; a segment with two or more moves is left out (no single intent fits).
A text corrected to different intents in different places, or already in the training data
under another intent, is a conflict: left out and reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from oefenavond.moves.labels import MOVES, NO_MOVE

MAX_EXAMPLE = 500
"""Longer segments are not useful examples (and would be cut by the analyser anyway)."""


@dataclass(frozen=True)
class Example:
    """One training example: a segment's text and its intent."""

    text: str
    intent: str


@dataclass
class Selection:
    """The examples to export and what was left out, with the reason."""

    examples: list[Example] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def clean(text: str) -> str:
    """One line without Rasa's entity markup: ``[text](entity)`` would be read as an entity."""
    line = " ".join(text.split())
    return line.replace("[", "(").replace("]", ")")


def key(text: str) -> str:
    """What makes two examples the same text."""
    return clean(text).casefold()


def select_examples(
    segments: Iterable[tuple[str, Sequence[str]]], known: Mapping[str, str] | None = None
) -> Selection:
    """The examples among corrected ``(segment text, moves)``; ``known`` maps key(text) → intent."""
    known = known or {}
    intents: dict[str, set[str]] = {}
    texts: dict[str, str] = {}
    selection = Selection()
    for text, moves in segments:
        line = clean(text)
        labels = [label for label in MOVES if label in set(moves)]
        if not any(ch.isalnum() for ch in line):
            continue
        if len(line) > MAX_EXAMPLE:
            selection.skipped.append((line, "te lang"))
            continue
        if len(labels) > 1:
            selection.skipped.append((line, f"meer dan één zet: {', '.join(labels)}"))
            continue
        intent: str = labels[0] if labels else NO_MOVE
        intents.setdefault(key(line), set()).add(intent)
        texts.setdefault(key(line), line)
    for text_key, found in intents.items():
        line = texts[text_key]
        if len(found) > 1:
            selection.skipped.append((line, f"tegenstrijdig gecorrigeerd: {', '.join(sorted(found))}"))
            continue
        intent = sorted(found)[0]
        if text_key in known:
            same = known[text_key] == intent
            reason = "staat al in de trainingsdata" if same else f"staat al onder {known[text_key]}"
            selection.skipped.append((line, reason))
            continue
        selection.examples.append(Example(line, intent))
    selection.examples.sort(key=lambda example: (*MOVES, NO_MOVE).index(example.intent))
    return selection


def to_rasa_yaml(examples: Sequence[Example], comment: Sequence[str] = ()) -> str:
    """Rasa 3.1 NLU training data: ``version``, then one ``- intent:`` block per intent."""
    lines = [f"# {line}" for line in comment]
    lines += ['version: "3.1"', "nlu:"]
    by_intent: dict[str, list[str]] = {}
    for example in examples:
        by_intent.setdefault(example.intent, []).append(example.text)
    if not by_intent:
        lines[-1] = "nlu: []"
    for intent, texts in by_intent.items():
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {text}" for text in texts)
    return "\n".join(lines) + "\n"


def known_examples(documents: Iterable[object]) -> dict[str, str]:
    """key(text) → intent for every example in parsed Rasa NLU YAML documents."""
    found: dict[str, str] = {}
    for document in documents:
        if not isinstance(document, dict):
            continue
        for block in document.get("nlu") or []:
            if not isinstance(block, dict) or "intent" not in block:
                continue
            for raw in str(block.get("examples") or "").splitlines():
                item = raw.strip()
                if item.startswith("- "):
                    found[key(item[2:])] = str(block["intent"])
    return found
