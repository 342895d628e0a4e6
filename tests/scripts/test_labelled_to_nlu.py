"""scripts/labelled_to_nlu.py: the multi-label sentences (the NLU side is checked in test_labelled_sets)."""

import json

from tests.scripts import load_script


def test_sentences_keep_two_moves_in_spec_order_once_and_drop_conflicts() -> None:
    lines = load_script("labelled_to_nlu").sentence_lines([
        ("Nee hoor, het zijn er vijftig.", ["uitleg_geven", "in_discussie"]),
        ("nee hoor,  het zijn er vijftig.", ["in_discussie", "uitleg_geven"]),
        ("Dat valt wel mee.", ["sussen"]),
        ("Dat valt wel mee.", ["afwijzen"]),
        ("Goedenavond [allemaal].", []),
    ])
    rows = [json.loads(line) for line in lines.splitlines()]
    assert rows == [{"text": "Nee hoor, het zijn er vijftig.", "moves": ["uitleg_geven", "in_discussie"]},
                    {"text": "Goedenavond (allemaal).", "moves": []}]
