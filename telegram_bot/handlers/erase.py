"""/verwijder: erase the trainee's own conversations (and optionally the link) after confirming."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from telegram_bot import sessions
from telegram_bot.accounts import account, remember
from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, services

PREFIX = "verwijder"
CONVERSATIONS, EVERYTHING, CANCEL = "gesprekken", "alles", "nee"


async def ask(update: Update, context: Context) -> None:
    """Ask for confirmation with an inline keyboard."""
    chat = update.effective_chat
    if chat is None:
        return
    svc = services(context)
    texts = svc.texts
    count = await svc.accounts.count_conversations(account(context).trainee_id)
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.erase_button_conversations, callback_data=f"{PREFIX}:{CONVERSATIONS}")],
            [InlineKeyboardButton(texts.erase_button_everything, callback_data=f"{PREFIX}:{EVERYTHING}")],
            [InlineKeyboardButton(texts.erase_button_cancel, callback_data=f"{PREFIX}:{CANCEL}")],
        ]
    )
    await send(context.bot, chat.id, fill(texts.erase_confirm, count=count), keyboard)


async def confirmed(update: Update, context: Context) -> None:
    """Erase (or not) as chosen, and replace the question with what was done."""
    query, user = update.callback_query, update.effective_user
    if query is None or query.data is None or user is None:
        return
    svc = services(context)
    texts = svc.texts
    choice = query.data.split(":", 1)[1]
    await query.answer()
    if choice not in (CONVERSATIONS, EVERYTHING):
        await query.edit_message_text(fill(texts.erase_cancelled), parse_mode=ParseMode.HTML)
        return
    unlink = choice == EVERYTHING
    count = await svc.accounts.erase(account(context).trainee_id, user.id, unlink)
    sessions.save(context.user_data, None)
    if unlink:
        remember(context.user_data, None)
    done = texts.erased_and_unlinked if unlink else texts.erased
    await query.edit_message_text(fill(done, count=count), parse_mode=ParseMode.HTML)
