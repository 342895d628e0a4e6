"""``python -m loadtest``: run simulated trainees against a running stack and check the tracker store."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from loadtest.run import LoadConfig, run_load
from loadtest.safety import LimitError
from loadtest.verify import verify


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__)
    parser.add_argument("--url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
                        help="Rasa server or proxy on 127.0.0.1 (default: $RASA_URL or :5005)")
    parser.add_argument("--token", default=os.environ.get("RASA_API_TOKEN"),
                        help="Rasa's API token, to read trackers back after an error (default: $RASA_API_TOKEN)")
    parser.add_argument("--trainees", type=int, default=10, help="simulated trainees at once (1-200)")
    parser.add_argument("--turns", type=int, default=10, help="scored replies per trainee (1-50)")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds a trainee thinks before a reply")
    parser.add_argument("--max-seconds", type=float, default=300.0, help="the run stops after this (max 1800)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="the tracker store to verify (default: $DATABASE_URL; without it no verification)")
    parser.add_argument("--json", type=Path, help="write the summary and verification here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run, print a summary, verify; exit 1 on errors or a failed verification, 2 on bad options."""
    args = parse_args(argv)
    try:
        config = LoadConfig(args.url, args.token, args.trainees, args.turns, args.think, args.max_seconds)
    except (LimitError, ValueError) as error:
        print(f"loadtest: {error}", file=sys.stderr)
        return 2
    result = asyncio.run(run_load(config))
    report: dict[str, Any] = {"run": result.summary()}
    if args.database_url:
        verification = verify(result, args.database_url)
        report["verification"] = {"conversations": verification.conversations, "turns": verification.turns,
                                  "problems": verification.problems}
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    failed = result.errors() or result.timed_out or result.turn_problems() or report.get(
        "verification", {}).get("problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
