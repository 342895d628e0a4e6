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
    corrected = correct_records(records, same, practice.library.get(script.parent.name))
    for before, after in zip(records, corrected, strict=True):
        assert after["lsd"] == before["lsd"], before["reply"]
        assert after["score"] == before["score"], before["reply"]
        assert sorted(after["flags"]) == sorted(before["flags"]), before["reply"]
        assert after["corrected"] and after["original_moves"] == same[before["turn"]]


def test_a_correction_changes_moves_flags_lsd_score_and_the_scorecard(practice: Practice) -> None:
    records, _ = play(practice, "azc-onveilig", ["Alles gaat volgens de regels.", "Wat is er gebeurd?"])
    assert any(m["label"] == "regels_verdediging" for m in records[0]["moves"])
    scenario = practice.library.get("azc-onveilig")
    corrected = correct_records(records, {1: ["emotie_benoemen", "open_vraag"]}, scenario)
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
    corrected = correct_records(records, {1: []}, practice.library.get("escalatie"))
    assert corrected[0]["moves"] == []
    assert "geen_zet" in corrected[0]["flags"]
    assert "geen_grens" in corrected[0]["flags"]
