"""The bot's Dutch texts (texts.yml), typed and checked when the bot starts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pydantic

from oefenavond.content import load_model

TEXTS_PATH = Path(__file__).resolve().parent / "texts.yml"


class Texts(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """Every text the bot sends; see texts.yml for what each is for."""

    commands: dict[str, str]
    welcome_unlinked: str
    already_linked: str
    linked: str
    unknown_code: str
    too_many_attempts: str
    not_allowed: str
    not_allowed_short: str
    help: str
    privacy: str
    erase_confirm: str
    erase_button_conversations: str
    erase_button_everything: str
    erase_button_cancel: str
    erased: str
    erased_and_unlinked: str
    erase_cancelled: str
    drill_intro: str
    choose_scenario: str
    choose_mode: str
    mode_button_oefen: str
    mode_button_toets: str
    mode_chosen: str
    mode_names: dict[str, str]
    already_started: str
    unknown_scenario: str
    previous_stopped: str
    your_turn: str
    resident_line: str
    moods: dict[str, str]
    feedback_header_drill: str
    feedback_header_gesprek: str
    feedback_moves: str
    feedback_no_moves: str
    feedback_better: str
    teflon_mark: str
    drill_done: str
    conversation_done: str
    outcomes: dict[str, str]
    score_title: str
    channels: dict[str, str]
    score_grade: str
    score_lsd: str
    score_concern_found: str
    score_concern_missed: str
    score_hidden_concern: str
    score_teflon: str
    score_boundary: str
    score_why: str
    score_tips: str
    score_turns: str
    score_turn: str
    no_score: str
    score_after_toets: str
    no_turns: str
    stopped: str
    stopped_pending: str
    nothing_to_stop: str
    no_conversation: str
    too_long: str
    not_text: str
    kinds: dict[str, str]
    edited: str
    unknown_command: str
    rasa_down: str
    actions_down: str
    retry_button: str
    nothing_pending: str
    score_unavailable: str
    error: str

    @pydantic.validator("commands")
    def _command_descriptions(cls, value: dict[str, str]) -> dict[str, str]:  # noqa: N805
        for command, description in value.items():
            if not command.isidentifier() or command.lower() != command or len(command) > 32:
                raise ValueError(f"{command!r} is not a Telegram command (a-z, 0-9, _)")
            if not 3 <= len(description) <= 256:
                raise ValueError(f"the description of /{command} must be 3-256 characters")
        return value


@cache
def load_texts(path: Path = TEXTS_PATH) -> Texts:
    """The shipped texts, loaded once."""
    return load_model(path, Texts)
