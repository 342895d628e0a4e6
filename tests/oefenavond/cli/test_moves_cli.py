"""`oefenavond moves`: JSON Lines in and out, same order, bad lines become error objects."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MODEL, need

LINES = [
    {"id": "a", "context": "Niemand luistert hier naar ons!", "reply": "Ik zie dat u boos bent. Wat is er gebeurd?"},
    "this is not json",
    {"id": "c", "reply": 42},
    {"id": "d", "context": "", "reply": ""},
    {"id": "e", "context": "", "reply": "Wilt u meedenken in de klankbordgroep?"},
]


def run_moves(tmp_path: Path, *options: str) -> list[dict]:  # type: ignore[type-arg]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in LINES) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "oefenavond.cli.main", "moves", "--in", str(source), "--out", "-", *options]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    return [json.loads(line) for line in output.stdout.splitlines()]


def check(results: list[dict]) -> None:  # type: ignore[type-arg]
    assert [r.get("id") for r in results] == ["a", None, "c", "d", "e"]
    assert {"emotie_benoemen", "open_vraag"} <= set(results[0]["moves"])
    assert results[0]["evidence"]["emotie_benoemen"]
    assert "error" in results[1] and "error" in results[2]
    assert results[3]["moves"] == [] and results[3]["note"] == "leeg"
    assert results[4]["moves"] == ["betrekken"]


def test_moves_on_linguistic_evidence(tmp_path: Path) -> None:
    check(run_moves(tmp_path, "--no-model"))


@pytest.mark.model
def test_moves_with_the_trained_model(tmp_path: Path) -> None:
    need(MODEL.exists(), "no trained model (make model)")
    check(run_moves(tmp_path))
