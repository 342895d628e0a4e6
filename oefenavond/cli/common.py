"""What the subcommands share: the core with or without the trained classifier."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from oefenavond.cli.nlu import DEFAULT_MODEL, RasaClassifier
from oefenavond.moves import Analysis, Ranking, Recognition, load_dutch
from oefenavond.moves.recognizer import parse_segments
from oefenavond.practice import Practice
from oefenavond.settings import Settings


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """--model PATH and --no-model."""
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="trained Rasa model (default: %(default)s)")
    parser.add_argument("--no-model", action="store_true", help="linguistic evidence only, without the NLU classifier")
    parser.add_argument("--no-segment-parse", action="store_true",
                        help="classify the whole reply only, as the action server with SEGMENT_PARSE=false")


@dataclass
class Core:
    """The practice core plus, unless --no-model, the trained classifier."""

    model: Path | None
    segment_parse: bool = True

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Core:
        """From --model / --no-model / --no-segment-parse."""
        return cls(None if args.no_model else args.model, not args.no_segment_parse)

    @cached_property
    def practice(self) -> Practice:
        """Scenarios, recognizer and assessor."""
        return Practice.create(load_dutch(), Settings.from_env().scenario_dir)

    @cached_property
    def classifier(self) -> RasaClassifier | None:
        """The trained classifier, or None."""
        return RasaClassifier(self.model) if self.model else None

    def parses(self, analysis: Analysis) -> list[dict[str, Any]] | None:
        """Rasa's parses of each segment and then the whole reply, or of the whole reply alone."""
        if self.classifier is None or not analysis.segments:
            return None
        segments = [s.text for s in analysis.segments] if parse_segments(analysis, self.segment_parse) else []
        return self.classifier.parse([*segments, analysis.reply])

    def rank(self, analysis: Analysis) -> list[Ranking] | None:
        """Rankings per segment, as the action server gets them from Rasa."""
        parses = self.parses(analysis)
        if parses is None:
            return None
        return self.practice.recognizer.rankings_from_parses(analysis, parses)

    def recognize(self, reply: str, context: str = "") -> Recognition:
        """The moves of one reply."""
        recognizer = self.practice.recognizer
        analysis = recognizer.analyse(reply, context)
        return recognizer.recognize(analysis, self.rank(analysis))
