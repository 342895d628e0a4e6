"""`oefenavond play`: play a script of trainee replies against a scenario and print the transcript."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from oefenavond.cli.common import Core, add_model_options


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    parser = commands.add_parser("play", help="play scripted replies (one per line) against a scenario")
    parser.add_argument("--scenario", required=True, help="scenario id (see `oefenavond scenarios`)")
    parser.add_argument("--script", required=True, type=Path, help="text file, one trainee reply per line")
    parser.add_argument("--seed", type=int, default=None, help="random seed for a repeatable run")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_model_options(parser)
    parser.set_defaults(run=run)


def play(core: Core, scenario: str, replies: list[str], seed: int | None) -> dict[str, Any]:
    """The transcript as the JSON contract of `play --json`."""
    practice = core.practice
    state, opening = practice.open(scenario, "oefen", seed)
    start = {"emotion": state.resident.emotion, "trust": state.resident.trust}
    turns = []
    turn = None
    for reply in replies:
        if state.resident.ended:
            break
        analysis = practice.analyse(state, reply)
        turn = practice.reply(state, analysis, core.rank(analysis))
        state = turn.state
        resident = state.resident
        turns.append({
            "reply": reply,
            "moves": turn.recognition.labels,
            "resident": turn.line,
            "emotion": resident.emotion,
            "trust": resident.trust,
            "stage": practice.library.get(scenario).stage(resident.stage).id,
            "assessment": turn.assessment.to_dict(),
        })
    resident = state.resident
    scorecard = practice.scorecard(state) if turns else None
    return {
        "scenario": scenario,
        "seed": state.seed,
        "opening": opening,
        "start": start,
        "turns": turns,
        "outcome": {
            "concern_uncovered": resident.uncovered_turn is not None,
            "concern_turn": resident.uncovered_turn,
            "walked_away": resident.outcome == "walked_away",
            "result": resident.outcome or "onderbroken",
            "turns": resident.turn,
            "emotion": resident.emotion,
            "trust": resident.trust,
        },
        "scorecard": scorecard.to_dict() if scorecard else None,
    }


def run(args: argparse.Namespace) -> int:
    """Play and print."""
    try:
        replies = [line.strip() for line in args.script.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as error:
        print(f"cannot read the script: {error}", file=sys.stderr)
        return 2
    core = Core.from_args(args)
    if args.scenario not in core.practice.library.scenarios:
        print(f"unknown scenario '{args.scenario}'; see `oefenavond scenarios`", file=sys.stderr)
        return 2
    result = play(core, args.scenario, replies, args.seed)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    start = result["start"]
    print(f"{args.scenario} (seed {result['seed']}) — emotie {start['emotion']}, vertrouwen {start['trust']}")
    print(f"BEWONER: {result['opening']}")
    for number, turn in enumerate(result["turns"], 1):
        a = turn["assessment"]
        print(f"\n{number}. U: {turn['reply']}")
        print(f"   zetten: {', '.join(turn['moves']) or '-'} | LSD {a['lsd']} | score {a['score']}")
        print(f"   feedback: {a['feedback']}")
        if a["better_reply"]:
            print(f"   beter: {a['better_reply']}")
        print(f"   [emotie {turn['emotion']}, vertrouwen {turn['trust']}, fase {turn['stage']}]")
        print(f"   BEWONER: {turn['resident']}")
    outcome, card = result["outcome"], result["scorecard"]
    print(f"\nUitkomst: {outcome['result']} na {outcome['turns']} beurten; vraag achter de vraag "
          f"{'gevonden in beurt ' + str(outcome['concern_turn']) if outcome['concern_uncovered'] else 'niet gevonden'}")
    if card:
        print(f"Cijfer: {card['grade']}")
        for line in card["explanation"]:
            print(f"  {line}")
    return 0
