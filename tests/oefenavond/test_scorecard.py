"""The scorecard: reproducible from the turn records, with a grade that explains itself."""

from oefenavond.feedback import load_feedback
from oefenavond.practice import Practice
from oefenavond.scorecard import make_scorecard

GOOD = [
    "Ik zie dat u hier echt ongerust over bent. Wat maakt het voor u zo spannend?",
    "U zegt dus dat u zich 's avonds niet meer veilig voelt op straat, klopt dat?",
    "Wat is er gebeurd waardoor dat gevoel zo sterk is?",
    "Dat moet heel zwaar zijn geweest. Wat heeft u toen het meest gemist?",
    "Als ik u goed begrijp, bent u bang dat u er weer alleen voor staat, klopt dat?",
    "Dat weet ik nu niet, ik zoek het uit en bel u vrijdag.",
]
BAD = ["Alles gaat volgens de regels.", "Maakt u zich geen zorgen, het komt goed.", "Dat hoort niet bij deze avond."]


def play(practice: Practice, replies: list[str]):  # type: ignore[no-untyped-def]
    state, _ = practice.open("azc-onveilig", seed=2)
    for reply in replies:
        if state.resident.ended:
            break
        state = practice.reply(state, practice.analyse(state, reply)).state
    return state


def test_good_conversation_grades_high_and_explains(practice: Practice) -> None:
    card = practice.scorecard(play(practice, GOOD))
    assert card.concern_uncovered and card.grade >= 7
    assert card.explanation[0].startswith(f"Cijfer {card.grade:.1f}".replace(".", ","))
    assert card.teflon == []


def test_bad_conversation_grades_low_and_lists_teflon(practice: Practice) -> None:
    card = practice.scorecard(play(practice, BAD))
    assert card.grade < 5
    assert {t["label"] for t in card.teflon} >= {"regels_verdediging"}
    assert any("regels" in tip for tip in card.tips)


def test_same_records_same_scorecard(practice: Practice) -> None:
    state = play(practice, GOOD)
    first = make_scorecard(state.records, "resolved", state.resident.uncovered_turn, False, load_feedback())
    second = make_scorecard(list(state.records), "resolved", state.resident.uncovered_turn, False, load_feedback())
    assert first == second
