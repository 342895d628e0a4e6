"""The resident engine: dynamics from the guidance, stages, no repeated lines, determinism."""

from typing import Any

import pytest

from oefenavond.practice import ConversationState, Practice

GOOD = [
    "Ik zie dat u hier echt ongerust over bent. Wat maakt het voor u zo spannend?",
    "U zegt dus dat u zich 's avonds op straat niet meer veilig voelt, klopt dat?",
    "Wat is er gebeurd waardoor dat gevoel zo sterk is?",
    "Dat moet heel zwaar voor u zijn geweest. Hoe gaat het nu met u?",
    "Als ik u goed begrijp, bent u vooral bang dat u er weer alleen voor staat, klopt dat?",
    "Dat weet ik nu niet precies, ik zoek het uit en bel u vrijdag.",
]
BAD = [
    "Alles gaat volgens de regels, mevrouw.",
    "Maakt u zich geen zorgen, het komt goed.",
    "Dat hoort niet bij deze avond.",
    "Dat is gewoon niet waar.",
    "Alles is netjes volgens de procedure verlopen.",
    "Er gaat echt niks mis, let maar op.",
]


def run(practice: Practice, scenario: str, replies: list[str], seed: int = 7) -> list[Any]:
    state, _ = practice.open(scenario, seed=seed)
    turns = []
    for reply in replies:
        if state.resident.ended:
            break
        turn = practice.reply(state, practice.analyse(state, reply))
        turns.append(turn)
        state = turn.state
    return turns


def test_listening_uncovers_the_hidden_concern(practice: Practice) -> None:
    turns = run(practice, "azc-onveilig", GOOD)
    final = turns[-1].state.resident
    assert final.uncovered_turn is not None and final.uncovered_turn <= 8
    assert final.trust > turns[0].state.resident.trust - 1
    assert final.emotion < 6


def test_teflon_replies_upset_and_never_uncover(practice: Practice) -> None:
    start, _ = practice.open("azc-onveilig", seed=7)
    turns = run(practice, "azc-onveilig", BAD)
    final = turns[-1].state.resident
    assert final.uncovered_turn is None and final.stage == 0
    assert final.emotion > start.resident.emotion or final.outcome == "walked_away"


def test_explaining_before_acknowledging_backfires(practice: Practice) -> None:
    explain = "Het zit zo: er komen 250 mensen, omdat de raad dat in mei heeft besloten."
    hot = run(practice, "azc-tegenstander", [explain])[0]
    assert "uitleg_te_vroeg" in hot.assessment.flags
    acknowledged = ["Ik zie dat u hier echt boos over bent.", "Wat raakt u het meest?", explain]
    calm = run(practice, "azc-tegenstander", acknowledged)
    assert "uitleg_te_vroeg" not in calm[-1].assessment.flags


def test_escalating_resident_continues_only_after_a_boundary(practice: Practice) -> None:
    question = "Wat maakt u zo boos?"
    without = run(practice, "escalatie", [question] * 5)
    assert without[-1].state.resident.outcome == "walked_away"
    assert without[-1].state.resident.stage == 0
    boundary = "Ik wil graag met u verder praten, maar niet als u mij uitscheldt."
    with_boundary = run(practice, "escalatie", [boundary, question])
    assert with_boundary[0].state.resident.bounded
    assert with_boundary[-1].state.resident.outcome is None


def test_no_line_repeats_within_a_conversation(practice: Practice) -> None:
    turns = run(practice, "azc-wantrouwen", ["Hm.", "Oké.", "Ja.", "Goed.", "Nou.", "Tja.", "Aha.", "Juist."] * 2)
    lines = [t.line for t in turns]
    assert len(lines) == len(set(lines))


def test_same_seed_same_conversation(practice: Practice) -> None:
    first = [t.line for t in run(practice, "bos-kap", GOOD, seed=11)]
    second = [t.line for t in run(practice, "bos-kap", GOOD, seed=11)]
    assert first == second


@pytest.mark.parametrize("scenario", ["azc-onveilig", "escalatie"])
def test_state_survives_a_round_trip_as_plain_data(practice: Practice, scenario: str) -> None:
    state, _ = practice.open(scenario, seed=3)
    turn = practice.reply(state, practice.analyse(state, GOOD[0]))
    restored = ConversationState.from_dict(turn.state.to_dict())
    assert restored == turn.state


def test_ended_conversation_refuses_more_replies(practice: Practice) -> None:
    turns = run(practice, "azc-tegenstander", BAD)
    assert turns[-1].state.resident.ended
    with pytest.raises(ValueError, match="ended"):
        practice.reply(turns[-1].state, practice.analyse(turns[-1].state, "Hallo?"))
