"""`oefenavond corrections export`: trainers' corrections as training data.

Two formats:

- ``rasa`` (the default): Rasa NLU YAML 3.1 for DIET. Each corrected segment with exactly one move
  becomes an example of that move's intent (none: ``geen_zet``); see :mod:`oefenavond.nlu_examples`
  for what is left out and why.
- ``labelled``: JSON Lines as in data/labelled/ (:mod:`oefenavond.labelled`), one corrected reply per
  line with the resident's line it answered and every segment's moves, two-move segments too. In
  data/labelled/ it trains both classifiers; ``oefenavond eval --data`` scores the recognizer on it.

Storage is imported inside the command, so the core stays free of database code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from oefenavond.cli.users import shell_user, use_storage
from oefenavond.labelled import labelled_reply
from oefenavond.nlu_examples import known_examples, select_examples, to_rasa_yaml
from oefenavond.settings import PROJECT_DIR, Settings

if TYPE_CHECKING:
    from storage.corrections import Correction

TRAINING_DATA = PROJECT_DIR / "data" / "nlu"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    parser = commands.add_parser("corrections", help="trainers' move corrections (export as Rasa NLU data)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write the corrections as training data")
    export.add_argument("--out", type=Path, default=None, help="output file (default: standard output)")
    export.add_argument(
        "--format",
        choices=("rasa", "labelled"),
        default="rasa",
        help="rasa: Rasa 3.1 NLU YAML, one intent per move; labelled: JSON Lines as in data/labelled/, "
        "every reply with its context and each segment's moves (default: %(default)s)",
    )
    export.add_argument(
        "--known",
        type=Path,
        default=TRAINING_DATA,
        help="rasa format: training data whose examples are not exported again (default: %(default)s)",
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
    from storage.corrections import all_corrections, resident_lines  # noqa: PLC0415
    from storage.database import Database  # noqa: PLC0415

    db = Database(Settings.from_env().database_url)
    try:
        migrate.upgrade(db)
        corrections = all_corrections(db=db)
        if args.format == "labelled":
            text, count = labelled_lines(corrections, resident_lines(corrections, db=db))
            print(f"{count} labelled repl(ies) exported", file=sys.stderr)
            detail = f"{count} antwoorden per zin gelabeld"
        else:
            text, count = rasa_examples(corrections, known_from(args.known))
            detail = f"{count} voorbeelden"
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.write_text(text, encoding="utf-8")
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


def rasa_examples(corrections: Sequence[Correction], known: Mapping[str, str]) -> tuple[str, int]:
    """Rasa NLU YAML of the corrected segments with one move or none, and how many; what was left out,
    and why, goes to standard error."""
    segments = [(segment.text, segment.moves) for found in corrections for segment in found.segments]
    selection = select_examples(segments, known)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    heading = f"Oefenavond: {len(selection.examples)} example(s) from {len(corrections)} correction(s), {stamp}"
    for line, reason in selection.skipped:
        print(f"skipped ({reason}): {line[:80]}", file=sys.stderr)
    print(f"{len(selection.examples)} example(s) exported, {len(selection.skipped)} segment(s) left out",
          file=sys.stderr)
    return to_rasa_yaml(selection.examples, [heading]), len(selection.examples)


def labelled_lines(corrections: Sequence[Correction], contexts: Mapping[int, str]) -> tuple[str, int]:
    """JSON Lines as in data/labelled/: each corrected reply with the resident's line before it
    (``contexts``: correction id -> line), and how many."""
    lines = [
        json.dumps(labelled_reply(f"correctie-{found.id}", contexts.get(found.id, ""), found.reply,
                                  [(segment.text, segment.moves) for segment in found.segments]), ensure_ascii=False)
        for found in corrections
    ]
    return "".join(f"{line}\n" for line in lines), len(lines)
