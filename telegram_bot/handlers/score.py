"""/score: the scorecard of the trainee's last conversation (web or Telegram)."""

from __future__ import annotations

import logging

from telegram import Update

from telegram_bot import sessions
from telegram_bot.accounts import account
from telegram_bot.delivery import send, typing
from telegram_bot.markup import fill
from telegram_bot.rasa_client import RasaUnavailableError
from telegram_bot.scorecards import render_scorecard, scorecard_of
from telegram_bot.services import Context, services

logger = logging.getLogger(__name__)


async def score(update: Update, context: Context) -> None:
    """Read the last conversation's state from Rasa and show its scorecard."""
    chat = update.effective_chat
    if chat is None:
        return
    svc = services(context)
    texts = svc.texts
    last = await svc.accounts.last_conversation(account(context).trainee_id)
    if last is None or last.scenario_id not in svc.library.scenarios:
        await send(context.bot, chat.id, fill(texts.no_score))
        return
    scenario = svc.library.get(last.scenario_id)
    try:
        async with typing(context.bot, chat.id):
            state = await svc.rasa.state(last.sender_id)
    except RasaUnavailableError as error:
        logger.warning("scorecard of %s not available: %s", last.sender_id, error)
        await send(context.bot, chat.id, fill(texts.score_unavailable))
        return
    card = scorecard_of(state, svc.library) if state else None
    if card is None:
        await send(context.bot, chat.id, fill(texts.no_turns, title=scenario.title))
        return
    running = sessions.load(context.user_data)
    still_going = running is not None and running.sender_id == last.sender_id
    if still_going and last.mode == "toets":
        await send(context.bot, chat.id, fill(texts.score_after_toets))
        return
    records = (state or {}).get("records") if last.mode == "toets" and not still_going else None
    text = render_scorecard(texts, scenario, card, last.channel, records, reveal=not still_going)
    await send(context.bot, chat.id, text)
