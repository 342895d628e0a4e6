"""The review's conversation list: filters, sorting and paging over conversations and summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from storage.database import Database, resolve
from storage.models import ConversationRow, GroupRow, SummaryRow, TraineeRow
from storage.scope import ConversationInfo, Viewer, conversation_columns, conversation_info, visible_trainee_ids

SORTS = ("datum", "cijfer", "deelnemer", "scenario", "beurten")
PER_PAGE = 50


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to; None means no restriction."""

    trainee_id: int | None = None
    group_id: int | None = None
    scenario_id: str | None = None
    channel: str | None = None
    started_from: datetime | None = None
    started_before: datetime | None = None
    grade_min: float | None = None
    grade_max: float | None = None
    concern: bool | None = None
    sort: str = "datum"
    descending: bool = True
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class ListedConversation:
    """One row of the list."""

    info: ConversationInfo
    turns: int | None
    grade: float | None
    concern_found: bool | None
    outcome: str | None
    ended: bool | None
    luisteren: float | None
    samenvatten: float | None
    doorvragen: float | None
    corrected_turns: int


@dataclass(frozen=True)
class ConversationPage:
    """A page of the list and the size of the whole filtered list."""

    rows: list[ListedConversation]
    total: int
    page: int
    per_page: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", max(1, -(-self.total // self.per_page)))


def _where(query: sa.sql.Select, viewer: Viewer, filters: Filters) -> sa.sql.Select:
    query = query.where(ConversationRow.trainee_id.in_(visible_trainee_ids(viewer)))
    conditions = []
    if filters.trainee_id is not None:
        conditions.append(ConversationRow.trainee_id == filters.trainee_id)
    if filters.group_id is not None:
        conditions.append(TraineeRow.group_id == filters.group_id)
    if filters.scenario_id:
        conditions.append(ConversationRow.scenario_id == filters.scenario_id)
    if filters.channel:
        conditions.append(ConversationRow.channel == filters.channel)
    if filters.started_from is not None:
        conditions.append(ConversationRow.started_at >= filters.started_from)
    if filters.started_before is not None:
        conditions.append(ConversationRow.started_at < filters.started_before)
    if filters.grade_min is not None:
        conditions.append(SummaryRow.grade >= filters.grade_min)
    if filters.grade_max is not None:
        conditions.append(SummaryRow.grade <= filters.grade_max)
    if filters.concern is not None:
        conditions.append(SummaryRow.concern_found.is_(filters.concern))
    return query.where(*conditions)


def _order(filters: Filters) -> list[sa.sql.ColumnElement]:  # type: ignore[type-arg]
    column = {
        "datum": ConversationRow.started_at,
        "cijfer": SummaryRow.grade,
        "deelnemer": TraineeRow.name,
        "scenario": ConversationRow.scenario_id,
        "beurten": SummaryRow.turns,
    }.get(filters.sort, ConversationRow.started_at)
    direction = column.desc() if filters.descending else column.asc()
    # Conversations without a grade yet go last either way; the id keeps pages stable.
    tie = ConversationRow.id.desc() if filters.descending else ConversationRow.id.asc()
    return [sa.case((column.is_(None), 1), else_=0), direction, tie]


def list_conversations(viewer: Viewer, filters: Filters, *, db: Database | None = None) -> ConversationPage:
    """The page of conversations ``viewer`` may see that match ``filters``."""
    base = conversation_columns().outerjoin(SummaryRow, SummaryRow.conversation_id == ConversationRow.id)
    query = _where(
        base.add_columns(
            SummaryRow.turns,
            SummaryRow.grade,
            SummaryRow.concern_found,
            SummaryRow.outcome,
            SummaryRow.ended,
            SummaryRow.luisteren,
            SummaryRow.samenvatten,
            SummaryRow.doorvragen,
            SummaryRow.corrected_turns,
        ),
        viewer,
        filters,
    )
    count = _where(
        sa.select(sa.func.count())
        .select_from(ConversationRow)
        .join(TraineeRow, TraineeRow.id == ConversationRow.trainee_id)
        .join(GroupRow, GroupRow.id == TraineeRow.group_id)
        .outerjoin(SummaryRow, SummaryRow.conversation_id == ConversationRow.id),
        viewer,
        filters,
    )
    per_page = max(1, min(filters.per_page, 500))
    with resolve(db).session() as session:
        total = int(session.execute(count).scalar_one())
        pages = max(1, -(-total // per_page))
        page = max(1, min(filters.page, pages))
        rows = session.execute(query.order_by(*_order(filters)).limit(per_page).offset((page - 1) * per_page)).all()
    return ConversationPage(
        rows=[
            ListedConversation(
                info=conversation_info(row),
                turns=row.turns,
                grade=row.grade,
                concern_found=row.concern_found,
                outcome=row.outcome,
                ended=row.ended,
                luisteren=row.luisteren,
                samenvatten=row.samenvatten,
                doorvragen=row.doorvragen,
                corrected_turns=row.corrected_turns or 0,
            )
            for row in rows
        ],
        total=total,
        page=page,
        per_page=per_page,
    )


def scenario_ids(viewer: Viewer, *, db: Database | None = None) -> list[str]:
    """The scenarios of the conversations ``viewer`` may see (for the filter's choices)."""
    query = (
        sa.select(ConversationRow.scenario_id)
        .where(ConversationRow.trainee_id.in_(visible_trainee_ids(viewer)))
        .distinct()
        .order_by(ConversationRow.scenario_id)
    )
    with resolve(db).session() as session:
        return list(session.execute(query).scalars())


def conversations_of(
    viewer: Viewer, *, trainee_id: int | None = None, group_id: int | None = None, db: Database | None = None
) -> list[ListedConversation]:
    """Every conversation of a trainee or a group in scope, oldest first (for charts and exports)."""
    filters = Filters(trainee_id=trainee_id, group_id=group_id, sort="datum", descending=False, per_page=500)
    rows: list[ListedConversation] = []
    page = 1
    while True:
        found = list_conversations(viewer, Filters(**{**filters.__dict__, "page": page}), db=db)
        rows.extend(found.rows)
        if page >= found.pages:
            return rows
        page += 1
