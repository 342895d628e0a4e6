"""Multi-label metrics."""

import pytest

from oefenavond.evaluation import evaluate


def test_perfect_prediction() -> None:
    gold = [{"open_vraag"}, {"samenvatten", "emotie_benoemen"}, set()]
    report = evaluate(gold, gold)
    assert report.macro_f1 == report.micro_f1 == report.exact_match == 1.0


def test_partial_prediction_counts_per_label() -> None:
    gold = [{"open_vraag"}, {"open_vraag"}, {"sussen"}, set()]
    predicted = [{"open_vraag"}, set(), {"open_vraag"}, set()]
    report = evaluate(gold, predicted)
    open_q = next(s for s in report.labels if s.label == "open_vraag")
    assert (open_q.precision, open_q.recall) == (0.5, 0.5)
    assert open_q.kappa == pytest.approx(0.0)
    assert report.macro_f1 == pytest.approx(0.25)
    assert "| `open_vraag` | 2 |" in report.table()
