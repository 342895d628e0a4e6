"""/gesprek: choose a resident and a mode with inline keyboards, then talk until the end."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from oefenavond.scenario import Scenario
from telegram_bot import sessions
from telegram_bot.conversation import begin, sender_id
from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, Services, services
from telegram_bot.sessions import GESPREK, Session

SCENARIO, MODE = "gesprek", "modus"
"""Callback data prefixes: ``gesprek:<scenario>`` and ``modus:<scenario>:<oefen|toets>``."""
MODES = ("oefen", "toets")


def scenario_keyboard(svc: Services) -> InlineKeyboardMarkup:
    """One button per resident: name and title."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(f"{s.resident.name} — {s.title}", callback_data=f"{SCENARIO}:{s.id}")]
            for s in sorted(svc.library, key=lambda s: s.id)
        ]
    )


def mode_keyboard(svc: Services, scenario: Scenario) -> InlineKeyboardMarkup:
    """Oefenmodus or toetsmodus."""
    texts = svc.texts
    labels = {"oefen": texts.mode_button_oefen, "toets": texts.mode_button_toets}
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(labels[m], callback_data=f"{MODE}:{scenario.id}:{m}")] for m in MODES]
    )


async def gesprek(update: Update, context: Context) -> None:
    """Show the residents to choose from."""
    if update.effective_chat:
        svc = services(context)
        await send(
            context.bot, update.effective_chat.id, fill(svc.texts.choose_scenario), scenario_keyboard(svc)
        )


async def chose_scenario(update: Update, context: Context) -> None:
    """A resident was chosen: show the briefing and ask for the mode."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    svc = services(context)
    scenario = svc.library.scenarios.get(query.data.split(":", 1)[1])
    if scenario is None:
        await query.answer(svc.texts.unknown_scenario, show_alert=True)
        return
    await query.answer()
    text = fill(
        svc.texts.choose_mode,
        title=scenario.title,
        resident=scenario.resident.name,
        age=scenario.resident.age,
        meeting=scenario.setting.meeting,
        briefing=" ".join(str(scenario.setting.briefing).split()),
    )
    await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=mode_keyboard(svc, scenario))


async def chose_mode(update: Update, context: Context) -> None:
    """The mode was chosen: start the conversation (once per keyboard)."""
    query, user = update.callback_query, update.effective_user
    if query is None or query.data is None or user is None or query.message is None:
        return
    svc = services(context)
    _, scenario_id, mode = [*query.data.split(":"), "", ""][:3]
    scenario = svc.library.scenarios.get(scenario_id)
    if scenario is None or mode not in MODES:
        await query.answer(svc.texts.unknown_scenario, show_alert=True)
        return
    sender = sender_id(user.id, query.message.message_id)
    running = sessions.load(context.user_data)
    if running is not None and running.sender_id == sender:
        await query.answer(svc.texts.already_started)
        return
    await query.answer()
    chosen = fill(
        svc.texts.mode_chosen,
        title=scenario.title,
        resident=scenario.resident.name,
        mode=svc.texts.mode_names.get(mode, mode),
    )
    await query.edit_message_text(chosen, parse_mode=ParseMode.HTML)
    session = Session(kind=GESPREK, sender_id=sender, scenario_id=scenario.id, mode=mode)
    await begin(context, query.message.chat.id, session, fill(""))
