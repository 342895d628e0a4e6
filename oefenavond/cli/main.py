"""Entry point of the `oefenavond` console script."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from oefenavond.cli import bench, corrections, evaluate, moves, play, scenarios, users
from oefenavond.cli.nlu import ModelMissingError
from oefenavond.content import ContentError
from oefenavond.settings import SettingsError

COMMANDS = (scenarios, play, moves, evaluate, bench, users, corrections)


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    root = argparse.ArgumentParser(
        prog="oefenavond", description="Oefenavond: practise tense conversations with residents."
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; the one place where expected errors become messages and exit codes."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ContentError, SettingsError, ModelMissingError) as error:
        print(f"oefenavond: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
