"""A practice conversation over Rasa: start it, deliver the trainee's messages, show the answers.

Messages for Rasa go into the session's ``pending`` queue first and leave it only once Rasa has
answered, so a message typed while Rasa is down is kept and sent on the next try, in order.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from oefenavond.scorecard import Scorecard
from telegram_bot import sessions
from telegram_bot.accounts import account
from telegram_bot.delivery import send, typing
from telegram_bot.feedback import compact_feedback, drill_summary, resident_line, turn_record
from telegram_bot.markup import Html, escape, fill
from telegram_bot.rasa_client import BotMessage, RasaUnavailableError
from telegram_bot.scorecards import render_scorecard
from telegram_bot.services import Context, Services, services
from telegram_bot.sessions import DRILL, Session

logger = logging.getLogger(__name__)
RETRY = "opnieuw"
"""Callback data of the "send again" button."""
METADATA = {"channel": "telegram"}
FINAL_NOTICES = {"ended", "no_scenario", "unknown_scenario"}
"""Notices after which the conversation cannot go on."""


def sender_id(user_id: int, message_id: int) -> str:
    """The Rasa conversation id: the Telegram user and the message that started it (unique)."""
    return f"tg{user_id}-{message_id}"


def start_command(session: Session) -> str:
    """The message that makes Rasa open the scenario."""
    return "/start_scenario" + json.dumps({"scenario_id": session.scenario_id, "mode": session.mode})


def retry_keyboard(svc: Services) -> InlineKeyboardMarkup:
    """One button: send the kept messages again."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(svc.texts.retry_button, callback_data=RETRY)]])


async def begin(context: Context, chat_id: int, session: Session, intro: Html) -> None:
    """Stop any running conversation, register the new one, introduce it and open it in Rasa."""
    svc = services(context)
    if sessions.load(context.user_data) is not None:
        await send(context.bot, chat_id, fill(svc.texts.previous_stopped))
    await svc.accounts.start_conversation(
        session.sender_id, account(context).trainee_id, session.scenario_id, session.mode
    )
    session.pending.append(start_command(session))
    sessions.save(context.user_data, session)
    await send(context.bot, chat_id, intro)
    await deliver(context, chat_id)


async def deliver(context: Context, chat_id: int) -> None:
    """Send the session's pending messages to Rasa, in order, and show each answer."""
    svc = services(context)
    session = sessions.load(context.user_data)
    while session is not None and session.pending:
        try:
            async with typing(context.bot, chat_id):
                answer = await svc.rasa.send(session.sender_id, session.pending[0], METADATA)
        except RasaUnavailableError as error:
            logger.warning("Rasa unavailable for %s: %s", session.sender_id, error)
            await send(context.bot, chat_id, fill(svc.texts.rasa_down), retry_keyboard(svc))
            return
        if actions_down(answer):
            logger.warning("no answer of the action server for %s; the message is kept", session.sender_id)
            await send(context.bot, chat_id, fill(svc.texts.actions_down), retry_keyboard(svc))
            return
        session.pending.pop(0)
        shown, session = present(svc, session, answer)
        sessions.save(context.user_data, session)
        for message in shown:
            await send(context.bot, chat_id, message)


def actions_down(answer: list[BotMessage]) -> bool:
    """Rasa answered without the action server: nothing at all (one Rasa server alone), or the
    proxy's `actions_down` notice (the scaled-out setup); the trainee's message must be sent again."""
    if not any(message.text or message.data for message in answer):
        return True
    return any((message.data or {}).get("code") == "actions_down" for message in answer)


def present(
    svc: Services, session: Session, answer: list[BotMessage]
) -> tuple[list[Html], Session | None]:
    """The messages to show for Rasa's answer, and the session after it (None: it ended)."""
    payloads = [message.data for message in answer if message.data]
    if not payloads:
        return [escape(message.text) for message in answer if message.text], session
    shown: list[Html] = []
    current: Session | None = session
    for data in payloads:
        if current is None:
            break
        kind = data.get("type")
        if kind == "opening":
            current.opened = True
            shown.append(Html(_line(svc, current, data) + "\n\n" + fill(svc.texts.your_turn)))
        elif kind == "turn":
            messages, current = _turn(svc, current, data)
            shown += messages
        elif kind == "notice":
            shown.append(escape(data.get("text") or ""))
            if data.get("code") in FINAL_NOTICES:
                current = None
    return [message for message in shown if message], current


def _line(svc: Services, session: Session, data: dict[str, Any]) -> Html:
    state = data.get("state") or {}
    scenario = svc.library.get(session.scenario_id)
    return resident_line(svc.texts, scenario, str(data.get("resident_line", "")), state.get("mood"))


def _turn(
    svc: Services, session: Session, data: dict[str, Any]
) -> tuple[list[Html], Session | None]:
    """A resident's reaction to a reply: the line, the feedback, and the end when it is over."""
    texts = svc.texts
    assessment = data.get("assessment")
    session.turns.append(turn_record(assessment) if assessment else {})
    message = _line(svc, session, data)
    if assessment:
        message = Html(message + "\n\n" + compact_feedback(texts, session, assessment))
    shown = [message]
    state = data.get("state") or {}
    if state.get("ended"):
        outcome = str(state.get("outcome") or "")
        shown.append(fill(texts.conversation_done, outcome=texts.outcomes.get(outcome, outcome)))
        if session.kind == DRILL:
            shown.append(drill_summary(texts, session))
        elif isinstance(data.get("scorecard"), dict):
            card = Scorecard(**data["scorecard"])
            records = data.get("records") if session.mode == "toets" else None
            scenario = svc.library.get(session.scenario_id)
            shown.append(render_scorecard(texts, scenario, card, "telegram", records))
        return shown, None
    if session.done:
        shown.append(drill_summary(texts, session))
        return shown, None
    return shown, session
