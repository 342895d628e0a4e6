"""A limit on wrong linking codes per Telegram account, against guessing."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW = 15 * 60.0
"""At most MAX_FAILURES wrong codes per WINDOW seconds."""


class Attempts:
    """Remembers recent failed attempts per user, in memory."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max = max_failures
        self._window = window
        self._clock = clock
        self._failures: dict[int, deque[float]] = {}

    def blocked(self, user_id: int) -> bool:
        """True while the user has had too many failures recently."""
        failures = self._failures.get(user_id)
        if not failures:
            return False
        while failures and failures[0] < self._clock() - self._window:
            failures.popleft()
        if not failures:
            del self._failures[user_id]
        return len(failures) >= self._max

    def failed(self, user_id: int) -> None:
        """Count a wrong code."""
        self._failures.setdefault(user_id, deque()).append(self._clock())

    def succeeded(self, user_id: int) -> None:
        """Forget the user's failures."""
        self._failures.pop(user_id, None)
