"""Dates, numbers and names as Dutch readers expect them (Jinja filters and plain functions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from oefenavond.scenario import Library

try:
    LOCAL = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
    LOCAL = ZoneInfo("UTC")


def local(moment: datetime) -> datetime:
    """``moment`` in Dutch local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL)


def when(moment: datetime | None) -> str:
    """23-11-2025 19:30."""
    return "" if moment is None else local(moment).strftime("%d-%m-%Y %H:%M")


def day(moment: datetime | date | None) -> str:
    """23-11-2025."""
    if moment is None:
        return ""
    value = local(moment) if isinstance(moment, datetime) else moment
    return value.strftime("%d-%m-%Y")


def decimal(value: float | None, places: int = 1, empty: str = "—") -> str:
    """6,5 (a decimal comma); ``empty`` for None."""
    return empty if value is None else f"{float(value):.{places}f}".replace(".", ",")


def scenario_title(library: Library, scenario_id: str, unknown: str) -> str:
    """The scenario's title with its resident, or ``unknown`` filled with the id."""
    scenario = library.scenarios.get(scenario_id)
    if scenario is None:
        return unknown.format(id=scenario_id)
    return f"{scenario.title} ({scenario.resident.name})"


def signed(change: int) -> str:
    """+2, −1, ±0."""
    return f"+{change}" if change > 0 else f"−{-change}" if change < 0 else "±0"


def move_names(labels: Iterable[str], names: Mapping[str, str]) -> str:
    """"Open vraag, Samenvatten" for labels, in the order given."""
    return ", ".join(names.get(label, label) for label in labels)
