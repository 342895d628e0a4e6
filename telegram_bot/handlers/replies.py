"""A trainee's reply during a conversation, and the "send again" button after an outage."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import BadRequest

from telegram_bot import sessions
from telegram_bot.conversation import deliver
from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, services


async def reply(update: Update, context: Context) -> None:
    """Queue the reply for Rasa and deliver the queue (older kept replies go first)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    svc = services(context)
    text = message.text.strip()
    if len(text) > svc.max_reply_chars:
        await send(
            context.bot,
            message.chat_id,
            fill(svc.texts.too_long, length=len(text), limit=svc.max_reply_chars),
        )
        return
    if text.startswith("/"):
        # Rasa reads "/name{...}" as an intent with entities: a trainee must not start scenarios
        # or fake moves that way (real commands never get here).
        await send(context.bot, message.chat_id, fill(svc.texts.unknown_command))
        return
    session = sessions.load(context.user_data)
    if session is None:
        await send(context.bot, message.chat_id, fill(svc.texts.no_conversation))
        return
    session.pending.append(text)
    sessions.save(context.user_data, session)
    await deliver(context, message.chat_id)


async def retry(update: Update, context: Context) -> None:
    """The "send again" button: deliver what was kept."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    svc = services(context)
    session = sessions.load(context.user_data)
    if session is None or not session.pending:
        await query.answer(svc.texts.nothing_pending)
    else:
        await query.answer()
    with contextlib.suppress(BadRequest):  # the button was already gone
        await query.edit_message_reply_markup(None)
    if session is not None and session.pending:
        await deliver(context, query.message.chat.id)
