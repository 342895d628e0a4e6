"""``python -m storage``: migrate, and create trainers, groups and trainee codes from the shell.

Until the trainer review (issue 7) has its own screens and ``oefenavond users``, this is how an
admin hands out trainee codes::

    .venv/bin/python -m storage add-trainee "Sanne de Vries" --group "Groep maart"

The code is printed once; only its hash is stored.
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from collections.abc import Sequence

import sqlalchemy as sa

from oefenavond.settings import Settings, SettingsError
from storage import accounts, conversations, migrate
from storage.accounts import AccountError
from storage.database import Database

DEFAULT_TRAINER = "beheer"
DEFAULT_GROUP = "Standaardgroep"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m storage", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("migrate", help="bring the tables up to date (the web app does this at start)")
    trainer = commands.add_parser("add-trainer", help="create a trainer or admin (asks the password)")
    trainer.add_argument("username")
    trainer.add_argument("--name", default="", help="display name")
    trainer.add_argument("--admin", action="store_true", help="role admin instead of trainer")
    group = commands.add_parser("add-group", help="create a group for a trainer")
    group.add_argument("name")
    group.add_argument("--trainer", default=DEFAULT_TRAINER, help="trainer's username")
    trainee = commands.add_parser("add-trainee", help="create a trainee and print their personal code")
    trainee.add_argument("name")
    trainee.add_argument(
        "--group", default=DEFAULT_GROUP, help=f"group name (created for --trainer if new; default {DEFAULT_GROUP!r})"
    )
    trainee.add_argument(
        "--trainer",
        default=DEFAULT_TRAINER,
        help=f"owner of a new group (created without password if new; default {DEFAULT_TRAINER!r})",
    )
    reset = commands.add_parser("reset-code", help="give a trainee a new code (the old one stops working)")
    reset.add_argument("trainee_id", type=int)
    commands.add_parser("list", help="list trainers, groups and trainees")
    erase = commands.add_parser("erase", help="delete a trainee's conversations (tracker included)")
    erase.add_argument("trainee_id", type=int)
    return parser


def _trainer_id(username: str, db: Database) -> int:
    found = accounts.trainer_by_username(username, db=db)
    if found is not None:
        return found.id
    # A placeholder owner with an unusable random password; set one with add-trainer's successor.
    return accounts.create_trainer(username, username, secrets.token_urlsafe(32), db=db).id


def _group_id(name: str, trainer: str, db: Database) -> int:
    for group in accounts.list_groups(db=db):
        if group.name == name:
            return group.id
    return accounts.create_group(name, _trainer_id(trainer, db), db=db).id


def run(argv: Sequence[str] | None = None, db: Database | None = None) -> int:
    """Run one command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        database = db or Database(Settings.from_env().database_url)
    except SettingsError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    try:
        migrate.upgrade(database)
        return _dispatch(args, database)
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as error:
        print(f"database error: {error}", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace, db: Database) -> int:
    if args.command == "migrate":
        print(f"database at revision {migrate.current(db)}")
    elif args.command == "add-trainer":
        password = getpass.getpass("password: ")
        trainer = accounts.create_trainer(
            args.username, args.name, password, "admin" if args.admin else "trainer", db=db
        )
        print(f"trainer {trainer.username} ({trainer.role}) created, id {trainer.id}")
    elif args.command == "add-group":
        group = accounts.create_group(args.name, _trainer_id(args.trainer, db), db=db)
        print(f"group {group.name!r} created, id {group.id}")
    elif args.command == "add-trainee":
        trainee, code = accounts.create_trainee(args.name, _group_id(args.group, args.trainer, db), db=db)
        print(f"trainee {trainee.name!r} created, id {trainee.id}")
        print(f"personal code (shown once, hand it to the trainee): {code}")
    elif args.command == "reset-code":
        print(f"new personal code: {accounts.reset_code(args.trainee_id, db=db)}")
    elif args.command == "list":
        for trainer in accounts.list_trainers(db=db):
            print(f"trainer {trainer.id}: {trainer.username} ({trainer.role})")
        for group in accounts.list_groups(db=db):
            print(f"group {group.id}: {group.name} (trainer {group.trainer_id})")
        for trainee in accounts.list_trainees(db=db):
            print(f"trainee {trainee.id}: {trainee.name} (group {trainee.group_id})")
    elif args.command == "erase":
        erased = conversations.erase_trainee_data(args.trainee_id, db=db)
        print(f"erased {erased.conversations} conversation(s), {erased.events} tracker event(s)")
    return 0


if __name__ == "__main__":
    sys.exit(run())
