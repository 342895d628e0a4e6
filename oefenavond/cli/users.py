"""`oefenavond users`: an admin creates trainers and admins, lists them, sets passwords and roles.

Trainers then create groups, trainees and codes in the web review. Storage (SQLAlchemy) is
imported inside the commands, so the core stays free of database code.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, TextIO

from oefenavond.settings import PROJECT_DIR, Settings

MIN_PASSWORD = 10


class PasswordError(ValueError):
    """A password that cannot be used (too short, the two entries differ)."""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    parser = commands.add_parser("users", help="trainer and admin accounts of the trainer review")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a trainer (or with --admin an admin); asks the password")
    add.add_argument("username")
    add.add_argument("--name", default="", help="display name (default: the username)")
    add.add_argument("--admin", action="store_true", help="role admin: sees every group, the audit log")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    actions.add_parser("list", help="list trainers and admins")
    password = actions.add_parser("password", help="set a new password for a trainer or admin")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    role = actions.add_parser("role", help="make a trainer an admin or the other way round")
    role.add_argument("username")
    role.add_argument("role", choices=["trainer", "admin"])
    parser.set_defaults(run=run)


def read_password(from_stdin: bool, stdin: TextIO | None = None) -> str:
    """The new password: one line of standard input, or asked twice without echo."""
    if from_stdin:
        value = (stdin or sys.stdin).readline().rstrip("\r\n")
    else:
        value = getpass.getpass("wachtwoord: ")
        if getpass.getpass("nog een keer: ") != value:
            raise PasswordError("the two passwords differ")
    if len(value) < MIN_PASSWORD:
        raise PasswordError(f"a password needs at least {MIN_PASSWORD} characters")
    return value


def use_storage() -> None:
    """Make the project's ``storage`` package importable: it sits beside ``oefenavond`` in the
    project, but the installed console script only knows the core (and a script's sys.path starts
    at .venv/bin, not at the project)."""
    root = str(PROJECT_DIR)
    if (PROJECT_DIR / "storage" / "__init__.py").exists() and root not in sys.path:
        sys.path.insert(0, root)


def shell_user() -> str:
    """Who runs the command, for the audit log."""
    try:
        return f"shell:{getpass.getuser()}"
    except (OSError, KeyError):
        return "shell"


def run(args: argparse.Namespace) -> int:
    """Run one action against DATABASE_URL; exit 1 with a message on a refused action."""
    import sqlalchemy as sa  # noqa: PLC0415 - storage only where the command needs it

    use_storage()
    from storage import migrate  # noqa: PLC0415
    from storage.accounts import AccountError  # noqa: PLC0415
    from storage.database import Database  # noqa: PLC0415

    db = Database(Settings.from_env().database_url)
    try:
        migrate.upgrade(db)
        return _act(args, db)
    except (AccountError, PasswordError) as error:
        print(f"oefenavond users: {error}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as error:
        print(f"oefenavond users: database error: {error}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


def _act(args: argparse.Namespace, db: Any) -> int:
    from storage import accounts, audit  # noqa: PLC0415
    from storage.accounts import AccountError  # noqa: PLC0415

    if args.action == "list":
        for trainer in accounts.list_trainers(db=db):
            print(f"{trainer.id:>4}  {trainer.username:20} {trainer.role:8} {trainer.display_name}")
        return 0
    if args.action == "add":
        secret = read_password(args.password_stdin)
        role = "admin" if args.admin else "trainer"
        trainer = accounts.create_trainer(args.username, args.name, secret, role, db=db)
        audit.record(shell_user(), "create_trainer", "trainer", trainer.id, f"{trainer.username} ({role})", db=db)
        print(f"{role} {trainer.username} created (id {trainer.id}); sign in at /review/inloggen")
        return 0
    found = accounts.trainer_by_username(args.username, db=db)
    if found is None:
        raise AccountError(f"no trainer with username {args.username!r}")
    if args.action == "password":
        accounts.set_trainer_password(found.id, read_password(args.password_stdin), db=db)
        audit.record(shell_user(), "set_password", "trainer", found.id, found.username, db=db)
        print(f"password of {found.username} changed")
    else:
        accounts.set_trainer_role(found.id, args.role, db=db)
        audit.record(shell_user(), "set_role", "trainer", found.id, f"{found.username} → {args.role}", db=db)
        print(f"{found.username} is now {args.role}")
    return 0
