"""`oefenavond users` (an admin creates trainers) and `oefenavond corrections export`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from oefenavond.cli.evaluate import load_items
from oefenavond.cli.main import main
from storage import accounts, audit
from storage.corrections import save_correction
from storage.scope import Viewer
from tests.review.conftest import Played, World
from tests.scripts import load_script


@pytest.fixture()
def shell(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """The world's database as DATABASE_URL for the command line."""
    monkeypatch.setenv("DATABASE_URL", str(world.db.url))
    return world


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_users_add_list_password_role(shell: World, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, "een-lang-wachtwoord\n")
    assert main(["users", "add", "carla", "--name", "Carla Coach", "--password-stdin"]) == 0
    assert "trainer carla created" in capsys.readouterr().out
    assert accounts.authenticate_trainer("carla", "een-lang-wachtwoord", db=shell.db) is not None
    _stdin(monkeypatch, "nog-een-wachtwoord\n")
    assert main(["users", "add", "dirk", "--admin", "--password-stdin"]) == 0
    assert accounts.trainer_by_username("dirk", db=shell.db).role == "admin"  # type: ignore[union-attr]
    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "carla" in listing and "Carla Coach" in listing and "admin" in listing
    _stdin(monkeypatch, "weer-iets-anders\n")
    assert main(["users", "password", "carla", "--password-stdin"]) == 0
    assert accounts.authenticate_trainer("carla", "weer-iets-anders", db=shell.db) is not None
    assert main(["users", "role", "carla", "admin"]) == 0
    assert accounts.trainer_by_username("carla", db=shell.db).role == "admin"  # type: ignore[union-attr]
    actions = {entry.action for entry in audit.entries(db=shell.db).entries}
    assert {"create_trainer", "set_password", "set_role"} <= actions
    assert all(e.actor_kind == "shell" for e in audit.entries(db=shell.db).entries if e.action == "create_trainer")


def test_users_refusals_exit_1_with_a_message(shell: World, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, "kort\n")
    assert main(["users", "add", "erik", "--password-stdin"]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    _stdin(monkeypatch, "een-lang-wachtwoord\n")
    assert main(["users", "add", "anna", "--password-stdin"]) == 1
    assert "is taken" in capsys.readouterr().err
    assert main(["users", "password", "niemand", "--password-stdin"]) == 1
    assert "no trainer" in capsys.readouterr().err


def test_corrections_export_is_rasa_nlu_data(shell: World, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    anna = Viewer("trainer", shell.ids["anna"], "Anna Trainer")
    conversation = shell.ids["c_bad"]
    segments = [
        ("Ik zie dat u zich zorgen maakt.", ["emotie_benoemen"]),
        ("Wat is er gebeurd [toen]?", ["open_vraag"]),
        ("Dat regelen we, en u zegt dus dat het donker is", ["sussen", "samenvatten"]),
    ]
    save_correction(conversation, 1, "x", segments, ["sussen"], anna, db=shell.db)
    save_correction(conversation, 2, "x", [("Goedenavond.", [])], [], anna, db=shell.db)
    out = tmp_path / "corrections.yml"
    empty = tmp_path / "geen-trainingsdata"
    empty.mkdir()
    assert main(["corrections", "export", "--out", str(out), "--known", str(empty)]) == 0
    err = capsys.readouterr().err
    assert "3 example(s) exported, 1 segment(s) left out" in err and "meer dan één zet" in err
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    assert {block["intent"]: block["examples"] for block in data["nlu"]} == {
        "emotie_benoemen": "- Ik zie dat u zich zorgen maakt.\n",
        "open_vraag": "- Wat is er gebeurd (toen)?\n",
        "geen_zet": "- Goedenavond.\n",
    }
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    RasaYAMLReader().validate(text)
    training = RasaYAMLReader().reads(text)
    assert training.intents == {"emotie_benoemen", "open_vraag", "geen_zet"} and not training.entities
    # By default, what data/nlu already holds is not exported again.
    assert main(["corrections", "export"]) == 0  # to standard output
    printed = capsys.readouterr()
    assert "skipped (staat al in de trainingsdata): Goedenavond." in printed.err
    assert "geen_zet" not in {block["intent"] for block in yaml.safe_load(printed.out)["nlu"]}
    assert any(e.action == "export_corrections" for e in audit.entries(db=shell.db).entries)


def test_corrections_export_labelled_replies_with_their_context(shell: World, played: dict[str, Played],
                                                                tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    anna = Viewer("trainer", shell.ids["anna"], "Anna Trainer")
    bad = played["bad"]
    first, second = bad.replies[0], bad.replies[1]
    save_correction(shell.ids["c_bad"], 2, second, [(second, ["regels_verdediging", "afwijzen"])], ["afwijzen"],
                    anna, db=shell.db)
    save_correction(shell.ids["c_bad"], 1, first, [(first, ["sussen"]), ("Hoe dan ook.", [])], [], anna, db=shell.db)
    out = tmp_path / "trainers.jsonl"
    assert main(["corrections", "export", "--format", "labelled", "--out", str(out)]) == 0
    assert "2 labelled repl(ies) exported" in capsys.readouterr().err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["context"] for line in lines] == [bad.payloads[1]["resident_line"], bad.payloads[0]["resident_line"]]
    assert lines[0]["reply"] == " ".join(second.split())
    assert lines[0]["moves"] == ["regels_verdediging", "afwijzen"]
    assert lines[0]["sentences"] == [{"text": " ".join(second.split()), "moves": ["regels_verdediging", "afwijzen"]}]
    assert lines[1]["moves"] == ["sussen"] and lines[1]["sentences"][1] == {"text": "Hoe dan ook.", "moves": []}
    assert all(line["id"].startswith("correctie-") for line in lines)
    # The format of data/labelled/: the script that turns writers' files into training data reads it.
    assert load_script("labelled_to_nlu").sentences(out)[0] == (" ".join(second.split()),
                                                               ["regels_verdediging", "afwijzen"])
    assert [item["moves"] for item in load_items(out, "all")] == [line["moves"] for line in lines]  # oefenavond eval
    assert any(e.detail == "2 antwoorden per zin gelabeld" for e in audit.entries(db=shell.db).entries)
