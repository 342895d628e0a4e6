"""/stop: end the running conversation (it stays stored; /score shows how far it got)."""

from __future__ import annotations

from telegram import Update

from telegram_bot import sessions
from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, services


async def stop(update: Update, context: Context) -> None:
    """Forget the running session and say what happened to it."""
    chat = update.effective_chat
    if chat is None:
        return
    svc = services(context)
    session = sessions.load(context.user_data)
    if session is None:
        await send(context.bot, chat.id, fill(svc.texts.nothing_to_stop))
        return
    sessions.save(context.user_data, None)
    scenario = svc.library.scenarios.get(session.scenario_id)
    name = scenario.resident.name if scenario else session.scenario_id
    text = fill(svc.texts.stopped, resident=name)
    if session.pending:
        text = fill(svc.texts.stopped_pending, count=len(session.pending))
    await send(context.bot, chat.id, text)
