"""The trainer review in Debian's Chromium (Playwright) against the real stack, on SQLite and on
PostgreSQL: sign-in, list filters, transcript, comment, correction, progress chart, PDF export.

The conversations are real: registered like the web chat does and played through Rasa's REST
channel (action server, core, SQL tracker store). The first trainer is created with the command
an admin uses (`oefenavond users add`). Screenshots go to var/screenshots/review-*.png.
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from storage import accounts, conversations
from storage.database import Database
from tests.conftest import ROOT, RunningStack, need, start_stack, stop_stack
from tests.storage.conftest import POSTGRES_SERVER, postgres_available

pytestmark = [pytest.mark.stack, pytest.mark.browser]

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "var" / "screenshots"
PASSWORD = "trainer-wachtwoord-1"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
LONG = "Onverbrekelijk" * 40
SCRIPTS = ROOT / "tests" / "data" / "scripts"
TIMEOUT = 20_000


@dataclass
class Scene:
    """A stack with a trainer, trainees and conversations played over REST."""

    stack: RunningStack
    database_url: str
    ids: dict[str, int] = field(default_factory=dict)
    senders: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)


def say(stack: RunningStack, sender: str, message: str) -> dict[str, Any] | None:
    """One message over Rasa's REST channel; the custom payload of the answer."""
    body = json.dumps({"sender": sender, "message": message, "metadata": {"channel": "test"}}).encode()
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answers = json.load(response)
    return next((m["custom"]["data"] for m in answers if "custom" in m), None)


def play(scene: Scene, key: str, trainee: str, scenario: str, channel: str, replies: list[str]) -> None:
    """Register a conversation (as the web chat and bot do) and play it over REST."""
    sender = f"{'tg' if channel == 'telegram' else 'web'}-review-{uuid.uuid4().hex[:12]}"
    db = Database(scene.database_url)
    try:
        found = conversations.start_conversation(sender, scene.ids[trainee], scenario, channel, "oefen", db=db)
    finally:
        db.dispose()
    opening = say(scene.stack, sender, "/start_scenario" + json.dumps({"scenario_id": scenario, "seed": "3"}))
    assert opening and opening["type"] == "opening"
    for reply in replies:
        payload = say(scene.stack, sender, reply)
        if payload and payload.get("state", {}).get("ended"):
            break
    scene.ids[f"c_{key}"], scene.senders[key] = found.id, sender


def script(scenario: str, kind: str) -> list[str]:
    """A trainee script from tests/data/scripts."""
    return [line for line in (SCRIPTS / scenario / f"{kind}.txt").read_text(encoding="utf-8").splitlines() if line]


def create_trainer_with_the_command(scene: Scene, username: str, admin: bool = False) -> None:
    """`oefenavond users add` as an admin runs it, password on standard input."""
    command = [str(ROOT / ".venv" / "bin" / "oefenavond"), "users", "add", username, "--password-stdin",
               "--name", username.capitalize() + " Trainer"]
    if admin:
        command.append("--admin")
    env = dict(scene.stack.env, DATABASE_URL=scene.database_url)
    result = subprocess.run(command, input=PASSWORD + "\n", capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "created" in result.stdout


def build_scene(stack: RunningStack, database_url: str) -> Scene:
    """Trainers (by command), a group with three trainees, four conversations over REST."""
    scene = Scene(stack, database_url)
    create_trainer_with_the_command(scene, "anna")
    create_trainer_with_the_command(scene, "beheer", admin=True)
    db = Database(database_url)
    try:
        anna = accounts.trainer_by_username("anna", db=db)
        assert anna is not None
        group = accounts.create_group("Groep maart", anna.id, db=db)
        scene.ids["group"] = group.id
        for key, name in (("sanne", "Sanne de Vries"), ("noor", "Noor " + HOSTILE)):
            trainee, code = accounts.create_trainee(name, group.id, db=db)
            scene.ids[key], scene.codes[key] = trainee.id, code
    finally:
        db.dispose()
    play(scene, "good", "sanne", "azc-onveilig", "web", script("azc-onveilig", "good"))
    play(scene, "bad", "sanne", "azc-onveilig", "telegram", script("azc-onveilig", "bad"))
    play(scene, "bos", "sanne", "bos-kap", "web", script("bos-kap", "good")[:3])
    play(scene, "hostile", "noor", "bos-kap", "web", [HOSTILE, LONG, "Wat bedoelt u precies?"])
    return scene


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def scene(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    """The review's scene on the session's SQLite stack, or on a stack of its own on PostgreSQL."""
    if request.param == "sqlite":
        stack: RunningStack = request.getfixturevalue("stack")
        yield build_scene(stack, stack.database_url)
        return
    need(postgres_available(), "PostgreSQL is not reachable on 127.0.0.1:5432 (user postgres, trust auth)")
    name = f"oefenavond_e2e_{uuid.uuid4().hex[:12]}"
    server = sa.create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    running = start_stack(tmp_path_factory.mktemp("review-pg"), {"DATABASE_URL": url})
    try:
        yield build_scene(running, url)
    finally:
        stop_stack(running)
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless."""
    need(CHROMIUM.exists(), f"{CHROMIUM} missing: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any, scene: Scene) -> Iterator[Any]:
    """A fresh browser context; page errors and any JavaScript dialog (an XSS) fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="nl-NL", accept_downloads=True)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    opened.set_default_timeout(TIMEOUT)
    yield opened
    context.close()
    assert not problems, problems


def shot(page: Any, name: str, full: bool = False) -> None:
    """A screenshot under var/screenshots/ (git-ignored)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def sign_in(page: Any, scene: Scene, username: str = "anna", password: str = PASSWORD) -> None:
    """Through the review's sign-in form."""
    page.goto(f"{scene.stack.web_url}/review/inloggen")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form.stack button[type=submit]")


def no_horizontal_scroll(page: Any) -> None:
    """Nothing (a long unbroken reply, say) makes the page wider than the window."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_sign_in(page: Any, scene: Scene) -> None:
    sign_in(page, scene, password="verkeerd")
    assert page.locator("#login-error").inner_text().startswith("Gebruikersnaam of wachtwoord klopt niet")
    shot(page, f"review-inloggen-{scene.stack.database_url.split(':')[0]}")
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r".*/review/gesprekken$"))
    assert "Ingelogd als Anna Trainer (trainer)" in page.locator("header").inner_text()
    page.click("#sign-out")
    page.wait_for_url(re.compile(r".*/review/inloggen\?uitgelogd=1$"))


def test_list_filters(page: Any, scene: Scene) -> None:
    sign_in(page, scene)
    page.wait_for_url(re.compile(r".*/review/gesprekken$"))
    rows = page.locator("#conversations tbody tr")
    assert rows.count() == 4
    shot(page, "review-gesprekken")
    page.select_option("#f-kanaal", "telegram")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r".*kanaal=telegram.*"))
    assert rows.count() == 1 and page.locator("#total").inner_text() == "1 gesprek(ken)"
    page.select_option("#f-kanaal", "")
    page.select_option("#f-scenario", "bos-kap")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r".*scenario=bos-kap.*"))
    assert rows.count() == 2
    page.select_option("#f-scenario", "")
    page.select_option("#f-vraag", "ja")
    page.select_option("#f-sorteer", "cijfer")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r".*vraag=ja.*"))
    assert rows.count() >= 1
    grades = [float(g.replace(",", ".")) for g in page.locator("#conversations .grade-cell").all_inner_texts()]
    assert grades == sorted(grades, reverse=True)
    page.fill("#f-cijfer-min", "9,9")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r".*cijfer_min=9%2C9.*"))
    assert page.locator("#empty").is_visible()


def test_transcript_comment_and_correction(page: Any, scene: Scene) -> None:
    sign_in(page, scene)
    page.goto(f"{scene.stack.web_url}/review/gesprekken/{scene.ids['c_bad']}")
    turns = page.locator("li.card.turn")
    assert turns.count() >= 2  # the resident may walk away early
    first = page.locator("#beurt-1")
    assert first.locator(".reply-text").inner_text() == script("azc-onveilig", "bad")[0]
    assert "% zeker" in first.inner_text() and "Luisteren" in first.inner_text()
    assert page.locator(".missed").count() >= 1
    page.fill("#comment-gesprek", "Let op: eerst de emotie erkennen, dan pas uitleggen.")
    page.click("#opmerkingen form.comment-form button")
    page.wait_for_url(re.compile(r".*gedaan=opmerking.*"))
    assert "Let op: eerst de emotie erkennen" in page.locator("#opmerkingen").inner_text()
    first.locator("details.correct summary").click()
    for box in first.locator("input[type=checkbox]:checked").all():
        box.uncheck()
    first.locator("input[name=segment-1][value=emotie_benoemen]").check()
    first.locator("input[name=segment-1][value=open_vraag]").check()
    first.locator("form.correction-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*gedaan=correctie.*"))
    assert page.locator("#notice").inner_text() == "De correctie van beurt 1 is opgeslagen."
    first = page.locator("#beurt-1")
    assert first.locator(".corrected-chip").is_visible()
    assert sorted(first.locator(".moves .chip").evaluate_all("els => els.map(e => e.dataset.move)")) == [
        "emotie_benoemen",
        "open_vraag",
    ]
    assert page.locator("#corrected-note").is_visible()
    shot(page, "review-gesprek")
    page.goto(f"{scene.stack.web_url}/review/correcties")
    assert page.locator("#move-errors tr[data-move=emotie_benoemen]").is_visible()
    shot(page, "review-correcties")
    # The trainee sees the comment and the correction in their own debrief.
    trainee = page.context.browser.new_context(locale="nl-NL").new_page()
    trainee.goto(f"{scene.stack.web_url}/inloggen")
    trainee.fill("#code", scene.codes["sanne"])
    trainee.click("form.stack button[type=submit]")
    trainee.wait_for_url(re.compile(r".*/oefenen$"))
    trainee.goto(f"{scene.stack.web_url}/mijn-gesprekken")
    assert "1 opmerking(en) van uw trainer" in trainee.locator("#my-conversations").inner_text()
    trainee.goto(f"{scene.stack.web_url}/gesprek/{scene.senders['bad']}/nabespreking")
    assert "Let op: eerst de emotie erkennen" in trainee.locator("#trainer-comments").inner_text()
    assert trainee.locator(".corrected-note").count() == 1
    trainee.context.close()


def test_hostile_transcript_is_text(page: Any, scene: Scene) -> None:
    sign_in(page, scene)
    page.goto(f"{scene.stack.web_url}/review/gesprekken/{scene.ids['c_hostile']}")
    replies = page.locator(".reply-text").all_inner_texts()
    assert replies[0] == HOSTILE and replies[1] == LONG
    assert page.locator("img[src=x]").count() == 0 and page.locator("main script").count() == 0
    no_horizontal_scroll(page)
    assert "Noor <script>" in page.locator("h1").inner_text()


def test_progress_chart_and_group(page: Any, scene: Scene) -> None:
    sign_in(page, scene)
    page.goto(f"{scene.stack.web_url}/review/deelnemers/{scene.ids['sanne']}")
    lsd = page.locator("svg#lsd-grafiek")
    assert lsd.is_visible() and lsd.get_attribute("role") == "img"
    assert lsd.locator("circle").count() == 9  # three conversations, three LSD lines
    assert page.locator("svg#cijfer-grafiek circle").count() == 3
    assert page.locator("svg#cijfer-grafiek title").first.text_content() == "Cijfer per gesprek (1 tot 10)"
    shot(page, "review-voortgang")
    page.goto(f"{scene.stack.web_url}/review/groepen/{scene.ids['group']}")
    assert page.locator("svg#verdeling rect").count() >= 2
    page.fill("#trainee-name", "Fatma Yılmaz")
    page.click("#new-trainee button")
    code = page.locator("#code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4} [A-Z2-9]{4}", code)
    shot(page, "review-code")
    page.goto(f"{scene.stack.web_url}/review/groepen/{scene.ids['group']}")
    assert code not in page.content() and "Fatma Yılmaz" in page.locator("#trainees").inner_text()
    shot(page, "review-groep", full=True)


def test_pdf_and_csv_export(page: Any, scene: Scene, tmp_path: Path) -> None:
    sign_in(page, scene)
    page.goto(f"{scene.stack.web_url}/review/gesprekken/{scene.ids['c_good']}")
    with page.expect_download() as download:
        page.click("#pdf-link")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"gesprek-{scene.ids['c_good']}.pdf"
    body = saved.read_bytes()
    assert body.startswith(b"%PDF-") and len(re.findall(rb"/Type /Page\b", body)) >= 2
    page.goto(f"{scene.stack.web_url}/review/groepen/{scene.ids['group']}")
    with page.expect_download() as download:
        page.click("#csv-link")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("deelnemer;groep;scenario") and "Sanne de Vries" in text


def test_admin_sees_the_audit_log(page: Any, scene: Scene) -> None:
    sign_in(page, scene, "beheer")
    page.goto(f"{scene.stack.web_url}/review/audit")
    log = page.locator("#audit").inner_text()
    assert "trainer aangemaakt" in log and "opdrachtregel" in log  # `oefenavond users add`
    assert "gesprek als PDF geëxporteerd" in log and "zetten gecorrigeerd" in log
    shot(page, "review-audit")
