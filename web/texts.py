"""The Dutch UI texts of the web app, loaded from web/content/texts.yml (content is data)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEXTS_PATH = Path(__file__).resolve().parent / "content" / "texts.yml"
REQUIRED = ("app_name", "signin", "picker", "chat", "debrief", "moves", "lsd", "moods", "errors")


class TextsError(ValueError):
    """texts.yml is missing or malformed."""


def read_texts(path: Path, required: tuple[str, ...]) -> dict[str, Any]:
    """A YAML file of texts as nested dicts; raises TextsError naming what is missing."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TextsError(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise TextsError(f"{path} must hold a mapping")
    missing = [key for key in required if key not in data]
    if missing:
        raise TextsError(f"{path} lacks {', '.join(missing)}")
    return data


@cache
def load_texts(path: Path = TEXTS_PATH) -> dict[str, Any]:
    """All UI texts as nested dicts; raises TextsError naming what is missing."""
    return read_texts(path, REQUIRED)


def fill(template: str, **values: object) -> str:
    """``template`` with ``{name}`` placeholders filled (a Jinja filter, too)."""
    return template.format(**values)
