"""The trainee web chat in Debian's Chromium (Playwright) against the real stack.

Sign in, pick a resident, talk, feedback and mood, debrief; toetsmodus; reload; hostile input;
Rasa stopped and started again; the action server down (the reply goes back into the input box).
Screenshots go to var/screenshots/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storage import accounts
from storage.database import Database
from tests.conftest import ROOT, RunningStack, free_port, need

pytestmark = [pytest.mark.stack, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "var" / "screenshots"
# Replies that take Ilse Jansen (azc-onveilig) from her complaint to the question behind it.
GOOD = [
    'Ik merk dat u zich echt zorgen maakt over de avond op straat. Vertelt u eens, wat maakt het voor u zo spannend?',
    "U zegt dus dat u nu al opziet tegen die route in het donker. Hoe ziet zo'n avond er voor u uit?",
    'Het klinkt alsof die weg al langer onveilig voelt, los van het AZC. Wat heeft u daar eerder meegemaakt?',
    "Als ik u goed begrijp, gaat het ook om uw dochter en om het gevoel dat er niemand kwam toen u iets"
    " meldde. Hoe is dat voor u geweest?",
    "Dat u er toen alleen voor stond en niemand u terugbelde, had niet zo mogen gaan. Wat zou u nu nodig"
    " hebben om u beschermd te voelen?",
    "Of de verlichting op het fietspad voor 1 september beter wordt, weet ik niet. Ik vraag het na en bel u"
    " vrijdag, en ik vraag de wijkagent om u zelf te bellen.",
    "Eerlijk gezegd: dat het AZC komt, staat vast. Over verlichting en looproutes kunt u echt meepraten in"
    " de begeleidingscommissie.",
    'Wilt u daarin meedenken, juist met wat u heeft meegemaakt?',
]
TIMEOUT = 20_000  # ms: one resident turn is well under a second plus the natural delay

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless."""
    need(CHROMIUM.exists(), f"{CHROMIUM} missing: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


def make_code(stack: RunningStack, name: str = "Sanne de Vries") -> str:
    """A fresh trainee in the stack's database; returns the personal code."""
    db = Database(stack.database_url)
    try:
        trainer = accounts.trainer_by_username("e2e", db=db) or accounts.create_trainer(
            "e2e", "E2E", "wachtwoord", db=db
        )
        group = accounts.create_group("E2E-groep", trainer.id, db=db)
        return accounts.create_trainee(name, group.id, db=db)[1]
    finally:
        db.dispose()


@pytest.fixture()
def page(browser: object, stack: RunningStack) -> Iterator[object]:
    """A new browser context and page; page errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")  # type: ignore[attr-defined]
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(TIMEOUT)
    yield opened
    context.close()
    assert not errors, errors


def shot(page: object, name: str) -> None:
    """A screenshot under var/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def sign_in(page: object, web_url: str, code: str) -> None:
    """Sign in through the form."""
    page.goto(f"{web_url}/inloggen")  # type: ignore[attr-defined]
    page.fill("#code", code)  # type: ignore[attr-defined]
    page.click("form.stack button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/oefenen$"))  # type: ignore[attr-defined]


def choose(page: object, scenario: str = "azc-onveilig", mode: str = "oefen") -> str:
    """Pick a resident and mode on the picker; wait for the opening line; returns the sender id."""
    page.check(f"#mode-{mode}")  # type: ignore[attr-defined]
    page.click(f"li[data-scenario={scenario}] button")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/gesprek/web-[0-9a-f]+$"))  # type: ignore[attr-defined]
    page.locator(".msg.resident").first.wait_for()  # type: ignore[attr-defined]
    return str(page.url).rsplit("/", 1)[1]  # type: ignore[attr-defined]


def residents(page: object) -> int:
    return int(page.locator(".msg.resident").count())  # type: ignore[attr-defined]


def say(page: object, text: str) -> None:
    """Type a reply, press Enter, wait until the resident has answered it."""
    before = residents(page)
    page.fill("#reply", text)  # type: ignore[attr-defined]
    page.press("#reply", "Enter")  # type: ignore[attr-defined]
    page.locator(".msg.resident").nth(before).wait_for()  # type: ignore[attr-defined]
    page.locator("#typing").wait_for(state="hidden")  # type: ignore[attr-defined]


def history(page: object, web_url: str, sender_id: str) -> dict[str, object]:
    """The conversation as the web app reads it from the tracker (with the page's session)."""
    response = page.request.get(f"{web_url}/api/gesprekken/{sender_id}/verloop")  # type: ignore[attr-defined]
    assert response.ok
    return dict(response.json())


def unlabelled_fields(page: object) -> list[str]:
    """Form fields without a label (screen readers would announce nothing)."""
    return list(page.evaluate(  # type: ignore[attr-defined]
        """() => Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
            .map(el => el.id || el.name)"""
    ))


def test_oefenmodus_conversation_feedback_mood_and_debrief(page: object, stack: RunningStack) -> None:
    code = make_code(stack)
    page.goto(f"{stack.web_url}/inloggen")  # type: ignore[attr-defined]
    shot(page, "01-inloggen")
    sign_in(page, stack.web_url, code)
    assert unlabelled_fields(page) == []
    shot(page, "02-kies-een-bewoner")
    choose(page, "azc-onveilig", "oefen")
    assert "Ilse Jansen" in page.inner_text("h1")  # type: ignore[attr-defined]
    assert unlabelled_fields(page) == []
    start_emotion = page.inner_text("#value-emotion")  # type: ignore[attr-defined]

    moods: set[str] = set()
    sent = 0
    for reply in GOOD:
        say(page, reply)
        sent += 1
        moods.add(page.inner_text("#value-emotion") + page.inner_text("#value-trust"))  # type: ignore[attr-defined]
        if sent == 2:
            shot(page, "03-gesprek-oefenmodus")
        if page.locator("#ended").is_visible():  # type: ignore[attr-defined]
            break
    assert sent >= 3
    assert page.locator(".msg.trainee").count() == sent  # type: ignore[attr-defined]
    assert page.locator(".feedback").count() == sent  # type: ignore[attr-defined]
    first = page.locator(".feedback").first  # type: ignore[attr-defined]
    assert "Gesprekstechnieken" in first.inner_text() and "LSD" in first.inner_text()
    assert re.search(r"\d+% zeker", first.inner_text())
    assert any(m != start_emotion for m in moods), "the mood meter never moved"

    page.uncheck("#feedback-toggle")  # type: ignore[attr-defined]
    assert not page.locator(".feedback").first.is_visible()  # type: ignore[attr-defined]
    page.check("#feedback-toggle")  # type: ignore[attr-defined]

    if page.locator("#ended").is_visible():  # type: ignore[attr-defined]
        page.click("#to-debrief")  # type: ignore[attr-defined]
    else:
        page.click("#finish")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/nabespreking$"))  # type: ignore[attr-defined]
    shot(page, "04-nabespreking")
    text = page.inner_text("main")  # type: ignore[attr-defined]
    assert "Scorekaart" in text and re.search(r"\d+,\d", page.inner_text("#grade"))  # type: ignore[attr-defined]
    assert "Twee jaar geleden werd ze" in page.inner_text("#hidden-concern")  # type: ignore[attr-defined]
    assert page.locator("li.turn").count() == sent  # type: ignore[attr-defined]
    assert 2 <= page.locator("#tips li").count() <= 3  # type: ignore[attr-defined]

    page.click("#again")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/gesprek/web-[0-9a-f]+$"))  # type: ignore[attr-defined]
    page.locator(".msg.resident").first.wait_for()  # type: ignore[attr-defined]
    assert page.locator(".msg.trainee").count() == 0  # type: ignore[attr-defined]


def test_toetsmodus_keyboard_only_shows_feedback_only_in_the_debrief(
    page: object, stack: RunningStack
) -> None:
    code = make_code(stack, "Bram Toets")
    page.goto(f"{stack.web_url}/inloggen")  # type: ignore[attr-defined]
    # The code field has autofocus; it takes effect after the load event, so wait for it before typing.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'code'")  # type: ignore[attr-defined]
    page.keyboard.type(code)  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/oefenen$"))  # type: ignore[attr-defined]
    focused = ""
    for _ in range(30):  # Tab to the mode radios, arrow to toetsmodus
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        focused = page.evaluate("() => document.activeElement.id")  # type: ignore[attr-defined]
        if focused == "mode-oefen":
            break
    assert focused == "mode-oefen"
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    assert page.is_checked("#mode-toets")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]  # the first card's briefing, then its button
    for _ in range(5):
        if page.evaluate("() => document.activeElement.tagName") == "BUTTON":  # type: ignore[attr-defined]
            break
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/gesprek/web-[0-9a-f]+$"))  # type: ignore[attr-defined]
    page.locator(".msg.resident").first.wait_for()  # type: ignore[attr-defined]
    assert "Toetsmodus" in page.inner_text(".badge")  # type: ignore[attr-defined]

    for reply in GOOD[:3]:
        page.focus("#reply")  # type: ignore[attr-defined]
        before = residents(page)
        page.keyboard.type(reply)  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        page.locator(".msg.resident").nth(before).wait_for()  # type: ignore[attr-defined]
        page.locator("#typing").wait_for(state="hidden")  # type: ignore[attr-defined]
    shot(page, "05-gesprek-toetsmodus")
    assert page.locator(".feedback").count() == 0  # type: ignore[attr-defined]
    assert page.locator("#feedback-toggle").count() == 0  # type: ignore[attr-defined]
    assert "Beurtscore" not in page.inner_text("main")  # type: ignore[attr-defined]

    page.focus("#finish")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/nabespreking$"))  # type: ignore[attr-defined]
    assert page.locator("li.turn").count() == 3  # type: ignore[attr-defined]
    assert "Beurtscore" in page.inner_text("main")  # type: ignore[attr-defined]


def test_reload_continues_the_same_conversation(page: object, stack: RunningStack) -> None:
    sign_in(page, stack.web_url, make_code(stack, "Reload"))
    sender_id = choose(page)
    say(page, GOOD[0])
    page.reload()  # type: ignore[attr-defined]
    page.locator(".msg.resident").nth(1).wait_for()  # type: ignore[attr-defined]
    assert str(page.url).endswith(sender_id)  # type: ignore[attr-defined]
    assert page.locator(".msg.trainee").count() == 1  # type: ignore[attr-defined]
    stored = page.evaluate(  # type: ignore[attr-defined]
        "(key) => JSON.parse(localStorage.getItem(key)).sessionId", f"oefenavond.gesprek.{sender_id}"
    )
    assert stored == sender_id
    say(page, GOOD[1])
    assert page.locator(".msg.trainee").count() == 2  # type: ignore[attr-defined]
    assert residents(page) == 3  # the opening was not sent again
    entries = history(page, stack.web_url, sender_id)["entries"]
    assert [e["kind"] for e in entries] == ["bot", "user", "bot", "user", "bot"]  # type: ignore[index]


def test_input_rules_and_hostile_text(page: object, stack: RunningStack) -> None:
    sign_in(page, stack.web_url, make_code(stack, "Invoer"))
    choose(page)
    page.press("#reply", "Enter")  # type: ignore[attr-defined]
    page.fill("#reply", "   ")  # type: ignore[attr-defined]
    page.click("#send")  # type: ignore[attr-defined]
    assert page.inner_text("#reply-error") == "Typ eerst een reactie."  # type: ignore[attr-defined]
    assert page.locator(".msg.trainee").count() == 0  # type: ignore[attr-defined]

    page.fill("#reply", "x" * 1200)  # type: ignore[attr-defined]
    assert len(page.input_value("#reply")) == 1000  # type: ignore[attr-defined]
    assert page.inner_text("#reply-counter") == "1000 / 1000 tekens"  # type: ignore[attr-defined]
    page.fill("#reply", "Hallo")  # type: ignore[attr-defined]
    assert page.inner_text("#reply-counter") == "5 / 1000 tekens"  # type: ignore[attr-defined]

    hostile = '<script>window.__pwned = 1</script><b id="vet">Wat</b> bedoelt u <img src=x onerror="window.__pwned=2">?'
    say(page, hostile)
    assert page.locator(".msg.trainee .text").last.inner_text() == hostile  # type: ignore[attr-defined]
    assert page.locator("#transcript b, #transcript img, #transcript script").count() == 0  # type: ignore[attr-defined]
    assert page.evaluate("() => window.__pwned === undefined")  # type: ignore[attr-defined]
    sender_id = str(page.url).rsplit("/", 1)[1]  # type: ignore[attr-defined]
    command = '/start_scenario{"scenario_id": "bos-kap", "mode": "toets"}'
    say(page, command)  # typed by a trainee it is a reply, not a command
    entries = history(page, stack.web_url, sender_id)["entries"]
    assert [e["payload"]["type"] for e in entries if e["kind"] == "bot"] == ["opening", "turn", "turn"]  # type: ignore[index]
    assert all(e["payload"]["scenario"] == "azc-onveilig" for e in entries if e["kind"] == "bot")  # type: ignore[index]
    page.reload()  # type: ignore[attr-defined]
    page.locator(".msg.trainee").first.wait_for()  # type: ignore[attr-defined]
    assert page.locator(".msg.trainee .text").nth(0).inner_text() == hostile  # type: ignore[attr-defined]
    assert page.locator("#transcript b, #transcript img").count() == 0  # type: ignore[attr-defined]


def test_phone_width(browser: object, stack: RunningStack) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,  # type: ignore[attr-defined]
                                  has_touch=True, locale="nl-NL")
    phone = context.new_page()
    phone.set_default_timeout(TIMEOUT)
    try:
        sign_in(phone, stack.web_url, make_code(stack, "Telefoon"))
        choose(phone, "bos-kap")
        say(phone, "Ik hoor dat u boos bent. Wat betekent dit bos voor u?")
        shot(phone, "06-gesprek-telefoon")
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"horizontal scrolling at phone width ({width} px)"
        assert phone.locator("#send").is_visible()
    finally:
        context.close()


# --- Rasa stopped and started again: a private Rasa server and web app on the shared stack -------


class PrivateRasa:
    """A Rasa server of this test's own (the stack's action server and database), stoppable."""

    def __init__(self, stack: RunningStack, log: Path) -> None:
        self.stack = stack
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.env = dict(stack.env, RASA_PORT=str(self.port), RASA_URL=f"http://127.0.0.1:{self.port}",
                        ACTION_ENDPOINT_URL=f"{stack.actions_url}/webhook", DATABASE_DIALECT="sqlite")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [str(ROOT / ".venv" / "bin" / "rasa"), "run", "--enable-api", "--auth-token", self.stack.token,
                   "--cors", "*", "--interface", "127.0.0.1", "--port", str(self.port),
                   "--model", str(ROOT / "models" / "oefenavond.tar.gz"), "--endpoints", "endpoints.yml",
                   "--credentials", "credentials.yml"]
        with self.log.open("ab") as handle:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=handle,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(f"{self.url}/status?token={self.stack.token}", self.process, self.log)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    """Until ``url`` answers 200; fail with the log when the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{url} did not come up:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)


@contextmanager
def private_stack(
    stack: RunningStack, tmp: Path, action_endpoint: str | None = None, answer_timeout_ms: int | None = None
) -> Iterator[tuple[PrivateRasa, str]]:
    """A private Rasa server and a web app pointing the browser to it; optionally another action
    endpoint for Rasa, and another answer timeout for the chat page (CHAT_ANSWER_SECONDS)."""
    rasa = PrivateRasa(stack, tmp / "rasa.log")
    if action_endpoint:
        rasa.env["ACTION_ENDPOINT_URL"] = action_endpoint
    rasa.start()
    web_port = free_port()
    env = dict(rasa.env, WEB_PORT=str(web_port))
    if answer_timeout_ms:
        env["CHAT_ANSWER_SECONDS"] = str(answer_timeout_ms // 1000)
    log = tmp / "web.log"
    with log.open("wb") as handle:
        web = subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), "-m", "web"], cwd=ROOT, env=env,
                               stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        web_url = f"http://127.0.0.1:{web_port}"
        wait_for(f"{web_url}/health", web, log)
        yield rasa, web_url
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=20)
        rasa.stop()


@pytest.fixture()
def private(stack: RunningStack, tmp_path: Path) -> Iterator[tuple[PrivateRasa, str]]:
    """A private Rasa server and a web app pointing the browser to it."""
    with private_stack(stack, tmp_path) as running:
        yield running


def test_rasa_stopped_shows_a_dutch_banner_and_recovers_without_losing_a_message(
    page: object, stack: RunningStack, private: tuple[PrivateRasa, str]
) -> None:
    rasa, web_url = private
    sign_in(page, web_url, make_code(stack, "Storing"))
    sender_id = choose(page)
    say(page, GOOD[0])
    assert page.locator("#offline").is_hidden()  # type: ignore[attr-defined]

    rasa.stop()
    banner = page.locator("#offline")  # type: ignore[attr-defined]
    banner.wait_for(state="visible")
    assert "De oefenomgeving is even niet bereikbaar" in banner.inner_text()
    page.fill("#reply", GOOD[1])  # type: ignore[attr-defined]
    page.press("#reply", "Enter")  # type: ignore[attr-defined]
    assert page.locator(".msg.trainee.queued").count() == 1  # type: ignore[attr-defined]
    assert "Wordt verstuurd zodra de verbinding terug is" in page.inner_text(".msg.trainee.queued")  # type: ignore[attr-defined]
    shot(page, "07-verbinding-weg")

    rasa.start()
    banner.wait_for(state="hidden", timeout=60_000)
    page.locator(".msg.resident").nth(2).wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.locator("#typing").wait_for(state="hidden")  # type: ignore[attr-defined]
    assert page.locator(".msg.trainee.queued").count() == 0  # type: ignore[attr-defined]
    data = history(page, web_url, sender_id)
    replies = [e["text"] for e in data["entries"] if e["kind"] == "user"]  # type: ignore[attr-defined]
    assert replies == [GOOD[0], GOOD[1]], json.dumps(data)[:2000]


# --- The action server down: the reply goes back into the input box ----------------------------


def actions_down_response() -> bytes:
    """What nginx answers in the action server's place when none answers (deploy/nginx.conf.in)."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    from scaled import actions_down_response as nginx_answer

    return nginx_answer().encode()


class ActionsGate:
    """Between the private Rasa server and the stack's action server, on 127.0.0.1.

    ``mode`` "up" passes calls on (after ``delay`` seconds), "nginx" answers as nginx does when no
    action server answers; ``stop()`` closes the port: the action server is down and nothing is in
    front of it (``make run``).
    """

    def __init__(self, target: str) -> None:
        self.target = target
        self.port = free_port()
        self.mode = "up"
        self.delay = 0.0
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    def answer(self, body: bytes) -> tuple[int, bytes]:
        if self.mode == "nginx":
            return 200, actions_down_response()
        time.sleep(self.delay)
        request = urllib.request.Request(self.target, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return int(response.status), response.read()
        except urllib.error.HTTPError as error:  # e.g. 400 for a rejected action: passed on as it is
            return int(error.code), error.read()

    def start(self) -> None:
        gate = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                status, body = gate.answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


ANSWER_TIMEOUT_MS = 12_000  # the chat page's answerTimeout in this test (25 s in the product)


@pytest.fixture()
def gated(stack: RunningStack, tmp_path: Path) -> Iterator[tuple[ActionsGate, str]]:
    """A private Rasa server and web app whose action calls go through an ActionsGate."""
    gate = ActionsGate(f"{stack.actions_url}/webhook")
    gate.start()
    try:
        with private_stack(stack, tmp_path, gate.url, ANSWER_TIMEOUT_MS) as (_, web_url):
            yield gate, web_url
    finally:
        gate.stop()


def reply_is(page: object, text: str, timeout: float) -> None:
    """Wait until the input box holds ``text`` again and the send button works."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "(text) => document.getElementById('reply').value === text && !document.getElementById('send').disabled",
        arg=text, timeout=timeout,
    )


def test_action_server_down_gives_the_reply_back_for_one_click_again(
    page: object, stack: RunningStack, gated: tuple[ActionsGate, str]
) -> None:
    gate, web_url = gated
    sign_in(page, web_url, make_code(stack, "Actieserver"))
    sender_id = choose(page)
    assert page.evaluate("() => JSON.parse(document.getElementById('chat-config').textContent)"  # type: ignore[attr-defined]
                         ".answerTimeout") == ANSWER_TIMEOUT_MS
    say(page, GOOD[0])
    notices = page.locator(".msg.notice")  # type: ignore[attr-defined]

    # Behind nginx: the actions_down notice, and the reply back in the box.
    gate.mode = "nginx"
    page.fill("#reply", GOOD[1])  # type: ignore[attr-defined]
    page.press("#reply", "Enter")  # type: ignore[attr-defined]
    notices.first.wait_for()
    assert "De bewoner reageert even niet" in notices.first.inner_text()
    reply_is(page, GOOD[1], 10_000)
    assert "Uw reactie staat weer in het invoerveld" in notices.first.inner_text()
    shot(page, "08-actieserver-weg")

    # No proxy (`make run`): Rasa handles the reply without an answer; the page knows when Rasa is
    # done, well before the answer timeout.
    gate.stop()
    page.click("#send")  # type: ignore[attr-defined]
    notices.nth(1).wait_for(timeout=ANSWER_TIMEOUT_MS - 3_000)
    assert notices.nth(1).inner_text().startswith("Er kwam geen antwoord van Ilse Jansen.")
    reply_is(page, GOOD[1], 5_000)

    # Slow: no answer within the answer timeout gives the reply back, before what the trainee typed
    # meanwhile; the late answer is shown and takes the notice and the copy in the box away.
    gate.mode, gate.delay = "up", ANSWER_TIMEOUT_MS / 1000 + 5
    gate.start()
    page.click("#send")  # type: ignore[attr-defined]
    started = time.monotonic()
    draft = "En dan nog iets."
    page.fill("#reply", draft)  # type: ignore[attr-defined]
    notices.nth(2).wait_for(timeout=ANSWER_TIMEOUT_MS + 5_000)
    assert time.monotonic() - started >= ANSWER_TIMEOUT_MS / 1000 - 1
    assert "Er kwam geen antwoord" in notices.nth(2).inner_text()
    reply_is(page, f"{GOOD[1]}\n{draft}", 5_000)
    assert residents(page) == 2
    page.locator(".msg.resident").nth(2).wait_for(timeout=15_000)  # type: ignore[attr-defined]
    notices.nth(2).wait_for(state="detached")
    reply_is(page, draft, 5_000)
    page.fill("#reply", "")  # type: ignore[attr-defined]
    assert residents(page) == 2 + 1

    gate.delay = 0
    say(page, GOOD[2])
    live = (page.locator(".msg.trainee").count(), residents(page), notices.count())  # type: ignore[attr-defined]
    assert live == (5, 4, 2)
    replies = [e["text"] for e in history(page, web_url, sender_id)["entries"] if e["kind"] == "user"]  # type: ignore[attr-defined]
    assert replies == [GOOD[0], GOOD[1], GOOD[1], GOOD[1], GOOD[2]]  # nothing sent behind the trainee's back
    page.reload()  # type: ignore[attr-defined]
    page.locator(".msg.resident").nth(3).wait_for()  # type: ignore[attr-defined]
    page.locator("#typing").wait_for(state="hidden")  # type: ignore[attr-defined]
    # The tracker holds what the page showed live, less the page's own no-answer notice.
    assert (page.locator(".msg.trainee").count(), residents(page), notices.count()) == (5, 4, 1)  # type: ignore[attr-defined]
