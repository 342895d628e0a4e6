"""Fixtures for the Telegram bot: the fake Bot API, the bot as a process, a switchable Rasa proxy."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.telegram_bot.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    """A fresh fake Bot API for one test."""
    with FakeTelegram() as server:
        yield server


@dataclass
class BotProcess:
    """``python -m telegram_bot`` running against a fake Bot API."""

    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        """What the bot logged so far."""
        return self.log.read_text(errors="replace")


def start_bot(
    fake: FakeTelegram, env: dict[str, str], tmp: Path, timeout: float = 60, log_name: str = "bot.log"
) -> BotProcess:
    """Start the bot process; return once it registered its commands and polls (or serves)."""
    log = tmp / log_name
    since = fake.mark()
    full_env = dict(
        env,
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        TELEGRAM_STATE_FILE=str(tmp / "telegram-bot.pickle"),
        PYTHONUNBUFFERED="1",
    )
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "telegram_bot"], cwd=ROOT, env=full_env, stdout=handle, stderr=subprocess.STDOUT
        )
    bot = BotProcess(process, log)
    deadline = time.monotonic() + timeout
    while not fake.calls_of("setMyCommands", since):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_bot(bot)
            pytest.fail(f"the bot did not start:\n{bot.output()[-3000:]}")
        time.sleep(0.1)
    return bot


def stop_bot(bot: BotProcess) -> int:
    """SIGTERM the bot and wait for it."""
    if bot.process.poll() is None:
        bot.process.terminate()
        try:
            bot.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            bot.process.kill()
            bot.process.wait()
    return int(bot.process.returncode)


class SwitchableProxy:
    """A TCP proxy on 127.0.0.1 to ``target``; switched off, it drops every connection at once."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.up = True
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._writers: set[asyncio.StreamWriter] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rasa-proxy", daemon=True)

    @property
    def url(self) -> str:
        """The proxy's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SwitchableProxy:
        """Listen on a free port."""
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        """Stop listening."""
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def switch(self, up: bool) -> None:
        """Turn the proxy on or off (off closes open connections too)."""
        self.up = up
        if not up:
            self._loop.call_soon_threadsafe(self._close_all)

    def _close_all(self) -> None:
        for writer in list(self._writers):
            writer.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.close()
            return
        try:
            target_reader, target_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.update((writer, target_writer))

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, target_writer), pipe(target_reader, writer))
        self._writers.difference_update((writer, target_writer))


def bot_env(**extra: str) -> dict[str, str]:
    """The environment for a bot process: this one, without settings that would leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(extra)
    return env
