"""The bot process: webhook mode, and a start while the Bot API is not reachable yet."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from telegram_bot.webhook import SECRET_HEADER, webhook_secret
from tests.conftest import free_port
from tests.telegram_bot.conftest import ROOT, bot_env, start_bot, stop_bot
from tests.telegram_bot.fake_telegram import FakeTelegram


def test_webhook_mode_checks_the_secret_and_answers_updates(fake: FakeTelegram, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    env = bot_env(TELEGRAM_WEBHOOK_URL=url, TELEGRAM_WEBHOOK_PORT=str(port),
                  DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", RASA_URL=f"http://127.0.0.1:{free_port()}")
    bot = start_bot(fake, env, tmp_path)
    try:
        hook = fake.wait_for(lambda: fake.calls_of("setWebhook"), 20, "setWebhook")[0].params
        secret = webhook_secret(fake.token)
        assert hook["url"] == url and hook["secret_token"] == secret
        assert not fake.calls_of("getUpdates")
        fake.wait_for(lambda: _answers(f"http://127.0.0.1:{port}/health"), 20, "the webhook server")
        update = {"update_id": 1, "message": fake.message(77, text="/drill")}
        assert httpx.post(url, json=update).status_code == 403
        assert httpx.post(url, json=update, headers={SECRET_HEADER: "fout"}).status_code == 403
        assert httpx.post(url, json=update, headers={SECRET_HEADER: secret}).status_code == 200
        assert "alleen voor deelnemers" in fake.wait_for_text(77, "deelnemers")["text"]
    finally:
        assert stop_bot(bot) == 0, bot.output()[-2000:]


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        time.sleep(0.1)
        return False


def test_the_bot_waits_for_an_unreachable_bot_api_instead_of_crashing(tmp_path: Path) -> None:
    port = free_port()
    late = FakeTelegram(port=port)
    env = bot_env(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", TELEGRAM_BOT_TOKEN=late.token,
                  TELEGRAM_API_BASE_URL=late.base_url)
    log = tmp_path / "early.log"
    with log.open("wb") as handle:
        process = subprocess.Popen([sys.executable, "-m", "telegram_bot"], cwd=ROOT, env=env,
                                   stdout=handle, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while "not reachable" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.1)
        assert process.poll() is None and "not reachable" in log.read_text()
        with late:
            # Polling starts right after deleteWebhook: only then is SIGTERM a normal stop.
            late.wait_for(lambda: late.calls_of("deleteWebhook"), 30, "the bot to start once the API is there")
            time.sleep(1)
            process.terminate()
            assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()
