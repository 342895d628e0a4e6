"""The move labels of the contract (../shared/spec/moves.md), spelled exactly as there."""

from __future__ import annotations

from typing import Final

CONTACT: Final = (
    "open_vraag",
    "gesloten_vraag",
    "samenvatten",
    "emotie_benoemen",
    "uitleg_geven",
    "ruimte_benoemen",
    "procedureel_antwoord",
    "grens_stellen",
    "betrekken",
    "persoonlijk",
)
"""Moves that build contact (LSD and the guidance)."""

TEFLON: Final = ("regels_verdediging", "afwijzen", "sussen", "in_discussie")
"""The 'Teflon' moves the guidance warns against."""

MOVES: Final = CONTACT + TEFLON
"""Every move label, in the order of the spec."""

NO_MOVE: Final = "geen_zet"
"""The NLU intent for a reply that carries no move (greeting, thanks, 'oké')."""


def is_move(label: str) -> bool:
    """True for a label of the contract."""
    return label in MOVES
