"""Before the bot runs: wait until the Bot API answers, so an offline start does not crash."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Bot
from telegram.error import InvalidToken, NetworkError

logger = logging.getLogger(__name__)
LONGEST_WAIT = 60.0


async def _get_me(bot: Bot) -> None:
    async with bot:  # initialize() calls getMe
        pass


def wait_for_telegram(bot: Bot, sleep: float = 1.0) -> bool:
    """Try getMe until it answers (True) or the token is refused (False); waits grow to a minute."""
    while True:
        try:
            asyncio.run(_get_me(bot))
            return True
        except InvalidToken:
            return False
        except NetworkError as error:
            logger.warning("Telegram Bot API not reachable (%s); trying again in %.0f s", error, sleep)
            time.sleep(sleep)
            sleep = min(sleep * 2, LONGEST_WAIT)
