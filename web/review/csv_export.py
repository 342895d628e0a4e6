"""A group's results as CSV (one row per conversation), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from storage.conversation_list import ListedConversation
from web.review.formatting import decimal, when

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A cell that a spreadsheet will not run as a formula (names come from people)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def results_csv(
    rows: Sequence[ListedConversation], title: Callable[[str], str], texts: Mapping[str, Any]
) -> str:
    """The CSV text: a header from texts.csv.columns, then one line per conversation."""
    common = texts["common"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(texts["csv"]["columns"])
    for row in rows:
        info = row.info
        concern = "" if row.concern_found is None else common["answer_yes" if row.concern_found else "answer_no"]
        writer.writerow(
            [
                cell(info.trainee_name),
                cell(info.group_name),
                cell(title(info.scenario_id)),
                common["channels"].get(info.channel, info.channel),
                common["modes"].get(info.mode, info.mode),
                when(info.started_at),
                "" if row.turns is None else row.turns,
                decimal(row.grade, empty=""),
                concern,
                common["outcomes"].get(row.outcome or "", row.outcome or ""),
                decimal(row.luisteren, 2, ""),
                decimal(row.samenvatten, 2, ""),
                decimal(row.doorvragen, 2, ""),
                row.corrected_turns,
            ]
        )
    return buffer.getvalue()
