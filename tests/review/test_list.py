"""The conversation list: every filter, sorting, paging over thousands, summaries kept current."""

from __future__ import annotations

import re
import time
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from storage import summaries
from storage.models import ConversationRow, SummaryRow
from storage.scope import Viewer, visible_trainee_ids
from tests.review.conftest import World, csrf
from tests.storage.rasa_events import add_slot


def rows(page: str) -> list[str]:
    """The conversation ids of a list page, in order."""
    return re.findall(r'<tr data-conversation="(\d+)">', page)


def test_each_filter_narrows_the_list(world: World) -> None:
    admin = world.login("beheer")
    ids = {key: str(world.ids[f"c_{key}"]) for key in ("good", "bad", "hostile", "other")}
    cases = {
        "": {"good", "bad", "hostile", "other"},
        f"deelnemer={world.ids['sanne']}": {"good", "bad"},
        f"groep={world.ids['group_b']}": {"other"},
        "scenario=bos-kap": {"hostile", "other"},
        "kanaal=telegram": {"bad"},
        "kanaal=web": {"good", "hostile", "other"},
        "van=2025-03-05&tot=2025-04-02": {"bad", "hostile"},
        "tot=2025-03-01": {"good"},
        "vraag=ja": {"good", "other"},
        "vraag=nee": {"bad", "hostile"},
        "cijfer_min=7": {"good", "other"},
        "cijfer_max=5,5": {"bad", "hostile"},
        "cijfer_min=7&kanaal=web&deelnemer=" + str(world.ids["sanne"]): {"good"},
    }
    for query, expected in cases.items():
        page = admin.get(f"/review/gesprekken?{query}").text
        assert set(rows(page)) == {ids[key] for key in expected}, query
        assert f"{len(expected)} gesprek(ken)" in page


def test_filters_are_kept_in_the_form_and_bad_values_are_named(world: World) -> None:
    page = world.login("anna").get("/review/gesprekken?kanaal=web&cijfer_min=elf&van=gisteren&vraag=ja").text
    assert 'value="web" selected' in page and 'value="ja" selected' in page
    assert "die filters zijn genegeerd: cijfer_min, van" in page


def test_sorting(world: World) -> None:
    admin = world.login("beheer")
    by_date = rows(admin.get("/review/gesprekken").text)
    assert by_date == [str(world.ids[f"c_{k}"]) for k in ("other", "hostile", "bad", "good")]
    assert rows(admin.get("/review/gesprekken?richting=op").text) == by_date[::-1]
    grades = admin.get("/review/gesprekken?sorteer=cijfer&richting=af").text
    shown = [float(g.replace(",", ".")) for g in re.findall(r'class="num grade-cell">([\d,]+)', grades)]
    assert shown == sorted(shown, reverse=True) and len(shown) == 4
    names = rows(admin.get("/review/gesprekken?sorteer=deelnemer&richting=op").text)
    assert names[-1] in {str(world.ids["c_good"]), str(world.ids["c_bad"])}  # Sanne after Bram and "<script…"


def test_summaries_follow_the_tracker(world: World, played) -> None:  # type: ignore[no-untyped-def]
    anna = world.login("anna")
    before = set(rows(anna.get("/review/gesprekken?vraag=ja").text))
    assert str(world.ids["c_bad"]) not in before
    # The conversation goes on in Rasa: a newer slot event makes its summary stale and recomputed.
    add_slot(world.db, world.senders["bad"], played["good"].state)
    after = set(rows(anna.get("/review/gesprekken?vraag=ja").text))
    assert str(world.ids["c_bad"]) in after


def test_thousands_of_conversations_page_quickly(world: World) -> None:
    started = datetime(2024, 1, 1, tzinfo=timezone.utc)
    with world.db.engine.begin() as connection:
        connection.execute(
            sa.insert(ConversationRow),
            [
                {
                    "sender_id": f"bulk-{uuid.uuid4().hex}",
                    "trainee_id": world.ids["bram"],
                    "scenario_id": "bos-kap",
                    "channel": "web" if i % 3 else "telegram",
                    "mode": "oefen",
                    "started_at": started + timedelta(minutes=i),
                }
                for i in range(3000)
            ],
        )
    bert = world.login("bert")
    begin = time.monotonic()
    first = bert.get("/review/gesprekken")
    assert first.status_code == 200 and "3001 gesprek(ken)" in first.text
    assert "Pagina 1 van 61" in first.text and len(rows(first.text)) == 50
    again = time.monotonic()
    last = bert.get("/review/gesprekken?pagina=61")
    assert time.monotonic() - again < 3, "a page of a list whose summaries are current is quick"
    assert len(rows(last.text)) == 1 and 'id="next-page"' not in last.text
    assert time.monotonic() - begin < 60
    telegram = bert.get("/review/gesprekken?kanaal=telegram&pagina=2").text
    assert "1000 gesprek(ken)" in telegram and "Pagina 2 van 20" in telegram
    assert 'href="/review/gesprekken?kanaal=telegram&amp;pagina=3"' in telegram
    berts = visible_trainee_ids(Viewer("trainer", world.ids["bert"], "Bert"))
    assert summaries.stale(world.db, berts) == []
    assert len(summaries.stale(world.db)) == 3  # Anna's conversations wait until someone lists them
    with world.db.session() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(SummaryRow)).scalar_one() == 3001


def test_the_list_needs_no_csrf_but_forms_on_it_do(world: World) -> None:
    anna = world.login("anna")
    assert csrf(anna, "/review/gesprekken")  # the sign-out form carries the token
