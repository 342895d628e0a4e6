"""Every route of the trainer review, for web.app to mount."""

from __future__ import annotations

from starlette.routing import Route

from oefenavond.scenario import Library
from storage.database import Database
from web.rendering import Renderer
from web.review.audit_log import AuditLog
from web.review.auth import SignIn
from web.review.context import Review
from web.review.conversation_list import ConversationList
from web.review.correction_report import CorrectionReport
from web.review.exports import Exports
from web.review.groups import GroupScreens
from web.review.trainee_view import MyConversations
from web.review.trainees import TraineeScreens
from web.review.transcript import TranscriptScreen


def review_routes(db: Database, library: Library, renderer: Renderer) -> list[Route]:
    """The review's routes (sign-in, screens, exports) and the trainee's own list."""
    review = Review(db, library, renderer)
    screens = (
        SignIn(review),
        ConversationList(review),
        TranscriptScreen(review),
        Exports(review),
        GroupScreens(review),
        TraineeScreens(review),
        CorrectionReport(review),
        AuditLog(review),
        MyConversations(review),
    )
    return [route for screen in screens for route in screen.routes()]
