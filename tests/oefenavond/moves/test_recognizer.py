"""Move recognition on linguistic evidence alone (the trained classifier is tested in the CLI tests)."""

from typing import Any

import pytest

from oefenavond.moves import MoveRecognizer

CONTEXT = "Die bus zit nu al elke ochtend propvol en niemand van jullie komt dat ooit bekijken!"


@pytest.fixture(scope="module")
def recognizer(nlp: Any) -> MoveRecognizer:
    return MoveRecognizer.create(nlp)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Kunt u daar iets meer over vertellen?", ["open_vraag"]),
        ("Hoe lang woont u hier al?", ["gesloten_vraag"]),
        ("Woont u aan de Dorpsstraat?", ["gesloten_vraag"]),
        ("U zegt dus dat de bus elke ochtend propvol zit, klopt dat?", ["samenvatten"]),
        ("Wilt u meedenken in de werkgroep?", ["betrekken"]),
        ("Ik begrijp dat u boos bent, maar alles gaat volgens de regels.", ["emotie_benoemen", "regels_verdediging"]),
        ("Dat weet ik niet, ik vraag het na bij de corporatie en bel u dinsdag.", ["procedureel_antwoord"]),
        ("Ik praat graag verder met u, maar niet als u gaat schelden.", ["grens_stellen"]),
        ("Dat hoort niet bij dit agendapunt.", ["afwijzen"]),
        ("Maakt u zich geen zorgen, het komt goed.", ["sussen"]),
        ("Dat is gewoon niet waar.", ["in_discussie"]),
        ("Ik heb zelf ook getwijfeld over deze plek.", ["persoonlijk"]),
        ("Goedenavond!", []),
    ],
)
def test_moves_of_clear_replies(recognizer: MoveRecognizer, reply: str, expected: list[str]) -> None:
    assert recognizer.recognize(recognizer.analyse(reply, CONTEXT)).labels == expected


def test_each_hit_quotes_the_reply(recognizer: MoveRecognizer) -> None:
    recognition = recognizer.recognize(recognizer.analyse("Ik zie dat u echt boos bent. Wat is er gebeurd?"))
    hit = recognition.hit("emotie_benoemen")
    assert hit is not None and "boos" in hit.quote and 0 < hit.confidence <= 1
    assert recognition.hit("open_vraag") is not None


def test_empty_and_symbol_only_replies_are_not_scorable(recognizer: MoveRecognizer) -> None:
    for reply in ("", "   ", "?!...", "\n\n"):
        recognition = recognizer.recognize(recognizer.analyse(reply))
        assert recognition.labels == [] and recognition.problem == "leeg"


def test_classifier_ranking_adds_evidence(recognizer: MoveRecognizer) -> None:
    analysis = recognizer.analyse("Ik snap het helemaal.")
    without = recognizer.recognize(analysis)
    # With the shipped weights a classifier that is sure carries a move on its own.
    with_model = recognizer.recognize(analysis, [{"emotie_benoemen": 1.0}])
    assert "emotie_benoemen" not in without.labels
    assert "emotie_benoemen" in with_model.labels
    assert with_model.hit("emotie_benoemen").sources == ("model",)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("reply", "label"),
    [
        ("Ik kan u niet beloven dat alles blijft zoals het is.", "sussen"),
        ("Wat zou u helpen om toch mee te doen?", "betrekken"),
        ("Zit ik daar goed?", "gesloten_vraag"),
    ],
)
def test_unless_cancels_a_move_whatever_the_classifier_says(recognizer: MoveRecognizer, reply: str,
                                                           label: str) -> None:
    analysis = recognizer.analyse(reply)
    recognition = recognizer.recognize(analysis, [{label: 1.0}] * len(analysis.segments))
    assert label not in recognition.labels and label not in recognition.candidates


def test_one_ranking_per_segment_is_required(recognizer: MoveRecognizer) -> None:
    analysis = recognizer.analyse("Dat begrijp ik. Wat is er gebeurd?")
    with pytest.raises(ValueError, match="one ranking per segment"):
        recognizer.recognize(analysis, [{}])


def test_merge_raises_each_segment_to_the_whole_reply() -> None:
    from oefenavond.moves.recognizer import merge_rankings

    merged = merge_rankings([{"open_vraag": 0.9, "sussen": 0.1}, {"samenvatten": 0.4}],
                            {"samenvatten": 0.8, "sussen": 0.05})
    assert merged == [{"open_vraag": 0.9, "sussen": 0.1, "samenvatten": 0.8},
                      {"samenvatten": 0.8, "sussen": 0.05}]


def test_ranking_from_parse_averages_diet_and_the_move_scores() -> None:
    from oefenavond.moves.recognizer import ranking_from_parse

    parse = {"intent_ranking": [{"name": "uitleg_geven", "confidence": 0.9},
                                {"name": "in_discussie", "confidence": 0.1},
                                {"name": "geen_zet", "confidence": 0.0}],
             "move_scores": {"in_discussie": 0.8, "uitleg_geven": 0.5, "sussen": 0.0}}
    ranking = ranking_from_parse(parse, diet_share=0.5)
    assert ranking["uitleg_geven"] == pytest.approx(0.7)
    assert ranking["in_discussie"] == pytest.approx(0.45)
    assert ranking["sussen"] == 0.0
    assert ranking["geen_zet"] == 0.0
    assert ranking_from_parse(parse, diet_share=1.0)["in_discussie"] == pytest.approx(0.1)
    assert ranking_from_parse(parse, diet_share=0.25)["in_discussie"] == pytest.approx(0.625)
    assert ranking_from_parse({"intent_ranking": [{"name": "sussen", "confidence": 0.7}]}, 0.5) == {"sussen": 0.7}


def test_segment_rankings_from_the_parses_of_segments_and_whole_reply() -> None:
    from oefenavond.moves.recognizer import segment_rankings

    def parse(scores: dict[str, float]) -> dict[str, object]:
        return {"intent_ranking": [{"name": k, "confidence": v} for k, v in scores.items()]}

    each = segment_rankings([parse({"open_vraag": 0.9}), parse({"sussen": 0.6}), parse({"sussen": 0.8})], 2, 0.5)
    assert each == [{"open_vraag": 0.9, "sussen": 0.8}, {"sussen": 0.8}]
    assert segment_rankings([parse({"sussen": 0.8})], 3, 0.5) == [{"sussen": 0.8}] * 3


def test_rules_alone_have_their_own_threshold(nlp: Any) -> None:
    strict = MoveRecognizer.create(nlp)
    strict.combination = None  # the hand-set rule, which the combination replaces when the classifier ranks
    strict.settings = strict.settings.copy(update={"threshold": 0.99, "rules_only_threshold": 0.5})
    analysis = strict.analyse("Ik zie dat u hier echt boos over bent.")
    assert "emotie_benoemen" in strict.recognize(analysis).labels
    assert "emotie_benoemen" not in strict.recognize(analysis, [{}]).labels
