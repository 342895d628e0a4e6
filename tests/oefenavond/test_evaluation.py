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


def test_any_teflon_move_counts_the_group_and_stays_out_of_the_averages() -> None:
    gold = [{"afwijzen"}, {"sussen", "open_vraag"}, {"open_vraag"}, set()]
    predicted = [{"regels_verdediging"}, {"open_vraag"}, {"open_vraag", "in_discussie"}, set()]
    report = evaluate(gold, predicted)
    teflon = report.teflon
    assert (teflon.support, teflon.precision, teflon.recall) == (2, 0.5, 0.5)
    assert next(s for s in report.labels if s.label == "afwijzen").f1 == 0.0
    assert report.macro_f1 == pytest.approx(1 / 3)  # open_vraag 1, afwijzen 0, sussen 0
    assert "| *any Teflon move* | 2 | 0.50 | 0.50 |" in report.table()
