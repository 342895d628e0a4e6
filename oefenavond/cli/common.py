"""What the subcommands share: the core with or without the trained classifier."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from oefenavond.cli.nlu import DEFAULT_MODEL, RasaClassifier
from oefenavond.moves import Analysis, Ranking, Recognition, load_dutch
from oefenavond.moves.recognizer import merge_rankings, parse_segments
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

    def rank(self, analysis: Analysis) -> list[Ranking] | None:
        """Rankings per segment, as the action server gets them from Rasa."""
        if self.classifier is None or not analysis.segments:
            return None
        if not parse_segments(analysis, self.segment_parse):
            return self.classifier.rank([analysis.reply]) * len(analysis.segments)
        *segments, message = self.classifier.rank([*(segment.text for segment in analysis.segments), analysis.reply])
        return merge_rankings(segments, message)

    def recognize(self, reply: str, context: str = "") -> Recognition:
        """The moves of one reply."""
        recognizer = self.practice.recognizer
        analysis = recognizer.analyse(reply, context)
        return recognizer.recognize(analysis, self.rank(analysis))
