"""The trained Rasa NLU model, loaded in this process for the command line (lazy Rasa import)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from oefenavond.settings import PROJECT_DIR

DEFAULT_MODEL = PROJECT_DIR / "models" / "oefenavond.tar.gz"


class ModelMissingError(FileNotFoundError):
    """No trained model where one was expected."""


class RasaClassifier:
    """Ranks texts with the trained DIET classifier, without a server."""

    def __init__(self, model: Path = DEFAULT_MODEL) -> None:
        if not model.exists():
            raise ModelMissingError(f"no trained model at {model}: run `make model` first")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        logging.getLogger("rasa").setLevel(logging.ERROR)
        import structlog  # noqa: PLC0415
        from rasa.core.agent import Agent  # noqa: PLC0415 - Rasa only where a model is used

        # Rasa logs every parse through structlog to standard output, which is our data channel.
        structlog.configure(
            wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
            logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        )

        self._loop = asyncio.new_event_loop()
        self._agent = Agent.load(str(model))

    def parse(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        """Per text the parts of Rasa's parse that rank moves: ``intent_ranking`` and ``move_scores``."""
        parses = [self._loop.run_until_complete(self._agent.parse_message(text)) for text in texts]
        return [{key: parse.get(key) for key in ("intent_ranking", "move_scores")} for parse in parses]
