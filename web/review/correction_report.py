"""The correction report: which moves the model gets wrong most, from trainers' corrections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from oefenavond.moves.labels import MOVES
from storage import audit
from storage.corrections import Correction, all_corrections
from web.review.auth import require_staff
from web.review.context import Review

RECENT = 20


@dataclass(frozen=True)
class MoveErrors:
    """For one move: how often trainers added it (missed), removed it (wrong) or kept it."""

    label: str
    missed: int
    wrong: int
    kept: int

    @property
    def errors(self) -> int:
        """Missed plus wrong."""
        return self.missed + self.wrong


@dataclass(frozen=True)
class Report:
    """Per-move errors (most first), the most frequent swaps, and the latest corrections."""

    moves: list[MoveErrors]
    confusions: list[tuple[str, str, int]]
    recent: list[Correction]
    total: int


def build_report(corrections: Sequence[Correction]) -> Report:
    """Count, per move, additions and removals by trainers against what the model found."""
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    swaps: Counter[tuple[str, str]] = Counter()
    for found in corrections:
        before, after = set(found.original_moves), set(found.moves)
        missed.update(after - before)
        wrong.update(before - after)
        kept.update(before & after)
        swaps.update((w, m) for w in before - after for m in after - before)
    moves = [MoveErrors(label, missed[label], wrong[label], kept[label]) for label in MOVES]
    moves = sorted((m for m in moves if m.errors or m.kept), key=lambda m: (-m.errors, MOVES.index(m.label)))
    confusions = [(w, m, n) for (w, m), n in swaps.most_common(10)]
    recent = sorted(corrections, key=lambda c: c.updated_at, reverse=True)[:RECENT]
    return Report(moves, confusions, recent, len(corrections))


class CorrectionReport:
    """GET /review/correcties."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """The report's route."""
        return [Route("/review/correcties", self.show, methods=["GET"])]

    async def show(self, request: Request) -> Response:
        """The report over the corrections the viewer may see."""
        viewer = await require_staff(self.review, request)
        corrections = await self.review.run(all_corrections, viewer)
        await self.review.run(audit.record, viewer, "view_corrections", "corrections")
        return self.review.page(
            request, "review/corrections.html", section="correcties", report=build_report(corrections)
        )
