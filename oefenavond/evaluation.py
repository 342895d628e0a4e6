"""Multi-label evaluation of move recognition: per-label precision, recall, F1, Cohen's kappa."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from oefenavond.moves.labels import MOVES, TEFLON

ANY_TEFLON = "any Teflon move"
"""A group, not a move: the reply makes at least one of the Teflon moves, whichever. The scorecard's
list of Teflon habits rests on it; the four moves border each other, and writers disagree on which
one a reply makes more than on whether it makes one."""


@dataclass(frozen=True)
class LabelScore:
    """Scores of one label over a set of replies."""

    label: str
    support: int
    precision: float
    recall: float
    f1: float
    kappa: float


@dataclass(frozen=True)
class Report:
    """Per-label scores with micro and macro averages."""

    labels: list[LabelScore]
    micro_f1: float
    macro_f1: float
    exact_match: float
    n: int
    teflon: LabelScore
    """The group ``ANY_TEFLON``; not part of the averages."""

    def table(self) -> str:
        """A Markdown table, as in the README."""
        rows = ["| move | support | precision | recall | F1 | kappa |", "|---|---:|---:|---:|---:|---:|"]
        rows += [_row(f"`{s.label}`", s) for s in self.labels]
        rows.append(f"| **micro** | | | | **{self.micro_f1:.2f}** | |")
        rows.append(f"| **macro** | | | | **{self.macro_f1:.2f}** | |")
        rows.append(_row(f"*{self.teflon.label}*", self.teflon))
        return "\n".join(rows) + f"\n\n{self.n} replies; exact match of the whole label set: {self.exact_match:.2f}"


def _row(name: str, s: LabelScore) -> str:
    return f"| {name} | {s.support} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | {s.kappa:.2f} |"


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _kappa(tp: int, fp: int, fn: int, tn: int) -> float:
    n = tp + fp + fn + tn
    if not n:
        return 0.0
    observed = (tp + tn) / n
    expected = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def _score(label: str, gold: Sequence[bool], predicted: Sequence[bool]) -> tuple[LabelScore, int, int, int]:
    """One label's scores, and its true positives, false positives and false negatives."""
    pairs = list(zip(gold, predicted, strict=True))
    tp = sum(1 for g, p in pairs if g and p)
    fp = sum(1 for g, p in pairs if p and not g)
    fn = sum(1 for g, p in pairs if g and not p)
    precision, recall, f1 = _f1(tp, fp, fn)
    return LabelScore(label, tp + fn, precision, recall, f1, _kappa(tp, fp, fn, len(pairs) - tp - fp - fn)), tp, fp, fn


def evaluate(gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> Report:
    """Compare gold and predicted label sets, reply by reply."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    scores = []
    totals = [0, 0, 0]
    for label in MOVES:
        score, tp, fp, fn = _score(label, [label in g for g in gold], [label in p for p in predicted])
        scores.append(score)
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
    present = [s for s in scores if s.support]
    macro = sum(s.f1 for s in present) / len(present) if present else 0.0
    exact = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold) if gold else 0.0
    teflon_moves = set(TEFLON)
    teflon, *_ = _score(ANY_TEFLON, [bool(g & teflon_moves) for g in gold], [bool(p & teflon_moves) for p in predicted])
    return Report(scores, _f1(*totals)[2], macro, exact, len(gold), teflon)
