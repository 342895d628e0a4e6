"""scripts/writer_folds.py: every labelled writer belongs to exactly one fold."""

import importlib.util
from types import ModuleType

import pytest

from tests.conftest import ROOT


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("writer_folds", ROOT / "scripts" / "writer_folds.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_folds_cover_every_labelled_writer_once() -> None:
    script = load_script()
    script.check_folds()
    names = [name for fold in script.FOLDS for name in fold]
    assert len(names) == len(set(names)) == len(list((ROOT / "data" / "labelled").glob("*.jsonl")))


def test_a_writer_left_out_of_the_folds_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    script = load_script()
    monkeypatch.setattr(script, "FOLDS", script.FOLDS[1:])
    with pytest.raises(SystemExit, match="spoken"):
        script.check_folds()
