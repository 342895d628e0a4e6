"""Per-turn assessment: evidence-citing feedback, timing, better replies, LSD sub-scores."""

from oefenavond.practice import Practice


def first_turn(practice: Practice, scenario: str, reply: str, before: list[str] = ()):  # type: ignore[no-untyped-def,assignment]
    state, _ = practice.open(scenario, seed=5)
    for earlier in before:
        state = practice.reply(state, practice.analyse(state, earlier)).state
    return practice.reply(state, practice.analyse(state, reply))


def test_feedback_cites_the_trainees_words(practice: Practice) -> None:
    turn = first_turn(practice, "azc-onveilig", "Ik zie dat u echt ongerust bent. Wat maakt het zo spannend?")
    feedback = turn.assessment.feedback
    assert feedback.startswith("U benoemde de emotie (") and "ongerust" in feedback
    assert "open vraag" in feedback
    assert turn.assessment.levels["emotie"] is True
    assert turn.assessment.lsd["doorvragen"] >= 2
    assert turn.assessment.better_reply is None


def test_teflon_reply_gets_critique_and_a_better_reply_from_the_scenario(practice: Practice) -> None:
    turn = first_turn(practice, "azc-wantrouwen", "Alles is volgens de regels verlopen, mevrouw.")
    scenario = practice.library.get("azc-wantrouwen")
    assert "teflon:regels_verdediging" in turn.assessment.flags
    assert "achter de regels" in turn.assessment.feedback
    assert turn.assessment.better_reply in scenario.better_replies[scenario.stages[0].id]
    assert turn.assessment.lsd["luisteren"] == 0


def test_timing_same_explanation_scores_differently(practice: Practice) -> None:
    explain = "Het zit zo: er komen 250 mensen, omdat de raad dat in mei heeft besloten."
    early = first_turn(practice, "azc-tegenstander", explain)
    late = first_turn(practice, "azc-tegenstander", explain,
                      ["Ik zie dat u hier echt boos over bent.", "Wat raakt u daar het meest in?"])
    assert "uitleg_te_vroeg" in early.assessment.flags
    assert late.assessment.score > early.assessment.score


def test_unexplained_jargon_is_flagged(practice: Practice) -> None:
    turn = first_turn(practice, "flat-uitzicht", "U kunt een zienswijze indienen op het omgevingsplan.")
    assert "jargon:zienswijze" in turn.assessment.flags
