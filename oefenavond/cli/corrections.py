"""`oefenavond corrections export`: trainers' corrections as Rasa NLU training data (YAML 3.1).

Each corrected segment with exactly one move becomes an example of that move's intent (none:
``geen_zet``); see :mod:`oefenavond.nlu_examples` for what is left out and why. Storage is
imported inside the command, so the core stays free of database code.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

import yaml

from oefenavond.cli.users import shell_user, use_storage
from oefenavond.nlu_examples import known_examples, select_examples, to_rasa_yaml
from oefenavond.settings import PROJECT_DIR, Settings

TRAINING_DATA = PROJECT_DIR / "data" / "nlu"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    parser = commands.add_parser("corrections", help="trainers' move corrections (export as Rasa NLU data)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write the corrections as Rasa 3.1 NLU YAML, one intent per move")
    export.add_argument("--out", type=Path, default=None, help="output file (default: standard output)")
    export.add_argument(
        "--known",
        type=Path,
        default=TRAINING_DATA,
        help="training data whose examples are not exported again (default: %(default)s)",
    )
    parser.set_defaults(run=run)


def known_from(folder: Path) -> dict[str, str]:
    """The examples already in the NLU training data under ``folder``."""
    documents = []
    for path in sorted(folder.rglob("*.yml")) if folder.is_dir() else []:
        try:
            documents.append(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError) as error:
            print(f"oefenavond corrections: skipping {path}: {error}", file=sys.stderr)
    return known_examples(documents)


def run(args: argparse.Namespace) -> int:
    """Export; the summary and what was left out go to standard error."""
    import sqlalchemy as sa  # noqa: PLC0415 - storage only where the command needs it

    use_storage()
    from storage import audit, migrate  # noqa: PLC0415
    from storage.corrections import all_corrections  # noqa: PLC0415
    from storage.database import Database  # noqa: PLC0415

    db = Database(Settings.from_env().database_url)
    try:
        migrate.upgrade(db)
        corrections = all_corrections(db=db)
        segments = [(segment.text, segment.moves) for found in corrections for segment in found.segments]
        selection = select_examples(segments, known_from(args.known))
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        heading = f"Oefenavond: {len(selection.examples)} example(s) from {len(corrections)} correction(s), {stamp}"
        text = to_rasa_yaml(selection.examples, [heading])
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.write_text(text, encoding="utf-8")
        for line, reason in selection.skipped:
            print(f"skipped ({reason}): {line[:80]}", file=sys.stderr)
        print(
            f"{len(selection.examples)} example(s) exported, {len(selection.skipped)} segment(s) left out",
            file=sys.stderr,
        )
        detail = f"{len(selection.examples)} voorbeelden"
        audit.record(shell_user(), "export_corrections", "corrections", None, detail, db=db)
    except sa.exc.SQLAlchemyError as error:
        print(f"oefenavond corrections: database error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"oefenavond corrections: cannot write {args.out}: {error}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0
