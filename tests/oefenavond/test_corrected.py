"""Corrected moves rescored with the assessment's own rules (oefenavond.corrected)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oefenavond.corrected import correct_records
from oefenavond.feedback import load_feedback
from oefenavond.practice import Practice
from oefenavond.scorecard import make_scorecard

SCRIPTS = Path(__file__).resolve().parent.parent / "data" / "scripts"


def play(practice: Practice, scenario: str, replies: list[str], seed: int = 3) -> tuple[list[dict[str, Any]], Any]:
    state, _ = practice.open(scenario, seed=seed)
    for reply in replies:
        if state.resident.ended:
            break
        state = practice.reply(state, practice.analyse(state, reply)).state
    return state.records, state


@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*/*.txt")), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_correcting_to_the_same_moves_changes_no_score(practice: Practice, script: Path) -> None:
    """The rebuilt resident memory and the assessor's rules give back exactly what the engine gave."""
    replies = [line for line in script.read_text(encoding="utf-8").splitlines() if line.strip()]
    records, _ = play(practice, script.parent.name, replies)
    same = {r["turn"]: [m["label"] for m in r["moves"]] for r in records}
    corrected = correct_records(records, same, practice.library.get(script.parent.name), seed=3)
    for before, after in zip(records, corrected, strict=True):
        assert after["lsd"] == before["lsd"], before["reply"]
        assert after["score"] == before["score"], before["reply"]
        assert sorted(after["flags"]) == sorted(before["flags"]), before["reply"]
        # The feedback and the better reply are written by the assessor's own rules, not kept.
        assert after["feedback"] == before["feedback"], before["reply"]
        assert after["better_reply"] == before["better_reply"], before["reply"]
        assert after["corrected"] and after["original_moves"] == same[before["turn"]]


def test_a_correction_changes_moves_flags_lsd_score_and_the_scorecard(practice: Practice) -> None:
    records, _ = play(practice, "azc-onveilig", ["Alles gaat volgens de regels.", "Wat is er gebeurd?"])
    assert any(m["label"] == "regels_verdediging" for m in records[0]["moves"])
    scenario = practice.library.get("azc-onveilig")
    corrected = correct_records(records, {1: ["emotie_benoemen", "open_vraag"]}, scenario, seed=3)
    first = corrected[0]
    assert [m["label"] for m in first["moves"]] == ["open_vraag", "emotie_benoemen"]
    assert all(m["sources"] == ["trainer"] and m["confidence"] == 1.0 for m in first["moves"])
    assert not any(f.startswith("teflon:") for f in first["flags"])
    assert "emotie_gemist" not in first["flags"]
    assert first["levels"]["emotie"] and first["lsd"]["doorvragen"] >= 2
    assert first["score"] > records[0]["score"]
    assert corrected[1] == records[1] and "corrected" not in corrected[1]
    texts = load_feedback()
    before = make_scorecard(records, "onderbroken", None, False, texts)
    after = make_scorecard(corrected, "onderbroken", None, False, texts)
    assert before.teflon and not after.teflon
    assert after.grade > before.grade
    assert after.moves.get("emotie_benoemen") == 1


def test_removing_every_move_flags_geen_zet_and_a_missing_boundary(practice: Practice) -> None:
    script = (SCRIPTS / "escalatie" / "good.txt").read_text(encoding="utf-8").splitlines()
    records, _ = play(practice, "escalatie", [line for line in script if line.strip()][:2])
    corrected = correct_records(records, {1: []}, practice.library.get("escalatie"), seed=3)
    assert corrected[0]["moves"] == []
    assert "geen_zet" in corrected[0]["flags"]
    assert "geen_grens" in corrected[0]["flags"]
    assert "De bewoner scheldt of intimideert" in corrected[0]["feedback"]
    scenario = practice.library.get("escalatie")
    assert corrected[0]["better_reply"] in scenario.better_replies[scenario.stages[0].id]


def test_removing_an_open_question_removes_its_praise(practice: Practice) -> None:
    reply = "Ik zie dat u echt ongerust bent. Wat maakt het zo spannend?"
    records, _ = play(practice, "azc-onveilig", [reply])
    assert "vroeg door met een open vraag" in records[0]["feedback"]
    corrected = correct_records(records, {1: ["emotie_benoemen"]}, practice.library.get("azc-onveilig"), seed=3)
    assert "open vraag" not in corrected[0]["feedback"]
    assert corrected[0]["feedback"].startswith("U benoemde de emotie (")
    removed = correct_records(records, {1: []}, practice.library.get("azc-onveilig"), seed=3)[0]
    assert "benoemde" not in removed["feedback"] and "open vraag" not in removed["feedback"]
    assert removed["feedback"] == load_feedback().critique["geen_zet"]


def test_an_added_teflon_move_gets_its_critique_quoting_the_reply(practice: Practice) -> None:
    reply = "Ik zie dat u echt ongerust bent. Wat maakt het zo spannend?"
    records, _ = play(practice, "azc-onveilig", [reply])
    assert records[0]["better_reply"] is None
    scenario = practice.library.get("azc-onveilig")
    labels = [m["label"] for m in records[0]["moves"]]
    first = correct_records(records, {1: [*labels, "sussen"]}, scenario, seed=3)[0]
    assert "teflon:sussen" in first["flags"]
    quote = "ik zie dat u echt ongerust bent. wat maakt het zo spannend"
    assert load_feedback().critique["sussen"].format(quote=quote) in first["feedback"]
    assert first["feedback"].startswith("U benoemde de emotie (")  # the moves that stay keep their praise
    # A Teflon move calls for a better reply: one of the scenario's for the stage the turn was in.
    assert first["better_reply"] in scenario.better_replies[scenario.stages[0].id]
    assert first["moves"][-1]["quote"] == ""  # the record still says the model found no words for it


def test_a_low_score_gets_a_better_reply_from_the_scenario_the_same_each_time(practice: Practice) -> None:
    script = (SCRIPTS / "azc-onveilig" / "good.txt").read_text(encoding="utf-8").splitlines()
    records, state = play(practice, "azc-onveilig", [line for line in script if line.strip()][:3])
    assert records[2]["better_reply"] is None and records[2]["score"] >= 6
    scenario = practice.library.get("azc-onveilig")
    stage = records[1]["stage"]  # the stage the conversation was in when the third reply came
    corrected = correct_records(records, {3: ["gesloten_vraag"]}, scenario, seed=state.seed)
    third = corrected[2]
    assert third["score"] < 6
    assert third["better_reply"] in scenario.better_replies[stage]
    assert correct_records(records, {3: ["gesloten_vraag"]}, scenario, seed=state.seed)[2] == third
    assert "Uw vraag (" in third["feedback"] and "is gesloten" in third["feedback"]


def test_raising_the_score_withdraws_the_better_reply(practice: Practice) -> None:
    records, _ = play(practice, "azc-onveilig", ["Alles gaat volgens de regels."])
    assert records[0]["better_reply"] and "achter de regels" in records[0]["feedback"]
    scenario = practice.library.get("azc-onveilig")
    first = correct_records(records, {1: ["emotie_benoemen", "open_vraag", "samenvatten"]}, scenario, seed=3)[0]
    assert first["score"] >= 6 and first["better_reply"] is None
    assert "achter de regels" not in first["feedback"]
    quoted = "('alles gaat volgens de regels')"
    assert first["feedback"].startswith(f"U benoemde de emotie {quoted} en vatte samen wat u hoorde {quoted}.")


@pytest.mark.parametrize("reply", ["", "...", "  ?! "])
def test_moves_added_to_a_reply_without_words_never_quote_nothing(practice: Practice, reply: str) -> None:
    records, _ = play(practice, "azc-onveilig", [reply])
    assert "leeg" in records[0]["flags"]
    added = ["emotie_benoemen", "samenvatten", "open_vraag", "sussen", "gesloten_vraag"]
    for labels in (added, ["gesloten_vraag"], ["afwijzen"]):
        first = correct_records(records, {1: labels}, practice.library.get("azc-onveilig"), seed=3)[0]
        assert first["feedback"] == load_feedback().critique["leeg"], labels
        assert "''" not in first["feedback"]
