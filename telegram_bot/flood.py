"""Telegram's flood limits: when the Bot API says "retry after N seconds", wait and try again.

A rate limiter in PTB's sense (``ApplicationBuilder().rate_limiter``): it sees every request
except getUpdates. A RetryAfter pauses *all* requests for the time Telegram asks, then the request
is made again, up to ``max_retries`` times.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)
JSON = bool | dict[str, Any] | list[dict[str, Any]]


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait (PTB gives seconds or a timedelta, by version)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


class FloodRetry(BaseRateLimiter[int]):
    """React to flood control only: wait as asked, then retry; give up after ``max_retries``."""

    def __init__(self, max_retries: int = 3, longest_wait: float = 60.0) -> None:
        self._max_retries = max_retries
        self._longest_wait = longest_wait
        self._open = asyncio.Event()
        self._open.set()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSON:
        """Make the request; on RetryAfter pause everything, wait, and make it again."""
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await self._open.wait()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = retry_seconds(error)
                if attempt == retries or wait > self._longest_wait:
                    raise
                logger.warning("flood control on %s: waiting %.1f s (retry %d)", endpoint, wait, attempt + 1)
                self._open.clear()
                try:
                    await asyncio.sleep(wait + 0.1)
                finally:
                    self._open.set()
        raise AssertionError("unreachable")  # pragma: no cover
