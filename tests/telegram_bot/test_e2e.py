"""End to end: the bot as a process, the fake Bot API in front, the real Rasa + action server behind.

Offline: everything listens on 127.0.0.1. The bot shares the stack's database (accounts and Rasa's
tracker), so what it registers and erases is checked there.
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from storage import accounts, conversations
from storage.database import Database
from tests.conftest import RunningStack
from tests.telegram_bot.conftest import BotProcess, SwitchableProxy, bot_env, start_bot, stop_bot
from tests.telegram_bot.fake_telegram import FakeTelegram

pytestmark = [pytest.mark.model, pytest.mark.stack]
GOOD = [
    "Ik hoor dat u zich echt zorgen maakt. Wat maakt het voor u zo belangrijk?",
    "Als ik het goed begrijp gaat het u vooral om de veiligheid. Klopt dat?",
    "Wat zou u helpen om hier met een gerust gevoel naar huis te gaan?",
]
USERS = itertools.count(int(time.time()) % 100_000 * 10)


@dataclass
class Telegram:
    """The fake Bot API, the bot process, and the stack's database."""

    fake: FakeTelegram
    bot: BotProcess
    db: Database

    def trainee(self) -> tuple[int, str]:
        """A new trainee: (id, personal code)."""
        trainer = accounts.create_trainer(f"tg-{uuid.uuid4().hex[:8]}", "Trainer", "wachtwoord", db=self.db)
        group = accounts.create_group("Telegramgroep", trainer.id, db=self.db)
        trainee, code = accounts.create_trainee("Sanne <Bakker>", group.id, db=self.db)
        return trainee.id, code

    def linked_user(self) -> tuple[int, int]:
        """A Telegram user linked to a new trainee: (user id, trainee id)."""
        trainee_id, code = self.trainee()
        user = next(USERS)
        self.say(user, f"/start {code}", "Gekoppeld")
        return user, trainee_id

    def say(self, user: int, text: str, expect: str, timeout: float = 30) -> dict[str, Any]:
        """Send ``text`` and wait for a message containing ``expect``."""
        mark = self.fake.mark()
        self.fake.send_text(user, text)
        return self.fake.wait_for_text(user, expect, since=mark, timeout=timeout)

    def user_events(self, sender_id: str) -> list[str]:
        """The texts of the user events Rasa stored for a conversation."""
        with self.db.engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
                {"s": sender_id},
            ).scalars()
            return [json.loads(row).get("text", "") for row in rows]


def stack_env(stack: RunningStack, rasa_url: str) -> dict[str, str]:
    env = bot_env(**{k: v for k, v in stack.env.items() if not k.startswith("TELEGRAM_")})
    env.update(RASA_URL=rasa_url, DATABASE_URL=stack.database_url, RASA_API_TOKEN=stack.token)
    return env


def launch(stack: RunningStack, tmp: Path, rasa_url: str) -> tuple[FakeTelegram, BotProcess]:
    fake = FakeTelegram().start()
    return fake, start_bot(fake, stack_env(stack, rasa_url), tmp)


@pytest.fixture(scope="module")
def telegram(stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Telegram]:
    fake, bot = launch(stack, tmp_path_factory.mktemp("telegram"), stack.rasa_url)
    try:
        yield Telegram(fake, bot, Database(stack.database_url))
    finally:
        code = stop_bot(bot)
        fake.stop()
        assert code == 0, bot.output()[-3000:]
        assert "Traceback" not in bot.output(), bot.output()[-3000:]


def test_unknown_users_are_refused_and_a_code_links_the_account(telegram: Telegram) -> None:
    user = next(USERS)
    assert "alleen voor deelnemers" in telegram.say(user, "/drill", "deelnemers")["text"]
    telegram.say(user, "Goedenavond", "deelnemers")
    telegram.say(user, "/start FOUT-CODE", "ken ik niet")
    trainee_id, code = telegram.trainee()
    mark = telegram.fake.mark()
    linked = telegram.say(user, f"/start {code.lower()}", "Gekoppeld")
    assert "Sanne &lt;Bakker&gt;" in linked["text"]
    assert telegram.fake.calls_of("deleteMessage", mark)  # the code does not stay in the chat
    found = accounts.trainee_by_telegram(user, db=telegram.db)
    assert found is not None and found.id == trainee_id


def test_a_full_drill_against_the_real_engine(telegram: Telegram) -> None:
    user, trainee_id = telegram.linked_user()
    mark = telegram.fake.mark()
    opening = telegram.say(user, "/drill", "Wat zegt u?")
    assert telegram.fake.calls_of("sendChatAction", mark)
    assert "🎯" in telegram.fake.texts(user, mark)[0]
    conversation = conversations.last_conversation(trainee_id, db=telegram.db)
    assert conversation is not None and conversation.channel == "telegram"
    assert conversation.sender_id.startswith(f"tg{user}-") and conversation.mode == "oefen"
    assert "Wat zegt u?" in opening["text"]
    for round_, reply in enumerate(GOOD, start=1):
        mark = telegram.fake.mark()
        telegram.fake.send_text(user, reply)
        shown = telegram.fake.wait_for(
            lambda m=mark: [t for t in telegram.fake.texts(user, m) if "Ronde" in t or "Drill klaar" in t],
            30, f"round {round_}")
        if any("Drill klaar" in t for t in shown):
            break
        assert f"Ronde {round_} van 3" in shown[0] and "/10" in shown[0] and "Zetten:" in shown[0]
    summary = telegram.fake.wait_for_text(user, "Drill klaar", since=mark)["text"]
    assert "gemiddeld" in summary and "/10" in summary
    stored = telegram.user_events(conversation.sender_id)
    assert stored[0].startswith("/start_scenario") and stored[1] == GOOD[0]


def test_gesprek_with_the_keyboard_then_stop_and_score(telegram: Telegram) -> None:
    user, _ = telegram.linked_user()
    choose = telegram.say(user, "/gesprek", "Met wie wilt u oefenen?")
    buttons = [b["callback_data"] for row in choose["reply_markup"]["inline_keyboard"] for b in row]
    assert "gesprek:azc-onveilig" in buttons and len(buttons) == 10
    mark = telegram.fake.mark()
    telegram.fake.press(user, choose, "gesprek:azc-onveilig")
    briefing = telegram.fake.wait_for_text(user, "Wat u vooraf weet", since=mark)
    assert briefing["message_id"] == choose["message_id"]  # the same message, edited
    assert telegram.fake.calls_of("answerCallbackQuery", mark)
    mark = telegram.fake.mark()
    telegram.fake.press(user, briefing, "modus:azc-onveilig:oefen")
    opening = telegram.fake.wait_for_text(user, "Wat zegt u?", since=mark)
    assert "Ilse Jansen" in opening["text"]
    for turn, reply in enumerate(GOOD[:2], start=1):
        telegram.say(user, reply, f"Beurt {turn}")
    assert "Gestopt" in telegram.say(user, "/stop", "Gestopt")["text"]
    card = telegram.say(user, "/score", "Scorekaart")["text"]
    assert "Bang voor de straat" in card and "via Telegram" in card and "Cijfer:" in card
    assert "2 beurten" in card and "Wat erachter zat" in card


def test_erase_after_confirmation(telegram: Telegram) -> None:
    user, trainee_id = telegram.linked_user()
    telegram.say(user, "/drill", "Wat zegt u?")
    telegram.say(user, GOOD[0], "Ronde 1")
    sender = conversations.last_conversation(trainee_id, db=telegram.db).sender_id  # type: ignore[union-attr]
    assert telegram.user_events(sender)
    question = telegram.say(user, "/verwijder", "Weet u het zeker?")
    mark = telegram.fake.mark()
    telegram.fake.press(user, question, "verwijder:gesprekken")
    telegram.fake.wait_for_text(user, "Verwijderd: 1", since=mark)
    assert conversations.list_conversations(trainee_id, db=telegram.db) == []
    assert telegram.user_events(sender) == []
    assert "nog geen gesprek" in telegram.say(user, "/score", "nog geen gesprek")["text"]
    assert accounts.trainee_by_telegram(user, db=telegram.db) is not None  # still linked


def test_non_text_unknown_commands_and_long_messages(telegram: Telegram) -> None:
    user, trainee_id = telegram.linked_user()
    telegram.say(user, "/drill", "Wat zegt u?")
    for kind, word in (("sticker", "stickers"), ("photo", "foto's"), ("voice", "spraakberichten"),
                       ("document", "bestanden")):
        mark = telegram.fake.mark()
        telegram.fake.send_media(user, kind)
        telegram.fake.wait_for_text(user, f"geen {word}", since=mark)
    telegram.say(user, "/bestaatniet", "commando ken ik niet")
    telegram.say(user, "lang " * 400, "te lang")
    sender = conversations.last_conversation(trainee_id, db=telegram.db).sender_id  # type: ignore[union-attr]
    assert len(telegram.user_events(sender)) == 1  # only the start: nothing else went to Rasa


def test_rasa_down_keeps_the_reply_through_a_restart_and_sends_it_when_rasa_is_back(
    stack: RunningStack, tmp_path: Path
) -> None:
    target = urlsplit(stack.rasa_url)
    proxy = SwitchableProxy(target.hostname or "127.0.0.1", target.port or 80).start()
    fake, bot = launch(stack, tmp_path, proxy.url)
    try:
        telegram = Telegram(fake, bot, Database(stack.database_url))
        user, trainee_id = telegram.linked_user()
        telegram.say(user, "/drill", "Wat zegt u?")
        proxy.switch(False)
        kept = telegram.say(user, GOOD[0], "niet verloren")
        assert [b["callback_data"] for row in kept["reply_markup"]["inline_keyboard"] for b in row] == ["opnieuw"]
        sender = conversations.last_conversation(trainee_id, db=telegram.db).sender_id  # type: ignore[union-attr]
        assert GOOD[0] not in telegram.user_events(sender)
        assert stop_bot(bot) == 0, bot.output()[-3000:]  # a restart meanwhile loses nothing either
        bot = start_bot(fake, stack_env(stack, proxy.url), tmp_path, log_name="bot-2.log")
        proxy.switch(True)
        mark = fake.mark()
        fake.press(user, kept, "opnieuw")
        fake.wait_for_text(user, "Ronde 1 van 3", since=mark)
        assert telegram.user_events(sender).count(GOOD[0]) == 1
    finally:
        code = stop_bot(bot)
        fake.stop()
        proxy.stop()
    assert code == 0 and "Traceback" not in bot.output(), bot.output()[-3000:]
