"""What the actions share: the practice core loaded once, and segment rankings from Rasa's NLU."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from functools import cache
from typing import Any

import aiohttp

from oefenavond.moves import Analysis, Ranking, load_dutch
from oefenavond.moves.recognizer import parse_segments
from oefenavond.practice import Practice
from oefenavond.settings import Settings

logger = logging.getLogger(__name__)
PARSE_TIMEOUT = aiohttp.ClientTimeout(total=5)


@cache
def settings() -> Settings:
    """The settings of this process."""
    return Settings.from_env()


@cache
def practice() -> Practice:
    """Scenarios, recognizer and assessor, loaded on first use; broken scenarios are logged."""
    loaded = Practice.create(load_dutch(), settings().scenario_dir)
    for problem in loaded.library.problems:
        logger.error("scenario refused: %s", problem)
    return loaded


async def segment_rankings(analysis: Analysis, message: Mapping[str, Any]) -> list[Ranking] | None:
    """The classifier's ranking for every segment of the reply (``merge_rankings``).

    The tracker already holds Rasa's parse of the whole message. A reply of one segment uses it
    alone, and so does every segment with SEGMENT_PARSE=false (quicker, less precise). Otherwise
    the Rasa server's /model/parse ranks each segment; when that fails the whole message's ranking
    stands in, and the failure is logged.
    """
    if not analysis.segments:
        return None
    config = settings()
    recognizer = practice().recognizer
    if not parse_segments(analysis, config.segment_parse):
        return recognizer.rankings_from_parses(analysis, [message])
    params = {"token": config.rasa_api_token} if config.rasa_api_token else {}
    url = f"{config.rasa_base_url}/model/parse"
    try:
        async with aiohttp.ClientSession(timeout=PARSE_TIMEOUT) as session:

            async def parse(text: str) -> Mapping[str, Any]:
                async with session.post(url, json={"text": text}, params=params) as response:
                    response.raise_for_status()
                    parsed: Mapping[str, Any] = await response.json()
                    return parsed

            segments = list(await asyncio.gather(*(parse(s.text) for s in analysis.segments)))
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        logger.warning("segment parse failed (%s); the whole message's ranking stands in", error)
        return recognizer.rankings_from_parses(analysis, [message])
    return recognizer.rankings_from_parses(analysis, [*segments, message])
