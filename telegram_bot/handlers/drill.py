"""/drill: a few replies to a resident from a random scenario, with feedback and a score."""

from __future__ import annotations

import random

from telegram import Update

from telegram_bot.conversation import begin, sender_id
from telegram_bot.markup import fill
from telegram_bot.services import Context, services
from telegram_bot.sessions import DRILL, Session


async def drill(update: Update, context: Context) -> None:
    """Pick a resident at random and open the conversation."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    scenario = random.choice(sorted(svc.library, key=lambda s: s.id))
    session = Session(
        kind=DRILL,
        sender_id=sender_id(user.id, message.message_id),
        scenario_id=scenario.id,
        mode="oefen",
        rounds=svc.drill_rounds,
    )
    intro = fill(
        svc.texts.drill_intro,
        rounds=svc.drill_rounds,
        resident=scenario.resident.name,
        age=scenario.resident.age,
        meeting=scenario.setting.meeting,
        topic=scenario.setting.topic,
    )
    await begin(context, message.chat_id, session, intro)
