"""The per-move combination of evidence (oefenavond/moves/combination.py) and the shipped weights."""

from pathlib import Path
from typing import Any

import pytest

from oefenavond.content import ContentError, load_model
from oefenavond.moves import MoveRecognizer
from oefenavond.moves.combination import COMBINATION_PATH, FEATURES, Combination, MoveWeights, Scores, reply_features
from oefenavond.moves.labels import MOVES


def weights(intercept: float = 0.0, **features: float) -> MoveWeights:
    return MoveWeights(intercept=intercept, weights=features)


def uniform(move: MoveWeights, threshold: float = 0.5) -> Combination:
    return Combination(threshold=threshold, moves=dict.fromkeys(MOVES, move))


def test_probability_is_the_logistic_of_the_weighted_features() -> None:
    combination = uniform(weights(-1.0, rules=2.0, learned=4.0))
    assert combination.probability("sussen", {}) == pytest.approx(0.2689, abs=1e-4)
    assert combination.probability("sussen", {"rules": 0.5, "learned": 0.25, "both": 9.0}) == pytest.approx(0.7311,
                                                                                                           abs=1e-4)


def test_features_take_the_strongest_segment_and_see_every_move() -> None:
    def scores(rules: float, learned: float) -> tuple[None, Scores]:
        return None, Scores(rules, learned, 1 - (1 - rules) * (1 - learned))

    found = reply_features([{"sussen": scores(0.8, 0.1)}, {"sussen": scores(0.0, 0.6), "open_vraag": scores(0.5, 0.5)}],
                           [{"geen_zet": 0.1}, {"geen_zet": 0.3, "sussen": 0.6}])
    assert found["sussen"]["rules"] == 0.8 and found["sussen"]["learned"] == 0.6
    assert found["sussen"]["both"] == pytest.approx(0.08)
    assert found["sussen"]["confidence"] == pytest.approx(0.82)
    assert found["sussen"]["no_move"] == 0.3 and found["sussen"]["learned:open_vraag"] == 0.5
    assert found["afwijzen"]["rules"] == 0.0 and found["afwijzen"]["learned:sussen"] == 0.6
    assert set(found["afwijzen"]) == set(FEATURES)


def test_the_combination_decides_when_the_classifier_ranks(nlp: Any) -> None:
    recognizer = MoveRecognizer.create(nlp)
    analysis = recognizer.analyse("Maakt u zich geen zorgen, het komt goed.")
    recognizer.combination = uniform(weights(5.0))
    sure = recognizer.recognize(analysis, [{}])
    assert "sussen" in sure.labels and sure.hit("sussen").confidence == pytest.approx(0.993)  # type: ignore[union-attr]
    recognizer.combination = uniform(weights(-5.0))
    assert recognizer.recognize(analysis, [{}]).labels == []
    assert "sussen" in recognizer.recognize(analysis).labels  # without the classifier the rules decide


def test_a_combination_on_confidence_alone_is_the_hand_set_threshold(nlp: Any) -> None:
    recognizer = MoveRecognizer.create(nlp)
    analysis = recognizer.analyse("Ik begrijp dat u boos bent, maar alles gaat volgens de regels. Wat is er gebeurd?")
    rankings = [{"emotie_benoemen": 0.4, "sussen": 0.7}, {"regels_verdediging": 0.9}, {"open_vraag": 0.2}]
    threshold = recognizer.settings.threshold
    recognizer.combination = uniform(weights(-100.0 * threshold, confidence=100.0))
    combined = recognizer.recognize(analysis, rankings).labels
    recognizer.combination = None
    assert combined == recognizer.recognize(analysis, rankings).labels


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("threshold: 0.5\nmoves:\n  sussen: {intercept: 0, weights: {}}\n", "every move"),
        ("threshold: 0.5\nmoves:\n" + "".join(f"  {m}: {{intercept: 0, weights: {{loudness: 1}}}}\n" for m in MOVES),
         "unknown features ['loudness']"),
        ("threshold: 1.5\nmoves: {}\n", "threshold"),
    ],
)
def test_bad_weights_are_refused_with_file_and_field(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "combination.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_model(path, Combination)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_the_shipped_weights_load_and_let_a_sure_classifier_carry_a_move() -> None:
    combination = load_model(COMBINATION_PATH, Combination)
    for label in MOVES:
        sure = dict.fromkeys(FEATURES, 0.0) | {"learned": 1.0, "confidence": 0.9, f"learned:{label}": 1.0}
        assert combination.probability(label, sure) >= combination.threshold, label
        assert combination.probability(label, dict.fromkeys(FEATURES, 0.0)) < combination.threshold, label
