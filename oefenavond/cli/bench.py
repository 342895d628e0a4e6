"""`oefenavond bench`: a benchmark (not a test) of move recognition per reply."""

from __future__ import annotations

import argparse
import statistics
import time

from oefenavond.cli.common import Core, add_model_options
from oefenavond.cli.evaluate import DEV_SET, load_items


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    parser = commands.add_parser("bench", help="benchmark move recognition per reply (median, p95 ms)")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the dev set")
    add_model_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Time every reply of the dev set through the same path as the CLI and the actions."""
    core = Core.from_args(args)
    items = load_items(DEV_SET, "all")
    core.recognize("Opwarmen: hoe gaat het met u?")
    timings = []
    for _ in range(args.repeat):
        for item in items:
            started = time.perf_counter()
            core.recognize(item["reply"], item.get("context", ""))
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"move recognition per reply ({'rules only' if args.no_model else 'rules + Rasa NLU'}), "
          f"{len(timings)} replies: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")
    return 0
