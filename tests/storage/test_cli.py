"""python -m storage: hand out trainee codes from the shell."""

from __future__ import annotations

import re

import pytest

from storage import accounts, migrate
from storage.__main__ import run
from storage.database import Database


def test_add_trainee_prints_a_working_code(bare_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["add-trainee", "Sanne de Vries", "--group", "Groep maart"], db=bare_db) == 0
    out = capsys.readouterr().out
    code = re.search(r"personal code .*: (\w+)", out)
    assert code is not None
    trainee = accounts.trainee_by_code(code.group(1), db=bare_db)
    assert trainee is not None and trainee.name == "Sanne de Vries"
    assert run(["add-trainee", "Bram", "--group", "Groep maart"], db=bare_db) == 0
    assert len(accounts.list_groups(db=bare_db)) == 1
    assert run(["list"], db=bare_db) == 0
    assert "Bram" in capsys.readouterr().out


def test_errors_are_reported_with_an_exit_code(bare_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["reset-code", "999"], db=bare_db) == 1
    assert "no trainee" in capsys.readouterr().err
    assert run(["erase", "999"], db=bare_db) == 0
    assert run(["migrate"], db=bare_db) == 0
    assert migrate.head() in capsys.readouterr().out
