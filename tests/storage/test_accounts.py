"""Trainers, groups, trainees, personal codes and Telegram links, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from storage import accounts
from storage.accounts import AccountError
from storage.credentials import CODE_ALPHABET, CODE_LENGTH, normalise_code
from storage.database import Database
from storage.models import TraineeRow


def _group(db: Database, username: str = "anna") -> int:
    trainer = accounts.create_trainer(username, "Anna Trainer", "geheim wachtwoord", db=db)
    return accounts.create_group("Groep maart", trainer.id, db=db).id


def test_trainee_gets_a_random_unambiguous_code_stored_only_as_hash(db: Database) -> None:
    group_id = _group(db)
    trainee, code = accounts.create_trainee("Sanne de Vries", group_id, db=db)
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01OIL")
    _, other = accounts.create_trainee("Bram", group_id, db=db)
    assert other != code
    with db.session() as session:
        row = session.get(TraineeRow, trainee.id)
        stored = [str(value) for value in (row.code_hash, row.code_lookup, row.name)]
    assert all(code not in value for value in stored)
    assert stored[0].startswith("$argon2id$")


def test_trainee_by_code_ignores_case_spaces_and_dashes(db: Database) -> None:
    trainee, code = accounts.create_trainee("Sanne", _group(db), db=db)
    for variant in (code, code.lower(), f"{code[:4]}-{code[4:]}", f" {code[:4]} {code[4:]} "):
        found = accounts.trainee_by_code(variant, db=db)
        assert found is not None and found.id == trainee.id
    assert accounts.trainee_by_code("", db=db) is None
    assert accounts.trainee_by_code("!!!", db=db) is None
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    assert accounts.trainee_by_code(wrong, db=db) is None
    assert normalise_code(" ab-cd ef ") == "ABCDEF"


def test_reset_code_replaces_the_old_one(db: Database) -> None:
    trainee, old = accounts.create_trainee("Sanne", _group(db), db=db)
    new = accounts.reset_code(trainee.id, db=db)
    assert new != old
    assert accounts.trainee_by_code(old, db=db) is None
    found = accounts.trainee_by_code(new, db=db)
    assert found is not None and found.id == trainee.id
    with pytest.raises(AccountError):
        accounts.reset_code(9999, db=db)


def test_trainers_have_unique_usernames_roles_and_argon2_passwords(db: Database) -> None:
    admin = accounts.create_trainer("beheer", "Beheer", "s3cret-pass", role="admin", db=db)
    assert admin.role == "admin"
    with pytest.raises(AccountError):
        accounts.create_trainer("beheer", "Ander", "x", db=db)
    with pytest.raises(AccountError):
        accounts.create_trainer("kees", "Kees", "x", role="superuser", db=db)
    with pytest.raises(AccountError):
        accounts.create_trainer("kees", "Kees", "", db=db)
    assert accounts.authenticate_trainer("beheer", "s3cret-pass", db=db) == admin
    assert accounts.authenticate_trainer("beheer", "wrong", db=db) is None
    assert accounts.authenticate_trainer("nobody", "s3cret-pass", db=db) is None
    accounts.set_trainer_password(admin.id, "nieuw wachtwoord", db=db)
    assert accounts.authenticate_trainer("beheer", "nieuw wachtwoord", db=db) == admin
    assert [t.username for t in accounts.list_trainers(db=db)] == ["beheer"]


def test_groups_and_trainees_belong_to_existing_owners(db: Database) -> None:
    group_id = _group(db)
    with pytest.raises(AccountError):
        accounts.create_group("Los", 9999, db=db)
    with pytest.raises(AccountError):
        accounts.create_group("  ", 1, db=db)
    with pytest.raises(AccountError):
        accounts.create_trainee("Sanne", 9999, db=db)
    with pytest.raises(AccountError):
        accounts.create_trainee(" ", group_id, db=db)
    trainee, _ = accounts.create_trainee("Sanne", group_id, db=db)
    assert accounts.get_trainee(trainee.id, db=db) == trainee
    assert accounts.get_trainee(9999, db=db) is None
    assert accounts.list_trainees(group_id, db=db) == [trainee]
    group = accounts.get_group(group_id, db=db)
    assert group is not None and group.name == "Groep maart"
    assert accounts.list_groups(group.trainer_id, db=db) == [group]
    assert trainee.created_at.tzinfo is not None


def test_telegram_link_maps_one_telegram_account_to_one_trainee(db: Database) -> None:
    group_id = _group(db)
    sanne, _ = accounts.create_trainee("Sanne", group_id, db=db)
    bram, _ = accounts.create_trainee("Bram", group_id, db=db)
    telegram_id = 7_123_456_789  # Telegram ids exceed 32 bits
    assert accounts.trainee_by_telegram(telegram_id, db=db) is None
    accounts.link_telegram(sanne.id, telegram_id, db=db)
    assert accounts.trainee_by_telegram(telegram_id, db=db) == sanne
    accounts.link_telegram(sanne.id, telegram_id, db=db)  # again: no error
    accounts.link_telegram(bram.id, telegram_id, db=db)  # relinked with another code
    assert accounts.trainee_by_telegram(telegram_id, db=db) == bram
    with pytest.raises(AccountError):
        accounts.link_telegram(9999, 42, db=db)
    assert accounts.unlink_telegram(telegram_id, db=db)
    assert not accounts.unlink_telegram(telegram_id, db=db)
    assert accounts.trainee_by_telegram(telegram_id, db=db) is None


def test_default_database_comes_from_database_url(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import storage.database as database_module

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/default.db")
    monkeypatch.setattr(database_module, "_default", None)
    default = database_module.default_database()
    assert default is database_module.default_database()
    assert default.url.endswith("default.db")
    with default.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT 1")).scalar() == 1
    default.dispose()
