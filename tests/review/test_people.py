"""Groups and trainees in the web UI: codes shown once, progress charts, results as CSV, and
deleting a trainee with everything of theirs after a confirmation.
"""

from __future__ import annotations

import csv
import io
import re

import sqlalchemy as sa

from storage import accounts, comments, corrections
from storage.models import AuditRow, CommentRow, CorrectionRow, SummaryRow
from storage.scope import Viewer
from tests.review.conftest import HOSTILE, World, csrf
from tests.storage.rasa_events import count_events


def test_a_trainer_creates_a_group_and_a_trainee_whose_code_works_once_shown(world: World) -> None:
    anna = world.login("anna")
    created = anna.post("/review/groepen", data={"name": "Groep april", "csrf_token": csrf(anna, "/review/groepen")},
                        follow_redirects=False)
    assert created.status_code == 303
    group_page = anna.get(created.headers["location"]).text
    assert "Groep ‘Groep april’ is aangemaakt." in group_page
    group_id = int(created.headers["location"].split("/")[-1].split("?")[0])
    assert accounts.get_group(group_id, db=world.db).trainer_id == world.ids["anna"]  # type: ignore[union-attr]
    page = anna.post(f"/review/groepen/{group_id}/deelnemers",
                     data={"name": "Fatma Yılmaz", "csrf_token": csrf(anna, f"/review/groepen/{group_id}")})
    assert page.status_code == 201 and "Persoonlijke code voor Fatma Yılmaz" in page.text
    assert page.headers["cache-control"] == "no-store"
    code = re.search(r'<p class="code" id="code">(\w{4}) (\w{4})</p>', page.text)
    assert code
    trainee = accounts.trainee_by_code(code.group(1) + code.group(2), db=world.db)
    assert trainee is not None and trainee.group_id == group_id
    assert code.group(1) not in anna.get(f"/review/groepen/{group_id}").text  # never shown again
    token = csrf(anna, "/review/groepen")
    empty = anna.post(f"/review/groepen/{group_id}/deelnemers", data={"name": " ", "csrf_token": token})
    assert empty.status_code == 400 and "Geef de deelnemer een naam" in empty.text


def test_an_admin_creates_a_group_for_another_trainer(world: World) -> None:
    admin = world.login("beheer")
    page = admin.get("/review/groepen").text
    assert 'id="group-owner"' in page and "Bert Trainer (bert)" in page
    admin.post("/review/groepen", data={"name": "Voor Bert", "owner": str(world.ids["bert"]),
                                        "csrf_token": csrf(admin, "/review/groepen")})
    assert "Voor Bert" in world.login("bert").get("/review/groepen").text
    assert 'id="group-owner"' not in world.login("bert").get("/review/groepen").text


def test_a_new_code_replaces_the_old_one(world: World) -> None:
    anna = world.login("anna")
    trainee = world.ids["sanne"]
    page = anna.post(f"/review/deelnemers/{trainee}/nieuwe-code",
                     data={"csrf_token": csrf(anna, f"/review/deelnemers/{trainee}")}).text
    code = re.search(r'id="code">(\w{4}) (\w{4})<', page)
    assert code
    assert accounts.trainee_by_code(world.codes["sanne"], db=world.db) is None
    assert accounts.trainee_by_code(code.group(1) + code.group(2), db=world.db).id == trainee  # type: ignore[union-attr]


def test_progress_page_has_svg_charts_and_a_table(world: World) -> None:
    page = world.login("anna").get(f"/review/deelnemers/{world.ids['sanne']}").text
    assert "Voortgang van Sanne de Vries" in page
    for chart in ("lsd-grafiek", "cijfer-grafiek"):
        svg = page.split(f'<svg class="chart" id="{chart}"')[1].split("</svg>")[0]
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        assert svg.count("<circle") == (6 if chart == "lsd-grafiek" else 2)  # two conversations
    assert page.count('class="line luisteren"') == 1 and "Gesprek 2: Bang voor de straat" in page
    assert page.count("<tr>") == 3  # header and two conversations
    assert "http" not in page.split('<div class="charts">')[1].split("</div>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )  # nothing loaded from elsewhere


def test_group_page_shows_the_distribution_per_scenario_and_exports_csv(world: World) -> None:
    anna = world.login("anna")
    group = world.ids["group_a"]
    page = anna.get(f"/review/groepen/{group}").text
    assert 'id="verdeling"' in page and "Cijfers per scenario" in page
    assert page.count('<rect class="bucket-') >= 2
    assert "Bang voor de straat" in page.split('id="scenario-stats"')[1]
    response = anna.get(f"/review/groepen/{group}/resultaten.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="groep-' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["deelnemer", "groep", "scenario"] and len(rows) == 4
    hostile = next(row for row in rows if "script" in row[0])
    assert hostile[0] == HOSTILE  # does not start with a formula character: unchanged
    assert "Bram" not in response.text


def test_formula_names_are_defused_in_csv(world: World) -> None:
    from storage import conversations

    trainee, _ = accounts.create_trainee('=HYPERLINK("http://x")', world.ids["group_a"], db=world.db)
    conversations.start_conversation("web-formula", trainee.id, "bos-kap", "web", "oefen", db=world.db)
    text = world.login("anna").get(f"/review/groepen/{world.ids['group_a']}/resultaten.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_deleting_a_trainee_needs_the_name_and_removes_everything(world: World) -> None:
    anna = world.login("anna")
    trainee, conversation, sender = world.ids["sanne"], world.ids["c_good"], world.senders["good"]
    viewer = Viewer("trainer", world.ids["anna"], "Anna Trainer")
    comments.add_comment(conversation, viewer, "Persoonlijke opmerking", db=world.db)
    corrections.save_correction(conversation, 1, "x", [("x", ["open_vraag"])], [], viewer, db=world.db)
    anna.get("/review/gesprekken")  # summaries exist
    confirm = anna.get(f"/review/deelnemers/{trainee}/verwijderen").text
    assert "alle 2 gesprek(ken)" in confirm and "Rasa" in confirm
    wrong = anna.post(f"/review/deelnemers/{trainee}/verwijderen",
                      data={"confirm": "Sanne", "csrf_token": csrf(anna, "/review/gesprekken")})
    assert wrong.status_code == 400 and "er is niets verwijderd" in wrong.text
    assert accounts.get_trainee(trainee, db=world.db) is not None and count_events(world.db, sender) > 0
    done = anna.post(f"/review/deelnemers/{trainee}/verwijderen",
                     data={"confirm": " Sanne de Vries ", "csrf_token": csrf(anna, "/review/gesprekken")})
    assert done.status_code == 200 and "Sanne de Vries is verwijderd: 2 gesprek(ken)" in done.text
    assert accounts.get_trainee(trainee, db=world.db) is None
    assert accounts.trainee_by_code(world.codes["sanne"], db=world.db) is None
    assert count_events(world.db, sender) == 0 and count_events(world.db, world.senders["bad"]) == 0
    assert count_events(world.db, world.senders["other"]) > 0  # someone else's conversation stays
    with world.db.session() as session:
        for table in (CommentRow, CorrectionRow):
            assert session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0
        summaries = session.execute(sa.select(SummaryRow.conversation_id)).scalars().all()
        assert conversation not in summaries
        entry = session.execute(sa.select(AuditRow).filter_by(action="delete_trainee")).scalar_one()
        assert entry.actor_name == "Anna Trainer" and entry.target_id == str(trainee)
        assert "Sanne" not in entry.detail  # the log keeps no personal data of the erased trainee
    assert anna.get(f"/review/gesprekken/{conversation}").status_code == 404


def test_the_audit_page_lists_views_exports_and_deletions_for_admins(world: World) -> None:
    anna, admin = world.login("anna"), world.login("beheer")
    anna.get(f"/review/gesprekken/{world.ids['c_good']}")
    anna.get(f"/review/gesprekken/{world.ids['c_good']}/pdf")
    anna.get(f"/review/groepen/{world.ids['group_a']}/resultaten.csv")
    page = admin.get("/review/audit").text
    for label in ("gesprek bekeken", "gesprek als PDF geëxporteerd", "groepsresultaten als CSV geëxporteerd",
                  "ingelogd"):
        assert label in page
    only = admin.get("/review/audit?handeling=export_pdf").text
    assert only.count('data-action="export_pdf"') == 1 and 'data-action="login"' not in only
