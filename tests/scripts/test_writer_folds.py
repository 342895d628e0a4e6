"""scripts/writer_folds.py: every labelled writer belongs to exactly one fold."""

import pytest

from tests.conftest import ROOT
from tests.scripts import load_script


def test_the_folds_cover_every_labelled_writer_once() -> None:
    script = load_script("writer_folds")
    script.check_folds()
    names = [name for fold in script.FOLDS for name in fold]
    assert len(names) == len(set(names)) == len(list((ROOT / "data" / "labelled").glob("*.jsonl")))


def test_a_writer_left_out_of_the_folds_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    script = load_script("writer_folds")
    monkeypatch.setattr(script, "FOLDS", script.FOLDS[1:])
    with pytest.raises(SystemExit, match="spoken"):
        script.check_folds()
