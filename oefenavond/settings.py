"""One typed settings object, read from the environment. Secrets have no defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent


TRUE = frozenset({"1", "true", "yes", "ja", "on"})
FALSE = frozenset({"0", "false", "no", "nee", "off"})


class SettingsError(ValueError):
    """An environment variable has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the environment variable that sets it in ``env``."""

    rasa_port: int = 5005
    actions_port: int = 5055
    web_port: int = 8000
    host: str = "127.0.0.1"
    database_url: str = f"sqlite:///{PROJECT_DIR / 'var' / 'tracker.db'}"
    redis_url: str | None = None
    rasa_url: str | None = None
    rasa_api_token: str | None = None
    scenario_dir: Path = PROJECT_DIR / "scenarios"
    web_secret_key: str | None = None
    web_https: bool = False
    rasa_public_url: str | None = None
    telegram_bot_token: str | None = None
    telegram_api_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_port: int = 8443
    telegram_state_file: Path = PROJECT_DIR / "var" / "telegram-bot.pickle"
    rasa_servers: int = 2
    action_servers: int = 1
    rasa_backend_port: int = 5010
    actions_backend_port: int = 5060
    nginx: str = "nginx"
    database_retry_seconds: int = 30
    segment_parse: bool = True
    chat_answer_seconds: int = 25

    ENV: ClassVar[dict[str, str]] = {
        "rasa_port": "RASA_PORT",
        "actions_port": "ACTIONS_PORT",
        "web_port": "WEB_PORT",
        "host": "OEFENAVOND_HOST",
        "database_url": "DATABASE_URL",
        "redis_url": "REDIS_URL",
        "rasa_url": "RASA_URL",
        "rasa_api_token": "RASA_API_TOKEN",
        "scenario_dir": "OEFENAVOND_SCENARIOS",
        "web_secret_key": "WEB_SECRET_KEY",
        "web_https": "WEB_HTTPS",
        "rasa_public_url": "RASA_PUBLIC_URL",
        "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
        "telegram_api_base_url": "TELEGRAM_API_BASE_URL",
        "telegram_webhook_url": "TELEGRAM_WEBHOOK_URL",
        "telegram_webhook_port": "TELEGRAM_WEBHOOK_PORT",
        "telegram_state_file": "TELEGRAM_STATE_FILE",
        "rasa_servers": "RASA_SERVERS",
        "action_servers": "ACTION_SERVERS",
        "rasa_backend_port": "RASA_BACKEND_PORT",
        "actions_backend_port": "ACTIONS_BACKEND_PORT",
        "nginx": "NGINX",
        "database_retry_seconds": "DATABASE_RETRY_SECONDS",
        "segment_parse": "SEGMENT_PARSE",
        "chat_answer_seconds": "CHAT_ANSWER_SECONDS",
    }
    # Whole numbers that are counts or durations, not ports: their allowed range.
    RANGES: ClassVar[dict[str, tuple[int, int]]] = {
        "rasa_servers": (1, 16),
        "action_servers": (1, 16),
        "database_retry_seconds": (0, 600),
        "chat_answer_seconds": (5, 600),
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings; a malformed value raises SettingsError naming the variable."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in fields(cls):
            name = cls.ENV.get(field.name)
            raw = environ.get(name, "").strip() if name else ""
            if not raw:
                continue
            if field.type == "int" and field.name in cls.RANGES:
                low, high = cls.RANGES[field.name]
                if not raw.isdigit() or not low <= int(raw) <= high:
                    raise SettingsError(f"{name}={raw!r} must be a whole number from {low} to {high}")
                values[field.name] = int(raw)
            elif field.type == "int":
                if not raw.isdigit() or not 0 < int(raw) < 65536:
                    raise SettingsError(f"{name}={raw!r} must be a port number (1-65535)")
                values[field.name] = int(raw)
            elif field.type == "bool":
                if raw.lower() not in TRUE | FALSE:
                    accepted = ", ".join(sorted(TRUE | FALSE))
                    raise SettingsError(f"{name}={raw!r} must be one of {accepted}")
                values[field.name] = raw.lower() in TRUE
            elif field.type == "Path":
                values[field.name] = Path(raw)
            else:
                values[field.name] = raw
        settings = cls(**values)  # type: ignore[arg-type]
        settings._check()
        return settings

    def _check(self) -> None:
        scheme = urlsplit(self.database_url).scheme.split("+")[0]
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise SettingsError(
                f"DATABASE_URL must start with sqlite:/// or postgresql://, not {self.database_url!r}"
            )
        if self.redis_url and urlsplit(self.redis_url).scheme not in ("redis", "rediss"):
            raise SettingsError(f"REDIS_URL must start with redis://, not {self.redis_url!r}")
        urls = ("rasa_url", "rasa_public_url", "telegram_api_base_url", "telegram_webhook_url")
        for name in urls:
            value = getattr(self, name)
            if value and urlsplit(value).scheme not in ("http", "https"):
                raise SettingsError(f"{self.ENV[name]} must be an http(s) URL, not {value!r}")

    @property
    def database_dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        scheme = urlsplit(self.database_url).scheme.split("+")[0]
        return "postgresql" if scheme == "postgres" else scheme

    @property
    def rasa_base_url(self) -> str:
        """Where the other processes reach the Rasa server."""
        return (self.rasa_url or f"http://{self.host}:{self.rasa_port}").rstrip("/")

    @property
    def rasa_browser_url(self) -> str:
        """Where a trainee's browser reaches the Rasa server (socket.io); RASA_PUBLIC_URL if set."""
        return (self.rasa_public_url or self.rasa_base_url).rstrip("/")
