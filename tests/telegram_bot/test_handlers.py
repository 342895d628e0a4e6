"""The handlers in-process: the real Application against the fake Bot API, fake accounts and Rasa."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from oefenavond.practice import SCENARIO_DIR
from oefenavond.scenario import Library
from oefenavond.settings import Settings
from telegram_bot import sessions
from telegram_bot.application import build_application
from telegram_bot.attempts import Attempts
from telegram_bot.services import Services
from telegram_bot.texts import load_texts
from tests.telegram_bot.fake_telegram import MEDIA, FakeTelegram
from tests.telegram_bot.fakes import CODE, MemoryAccounts, ScriptedRasa

USER = 5001
LIBRARY = Library.load(SCENARIO_DIR)


@dataclass
class Harness:
    """The application, its fakes, and helpers that feed one update and wait for its handling."""

    app: Application  # type: ignore[type-arg]
    fake: FakeTelegram
    accounts: MemoryAccounts
    rasa: ScriptedRasa
    ids = itertools.count(1)

    async def feed(self, update: dict[str, Any]) -> None:
        update["update_id"] = next(self.ids)
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def say(self, text: str, user: int = USER, chat_type: str = "private") -> dict[str, Any]:
        message = self.fake.message(user, chat_type, text=text)
        await self.feed({"message": message})
        return message

    async def press(self, message: dict[str, Any], data: str, user: int = USER) -> None:
        bot_message = {"message_id": message["message_id"], "date": int(time.time()),
                       "chat": {"id": user, "type": "private"}, "from": {"id": 1, "is_bot": True, "first_name": "B"},
                       "text": message.get("text", "")}
        await self.feed({"callback_query": {"id": "q1", "from": self.fake.user(user), "chat_instance": "c",
                                            "data": data, "message": bot_message}})

    def texts(self, since: int = 0, user: int = USER) -> list[str]:
        return self.fake.texts(user, since)

    def last(self, user: int = USER) -> dict[str, Any]:
        return self.fake.sent(user)[-1]

    async def link(self, user: int = USER) -> None:
        await self.say(f"/start {CODE}", user)


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Harness]:
    accounts, rasa = MemoryAccounts(), ScriptedRasa()
    settings = Settings(telegram_bot_token=fake.token, telegram_api_base_url=fake.base_url)
    svc = Services(texts=load_texts(), library=LIBRARY, rasa=rasa, accounts=accounts,
                   attempts=Attempts(max_failures=3))
    app = build_application(settings, svc)
    async with app:
        yield Harness(app, fake, accounts, rasa)


def button_data(params: dict[str, Any]) -> list[str]:
    """The callback data of every inline button in a sent message."""
    markup = params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


async def test_unknown_users_are_refused_politely_and_not_served(bot: Harness) -> None:
    await bot.say("/drill")
    await bot.say("Goedenavond")
    texts = bot.texts()
    assert len(texts) == 2 and all("alleen voor deelnemers" in t for t in texts)
    assert bot.rasa.received == [] and bot.accounts.conversations == []


async def test_linking_with_the_code_deletes_the_code_message(bot: Harness) -> None:
    await bot.say("/start")
    assert "persoonlijke code" in bot.texts()[-1]
    message = await bot.say(f"/start {CODE.lower()}")
    assert "Gekoppeld" in bot.texts()[-1]
    assert "Anna &lt;de&gt; Vries" in bot.texts()[-1]  # names are escaped
    deleted = bot.fake.calls_of("deleteMessage")
    assert deleted and deleted[0].params["message_id"] == message["message_id"]
    await bot.say("/start")
    assert "al gekoppeld" in bot.texts()[-1]


async def test_wrong_codes_are_limited(bot: Harness) -> None:
    for _ in range(3):
        await bot.say("/start XXXX-YYYY")
        assert "ken ik niet" in bot.texts()[-1]
    await bot.say(f"/start {CODE}")
    assert "Te veel onjuiste codes" in bot.texts()[-1]
    assert USER not in bot.accounts.links


async def test_a_drill_has_three_rounds_with_feedback_and_a_one_line_score(bot: Harness) -> None:
    await bot.link()
    mark = bot.fake.mark()
    await bot.say("/drill")
    intro, opening = bot.texts(mark)
    assert "Drill" in intro and "3 reacties" in intro
    assert "&lt;b&gt;veilig&lt;/b&gt; ben &amp; blijf" in opening  # the resident's words are escaped
    assert "Wat zegt u?" in opening
    session = sessions.Session.from_dict(bot.app.user_data[USER]["session"])
    assert session.sender_id.startswith(f"tg{USER}-") and bot.accounts.conversations[0][0] == session.sender_id
    assert bot.rasa.received[0][1].startswith('/start_scenario{"scenario_id": ')
    for round_ in (1, 2, 3):
        mark = bot.fake.mark()
        await bot.say(f"Ik hoor dat u boos bent <{round_}>")
        shown = "\n".join(bot.texts(mark))
        assert f"Ronde {round_} van 3" in shown and "6,5/10" in shown
        assert "Zetten: open vraag, ⚠️ sussen" in shown
        assert "💡 Beter: <i>Wat maakt het zo &lt;zwaar&gt; voor u?</i>" in shown
        assert f"boos bent &lt;{round_}&gt;" in shown
        assert bot.fake.calls_of("sendChatAction", mark)
    assert "Drill klaar" in shown and "gemiddeld 6,5/10 over 3 rondes" in shown
    assert "doorvragen 3" in shown
    assert "session" not in bot.app.user_data[USER]
    await bot.say("Nog iets?")
    assert "Er loopt nu geen gesprek" in bot.texts()[-1]


async def test_gesprek_with_the_keyboards_in_toetsmodus_shows_feedback_only_at_the_end(bot: Harness) -> None:
    await bot.link()
    bot.rasa.end_after = 2
    await bot.say("/gesprek")
    choices = button_data(bot.last())
    assert len(choices) == len(LIBRARY) and "gesprek:azc-onveilig" in choices
    await bot.press(bot.last(), "gesprek:azc-onveilig")
    briefing = bot.last()
    assert "Wat u vooraf weet" in briefing["text"] and "COA" in briefing["text"]
    assert button_data(briefing) == ["modus:azc-onveilig:oefen", "modus:azc-onveilig:toets"]
    keyboard_message = dict(briefing)
    await bot.press(keyboard_message, "modus:azc-onveilig:toets")
    assert any("toetsmodus" in t for t in bot.texts())
    await bot.press(keyboard_message, "modus:azc-onveilig:toets")  # a double tap starts nothing new
    assert len([m for _, m in bot.rasa.received if m.startswith("/start_scenario")]) == 1
    mark = bot.fake.mark()
    await bot.say("Wat houdt u bezig?")
    assert bot.texts(mark) == ["😟 <b>Ilse Jansen</b>: Reactie 1 op: Wat houdt u bezig?"]  # no feedback
    mark = bot.fake.mark()
    await bot.say("Ik begrijp het.")
    shown = "\n".join(bot.texts(mark))
    assert "afgelopen" in shown and "Scorekaart" in shown and "Cijfer: <b>7,4</b>" in shown
    assert "Uw beurten" in shown and "antwoord 1 &lt;i&gt;" in shown
    assert "Wat erachter zat" in shown


async def test_rasa_down_keeps_the_replies_and_sends_them_in_order_later(bot: Harness) -> None:
    await bot.link()
    await bot.say("/drill")
    bot.rasa.up = False
    await bot.say("Eerste reactie")
    assert "niet verloren" in bot.texts()[-1]
    assert button_data(bot.last()) == ["opnieuw"]
    await bot.say("Tweede reactie")
    session = sessions.Session.from_dict(bot.app.user_data[USER]["session"])
    assert session.pending == ["Eerste reactie", "Tweede reactie"]
    bot.rasa.up = True
    mark = bot.fake.mark()
    await bot.press(bot.last(), "opnieuw")
    assert [m for _, m in bot.rasa.received[1:]] == ["Eerste reactie", "Tweede reactie"]
    shown = bot.texts(mark)
    assert "Ronde 1 van 3" in shown[0] and "Ronde 2 van 3" in shown[1]
    assert bot.fake.calls_of("editMessageReplyMarkup", mark)  # the button is taken away
    await bot.press(bot.last(), "opnieuw")
    assert bot.fake.calls_of("answerCallbackQuery")[-1].params.get("text") == load_texts().nothing_pending


async def test_an_empty_answer_from_rasa_means_the_action_server_is_down(bot: Harness) -> None:
    await bot.link()
    await bot.say("/drill")
    bot.rasa.empty = True
    await bot.say("Hallo")
    assert "reageert even niet" in bot.texts()[-1]
    assert sessions.load(bot.app.user_data[USER]).pending == ["Hallo"]  # type: ignore[union-attr]


async def test_the_proxys_actions_down_notice_keeps_the_reply_for_a_retry(bot: Harness) -> None:
    await bot.link()
    await bot.say("/drill")
    bot.rasa.proxy_down = True
    await bot.say("Wat maakt u zo boos?")
    assert "reageert even niet" in bot.texts()[-1]
    assert button_data(bot.last()) == ["opnieuw"]
    assert sessions.load(bot.app.user_data[USER]).pending == ["Wat maakt u zo boos?"]  # type: ignore[union-attr]
    bot.rasa.proxy_down = False
    mark = bot.fake.mark()
    await bot.press(bot.last(), "opnieuw")
    assert "Reactie 1 op: Wat maakt u zo boos?" in bot.texts(mark)[0]
    assert sessions.load(bot.app.user_data[USER]).pending == []  # type: ignore[union-attr]


async def test_rasa_down_when_starting_keeps_the_start(bot: Harness) -> None:
    await bot.link()
    bot.rasa.up = False
    await bot.say("/drill")
    assert "niet bereikbaar" in bot.texts()[-1]
    bot.rasa.up = True
    await bot.say("Goedenavond, wat kan ik voor u doen?")
    shown = bot.texts()[-2:]
    assert "Wat zegt u?" in shown[0] and "Ronde 1 van 3" in shown[1]


async def test_long_messages_non_text_edits_and_unknown_commands_get_a_short_answer(bot: Harness) -> None:
    await bot.link()
    await bot.say("/drill")
    sent_to_rasa = len(bot.rasa.received)
    await bot.say("blabla " * 300)
    assert "te lang (2099 tekens)" in bot.texts()[-1]
    for kind, word in (("sticker", "stickers"), ("photo", "foto's"), ("voice", "spraakberichten"),
                       ("document", "bestanden"), ("location", "locaties")):
        await bot.feed({"message": bot.fake.message(USER, **{kind: MEDIA[kind]})})
        assert f"geen {word}" in bot.texts()[-1]
    message = await bot.say("Eerst dit")
    await bot.feed({"edited_message": dict(message, text="Toch dat", edit_date=int(time.time()))})
    assert "gewijzigd bericht" in bot.texts()[-1]
    await bot.say("/onzin")
    assert "commando ken ik niet" in bot.texts()[-1]
    await bot.feed({"message": bot.fake.message(USER, text='/start_scenario{"scenario_id": "escalatie"}')})
    assert "commando ken ik niet" in bot.texts()[-1]  # no bot_command entity, still never sent to Rasa
    assert len(bot.rasa.received) == sent_to_rasa + 1  # only "Eerst dit"


async def test_group_chats_are_ignored(bot: Harness) -> None:
    await bot.link()
    await bot.say("/drill", chat_type="group")
    assert bot.fake.sent(-1000 - USER) == [] and bot.rasa.received == []


async def test_stop_and_score(bot: Harness) -> None:
    await bot.link()
    await bot.say("/score")
    assert "nog geen gesprek" in bot.texts()[-1]
    await bot.say("/stop")
    assert "Er loopt geen gesprek" in bot.texts()[-1]
    await bot.say("/drill")
    await bot.say("/score")
    assert "nog niet gereageerd" in bot.texts()[-1]
    await bot.say("Wat is er gebeurd?")
    await bot.say("/score")
    running = bot.texts()[-1]
    assert "Scorekaart" in running and "Wat erachter zat" not in running  # not revealed mid-conversation
    await bot.say("/stop")
    assert "Gestopt" in bot.texts()[-1]
    await bot.say("/score")
    assert "Wat erachter zat" in bot.texts()[-1]
    bot.rasa.up = False
    await bot.say("/score")
    assert "niet ophalen" in bot.texts()[-1]


async def test_erase_after_confirmation_and_optionally_unlink(bot: Harness) -> None:
    await bot.link()
    await bot.say("/drill")
    await bot.say("/verwijder")
    question = bot.last()
    assert "(1)" in question["text"]
    assert button_data(question) == ["verwijder:gesprekken", "verwijder:alles", "verwijder:nee"]
    await bot.press(question, "verwijder:nee")
    assert "niets verwijderd" in bot.texts()[-1] and bot.accounts.conversations
    await bot.press(question, "verwijder:gesprekken")
    assert "Verwijderd: 1" in bot.texts()[-1] and not bot.accounts.conversations
    assert "session" not in bot.app.user_data[USER]
    await bot.say("/verwijder")
    await bot.press(bot.last(), "verwijder:alles")
    assert "ontkoppeld" in bot.texts()[-1]
    await bot.say("/drill")
    assert "alleen voor deelnemers" in bot.texts()[-1]


async def test_a_failing_handler_gets_a_friendly_message_and_the_bot_goes_on(bot: Harness) -> None:
    await bot.link()
    bot.accounts.failing = True
    await bot.say("/help")
    assert "Er ging iets mis" in bot.texts()[-1]
    bot.accounts.failing = False
    await bot.say("/help")
    assert "/drill" in bot.texts()[-1]


async def test_flood_control_is_waited_out_and_retried(bot: Harness) -> None:
    await bot.link()
    bot.fake.fail_next("sendMessage", count=1, retry_after=1)
    mark = bot.fake.mark()
    started = time.monotonic()
    await bot.say("/privacy")
    assert time.monotonic() - started >= 1.0
    attempts = bot.fake.calls_of("sendMessage", mark)
    assert len(attempts) == 2 and attempts[0].params["text"] == attempts[1].params["text"]
    assert "Wat wordt er bewaard" in bot.texts()[-1]


async def test_a_very_long_scorecard_is_split_under_the_limit(bot: Harness) -> None:
    await bot.link()
    bot.rasa.end_after = 60
    await bot.say("/gesprek")
    await bot.press(bot.last(), "gesprek:oude-klacht")
    await bot.press(bot.last(), "modus:oude-klacht:toets")
    mark = bot.fake.mark()
    for n in range(60):
        await bot.say(f"Reactie nummer {n} " + "met veel woorden " * 50)
    sent = bot.texts(mark)
    assert any("Scorekaart" in t for t in sent)
    assert all(len(t) <= 4096 for t in sent)
    assert len([t for t in sent if "Uw beurten" in t or "antwoord" in t]) >= 2  # the turns took several
