"""`oefenavond moves`: recognise the moves of many replies (JSON Lines in, JSON Lines out)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from oefenavond.cli.common import Core, add_model_options


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    parser = commands.add_parser(
        "moves", help="recognise moves: JSON Lines {id, context, reply} in, {id, moves, ...} out"
    )
    parser.add_argument("--in", dest="source", required=True, help="input file, or - for standard input")
    parser.add_argument("--out", dest="target", required=True, help="output file, or - for standard output")
    add_model_options(parser)
    parser.set_defaults(run=run)


def recognise_lines(core: Core, lines: IO[str]) -> Iterator[dict[str, Any]]:
    """One result per input line; a bad line gives an error object for its id."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        item_id: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise TypeError("a line must be a JSON object")
            item_id = item.get("id")
            reply, context = item.get("reply"), item.get("context") or ""
            if not isinstance(reply, str) or not isinstance(context, str):
                raise TypeError("'reply' must be a string (and 'context' a string if given)")
        except (ValueError, TypeError) as error:
            yield {"id": item_id, "line": number, "error": str(error), "moves": []}
            continue
        recognition = core.recognize(reply, context)
        result: dict[str, Any] = {
            "id": item_id,
            "moves": recognition.labels,
            "confidence": {h.label: h.confidence for h in recognition.hits},
            "evidence": {h.label: h.quote for h in recognition.hits},
            "segments": [s.text for s in recognition.analysis.segments],
        }
        if recognition.problem:
            result["note"] = recognition.problem
        yield result


def run(args: argparse.Namespace) -> int:
    """Read, recognise, write; the model is loaded once."""
    core = Core.from_args(args)
    source = sys.stdin if args.source == "-" else open(args.source, encoding="utf-8")  # noqa: SIM115
    target = sys.stdout if args.target == "-" else open(args.target, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for result in recognise_lines(core, source):
            target.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if source is not sys.stdin:
            source.close()
        if target is not sys.stdout:
            target.close()
    return 0
