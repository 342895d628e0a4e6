"""Trainers' corrected segments as Rasa NLU examples (oefenavond.nlu_examples)."""

from __future__ import annotations

import yaml

from oefenavond.nlu_examples import Example, known_examples, select_examples, to_rasa_yaml


def test_one_move_per_segment_becomes_an_example_and_the_rest_is_reported() -> None:
    selection = select_examples(
        [
            ("Wat maakt het zo spannend?", ["open_vraag"]),
            ("Ik zie dat u boos bent, en u zegt dus dat het te laat is", ["emotie_benoemen", "samenvatten"]),
            ("Dank u wel.", []),
            ("Klopt het [dat](entity) zo?", ["samenvatten"]),
            ("Dat is niet waar.", ["in_discussie"]),
            ("dat is niet  waar.", ["afwijzen"]),  # the same text, another move: a conflict
            ("Hoe gaat het?", ["open_vraag"]),
            ("...", ["open_vraag"]),
        ],
        known=known_examples([{"nlu": [{"intent": "open_vraag", "examples": "- Hoe gaat het?\n"}]}]),
    )
    assert selection.examples == [
        Example("Wat maakt het zo spannend?", "open_vraag"),
        Example("Klopt het (dat)(entity) zo?", "samenvatten"),
        Example("Dank u wel.", "geen_zet"),
    ]
    reasons = dict(selection.skipped)
    assert reasons["Ik zie dat u boos bent, en u zegt dus dat het te laat is"].startswith("meer dan één zet")
    assert reasons["Dat is niet waar."] == "tegenstrijdig gecorrigeerd: afwijzen, in_discussie"
    assert reasons["Hoe gaat het?"] == "staat al in de trainingsdata"


def test_rasa_3_1_yaml_with_one_block_per_intent() -> None:
    text = to_rasa_yaml([Example("Wat is er gebeurd?", "open_vraag"), Example("Hoe dan?", "open_vraag"),
                         Example('Hij zei: "nee" # echt', "samenvatten")], ["uit correcties"])
    assert text.startswith("# uit correcties\nversion: \"3.1\"\nnlu:\n")
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    assert [block["intent"] for block in data["nlu"]] == ["open_vraag", "samenvatten"]
    assert data["nlu"][0]["examples"] == "- Wat is er gebeurd?\n- Hoe dan?\n"
    assert data["nlu"][1]["examples"] == '- Hij zei: "nee" # echt\n'
    assert yaml.safe_load(to_rasa_yaml([])) == {"version": "3.1", "nlu": []}
