"""`oefenavond scenarios`: list the residents; `scenarios validate`: check every file."""

from __future__ import annotations

import argparse
from pathlib import Path

from oefenavond.scenario import Library
from oefenavond.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    parser = commands.add_parser("scenarios", help="list the scenarios, or validate them")
    parser.add_argument("action", nargs="?", choices=["list", "validate"], default="list")
    parser.add_argument("--dir", type=Path, default=None, help="scenario folder (default: scenarios/)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List or validate; validation exits 1 when any file has a problem."""
    directory = args.dir or Settings.from_env().scenario_dir
    library = Library.load(directory)
    if args.action == "validate":
        for problem in library.problems:
            print(problem)
        files = len(list(directory.glob("*.yml")))
        print(f"{len(library)} of {files} scenario file(s) valid in {directory}")
        return 1 if library.problems or not files else 0
    for scenario in library:
        print(f"{scenario.id:22} {scenario.resident.name} ({scenario.resident.age}) — {scenario.title}")
        print(f"{'':22} {scenario.setting.meeting}, {scenario.setting.place}")
    for problem in library.problems:
        print(f"refused: {problem}")
    return 0
