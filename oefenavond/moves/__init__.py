"""Recognising the moves of a trainee reply (labels: ../shared/spec/moves.md)."""

from oefenavond.moves.labels import CONTACT, MOVES, NO_MOVE, TEFLON
from oefenavond.moves.lexicon import Lexicon
from oefenavond.moves.recognizer import MoveHit, MoveRecognizer, Ranking, Recognition
from oefenavond.moves.text import Analysis, Segment, TextAnalyser, load_dutch

__all__ = [
    "CONTACT",
    "MOVES",
    "NO_MOVE",
    "TEFLON",
    "Analysis",
    "Lexicon",
    "MoveHit",
    "MoveRecognizer",
    "Ranking",
    "Recognition",
    "Segment",
    "TextAnalyser",
    "load_dutch",
]
