"""Issue 4's proof: for every scenario a listening script uncovers the concern, a Teflon one never does.

Played through the real trained model, as `oefenavond play --json` does.
"""

from pathlib import Path
from typing import Any

import pytest

from oefenavond.cli.common import Core
from oefenavond.cli.play import play
from oefenavond.practice import SCENARIO_DIR
from oefenavond.scenario import Library
from tests.conftest import MODEL, need

SCRIPTS = Path(__file__).resolve().parents[2] / "data" / "scripts"
SCENARIOS = sorted(Library.load(SCENARIO_DIR).scenarios)


@pytest.fixture(scope="module")
def core() -> Core:
    need(MODEL.exists(), "no trained model (make model)")
    return Core(MODEL)


def replies(scenario: str, kind: str) -> list[str]:
    return [line for line in (SCRIPTS / scenario / f"{kind}.txt").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.model
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_listening_uncovers_the_concern_within_8_turns(core: Core, scenario: str) -> None:
    result: dict[str, Any] = play(core, scenario, replies(scenario, "good"), seed=1)
    outcome = result["outcome"]
    assert outcome["concern_uncovered"], result["turns"]
    assert outcome["concern_turn"] <= 8
    assert not outcome["walked_away"]


@pytest.mark.model
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_teflon_never_uncovers_and_leaves_the_resident_more_upset(core: Core, scenario: str) -> None:
    result: dict[str, Any] = play(core, scenario, replies(scenario, "bad"), seed=1)
    outcome = result["outcome"]
    assert not outcome["concern_uncovered"]
    assert outcome["walked_away"] or outcome["emotion"] > result["start"]["emotion"]


@pytest.mark.model
def test_play_json_contract(core: Core) -> None:
    result = play(core, "azc-onveilig", replies("azc-onveilig", "good")[:2], seed=4)
    assert set(result) >= {"scenario", "turns", "start", "outcome"}
    turn = result["turns"][0]
    assert set(turn) >= {"reply", "moves", "resident", "emotion", "trust", "stage"}
    assert set(result["outcome"]) >= {"concern_uncovered", "walked_away", "turns"}
    assert play(core, "azc-onveilig", replies("azc-onveilig", "good")[:2], seed=4) == result
