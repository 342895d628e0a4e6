"""One typed settings object from the environment; bad values are named."""

import pytest

from oefenavond.settings import Settings, SettingsError


def test_defaults_use_sqlite_and_the_standard_ports() -> None:
    settings = Settings.from_env({})
    assert (settings.rasa_port, settings.actions_port, settings.web_port) == (5005, 5055, 8000)
    assert settings.database_dialect == "sqlite"
    assert settings.web_secret_key is None and settings.telegram_bot_token is None


def test_environment_overrides() -> None:
    settings = Settings.from_env({"RASA_PORT": "6005", "DATABASE_URL": "postgresql://u@127.0.0.1/db"})
    assert settings.rasa_port == 6005
    assert settings.database_dialect == "postgresql"
    assert settings.rasa_base_url == "http://127.0.0.1:6005"
    assert Settings.from_env({}).chat_answer_seconds == 25
    assert Settings.from_env({"CHAT_ANSWER_SECONDS": "40"}).chat_answer_seconds == 40


@pytest.mark.parametrize(
    ("name", "value"),
    [("RASA_PORT", "abc"), ("WEB_PORT", "70000"), ("DATABASE_URL", "mysql://x"), ("REDIS_URL", "http://x"),
     ("TELEGRAM_API_BASE_URL", "ftp://x"), ("CHAT_ANSWER_SECONDS", "2"), ("CHAT_ANSWER_SECONDS", "soon")],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
