"""A reply labelled per sentence, as in data/labelled/."""

from oefenavond.labelled import labelled_reply


def test_the_reply_makes_its_sentences_moves_in_the_spec_order() -> None:
    line = labelled_reply(
        "correctie-3",
        "  Niemand   luistert!\n",
        "Ik hoor dat u boos bent. Dat komt goed, en wat is er gebeurd?",
        [("Ik hoor dat u boos bent.", ["emotie_benoemen"]),
         ("Dat komt goed, en wat is er gebeurd?", ["open_vraag", "sussen", "onbekend"]),
         (" ... ", ["afwijzen"])],
    )
    assert line == {
        "id": "correctie-3",
        "context": "Niemand luistert!",
        "reply": "Ik hoor dat u boos bent. Dat komt goed, en wat is er gebeurd?",
        "moves": ["open_vraag", "emotie_benoemen", "sussen"],
        "sentences": [{"text": "Ik hoor dat u boos bent.", "moves": ["emotie_benoemen"]},
                      {"text": "Dat komt goed, en wat is er gebeurd?", "moves": ["open_vraag", "sussen"]}],
    }


def test_a_reply_without_text_is_its_sentences_and_may_make_no_move() -> None:
    line = labelled_reply("x", "", "", [("Goedenavond.", [])])
    assert (line["reply"], line["moves"], line["sentences"]) == ("Goedenavond.", [], [{"text": "Goedenavond.",
                                                                                           "moves": []}])
