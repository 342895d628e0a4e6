"""The load generator's limits: loopback addresses only, bounded count and time."""

from __future__ import annotations

from urllib.parse import urlsplit

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_TRAINEES = 200
MAX_TURNS = 50
MAX_SECONDS = 1800.0


class LimitError(ValueError):
    """A target that is not on this machine, or a run that would not be bounded."""


def check_loopback(url: str, what: str) -> None:
    """Refuse any URL whose host is not a loopback address (SQLite files are local anyway)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return
    if parts.hostname not in LOOPBACK:
        raise LimitError(f"{what} must be on 127.0.0.1 (loopback only), not {parts.hostname!r}")


def check_bounds(trainees: int, turns: int, seconds: float) -> None:
    """Refuse runs beyond the limits above."""
    if not 1 <= trainees <= MAX_TRAINEES:
        raise LimitError(f"trainees must be 1-{MAX_TRAINEES}, not {trainees}")
    if not 1 <= turns <= MAX_TURNS:
        raise LimitError(f"turns must be 1-{MAX_TURNS}, not {turns}")
    if not 0 < seconds <= MAX_SECONDS:
        raise LimitError(f"the time limit must be 0-{MAX_SECONDS:.0f} s, not {seconds}")
