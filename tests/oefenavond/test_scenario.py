"""Scenario files: the shipped ones are valid; a broken one is refused alone, with file, field and line."""

import shutil
from pathlib import Path

from oefenavond.practice import SCENARIO_DIR
from oefenavond.scenario import Library

REQUIRED = {
    "azc-tegenstander", "azc-onveilig", "azc-woningzoeker", "azc-vrijwilliger", "azc-wantrouwen",
    "bos-kap", "flat-uitzicht", "ongedocumenteerden", "oude-klacht", "escalatie",
}


def test_every_shipped_scenario_is_valid() -> None:
    library = Library.load(SCENARIO_DIR)
    assert library.problems == []
    assert set(library.scenarios) >= REQUIRED


def test_escalation_scenario_has_insults_and_others_do_not() -> None:
    library = Library.load(SCENARIO_DIR)
    assert library.get("escalatie").escalation is not None
    assert library.get("azc-onveilig").escalation is None


def test_broken_file_is_refused_and_the_rest_stays(tmp_path: Path) -> None:
    for name in ("azc-onveilig.yml", "bos-kap.yml"):
        shutil.copy(SCENARIO_DIR / name, tmp_path / name)
    broken = tmp_path / "bos-kap.yml"
    text = broken.read_text(encoding="utf-8").replace("  emotion: ", "  emotion: heel boos #", 1)
    broken.write_text(text, encoding="utf-8")
    library = Library.load(tmp_path)
    assert set(library.scenarios) == {"azc-onveilig"}
    [problem] = library.problems
    assert problem.file == broken
    assert problem.field == "start.emotion"
    assert text.splitlines()[problem.line - 1].strip().startswith("emotion:")


def test_stage_lines_must_cover_every_stage(tmp_path: Path) -> None:
    source = (SCENARIO_DIR / "azc-onveilig.yml").read_text(encoding="utf-8")
    (tmp_path / "azc-onveilig.yml").write_text(source.replace("\n  kern:\n", "\n  kernx:\n", 1), encoding="utf-8")
    library = Library.load(tmp_path)
    assert not library.scenarios
    assert any("lines" in p.field or "kern" in p.message for p in library.problems)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    shutil.copy(SCENARIO_DIR / "azc-onveilig.yml", tmp_path / "andere-naam.yml")
    library = Library.load(tmp_path)
    assert library.problems[0].field == "id"
