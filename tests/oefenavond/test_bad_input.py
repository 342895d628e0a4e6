"""Hostile replies through the scoring: no crash, bounded time, a clear answer for what cannot be scored.

At least 10,000 generated replies through the core on linguistic evidence (the rules), and a few
hundred through the trained model as the action server uses it.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from oefenavond.messages import load_messages
from oefenavond.moves.text import MAX_REPLY_CHARS
from tests.hostile_replies import replies

# Report the failing reply as generated: shrinking against a running stack takes long, and
# hypothesis 6's shrinker trips over its own character intervals here (ValueError in intervalsets).
NO_SHRINK = (Phase.explicit, Phase.generate)
pytestmark = pytest.mark.bad_input

RULES_EXAMPLES = 10_000
MODEL_EXAMPLES = 300
RULES_SECONDS_PER_REPLY = 2.0
MODEL_SECONDS_PER_REPLY = 5.0
QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


def score(practice: Any, state: Any, reply: str, rankings_for: Any = None) -> str:
    """What the action server does with a reply: 'unscorable' or the scored turn's payload checked."""
    analysis = practice.analyse(state, reply)
    if not analysis.segments:
        # The action answers with the 'unscorable' notice; that is only right when there are no words.
        assert not any(ch.isalnum() for ch in reply[:MAX_REPLY_CHARS]), reply[:200]
        return "unscorable"
    rankings = rankings_for(analysis) if rankings_for else None
    turn = practice.reply(state, analysis, rankings)
    payload = turn.payload()
    json.dumps(payload)  # it must travel as JSON
    assert payload["type"] == "turn" and payload["resident_line"].strip()
    assert 0 <= payload["state"]["emotion"] <= 10 and 0 <= payload["state"]["trust"] <= 10
    assessment = payload["assessment"]
    assert assessment["feedback"] and all(0 <= v <= 3 for v in assessment["lsd"].values())
    return "turn"


def test_ten_thousand_hostile_replies_through_the_rules(practice: Any) -> None:
    state, _ = practice.open("azc-onveilig", "oefen", seed=3)
    outcomes: dict[str, int] = {}
    slowest = [0.0]

    @settings(max_examples=RULES_EXAMPLES, deadline=timedelta(seconds=RULES_SECONDS_PER_REPLY), database=None,
              derandomize=True, phases=NO_SHRINK, suppress_health_check=QUIET)
    @given(replies)
    def check(reply: str) -> None:
        started = time.perf_counter()
        outcome = score(practice, state, reply)
        slowest[0] = max(slowest[0], time.perf_counter() - started)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    check()
    assert sum(outcomes.values()) >= RULES_EXAMPLES
    assert outcomes.get("turn") and outcomes.get("unscorable"), outcomes
    assert slowest[0] < RULES_SECONDS_PER_REPLY


def test_the_unscorable_answer_is_clear_dutch() -> None:
    text = load_messages().unscorable
    assert "niet beoordelen" in text and len(text) < 200


@pytest.mark.model
def test_hostile_replies_through_the_trained_model(practice: Any) -> None:
    from oefenavond.cli.common import Core
    from tests.conftest import MODEL, need

    need(MODEL.exists(), f"no trained model at {MODEL}")
    core = Core(MODEL)
    state, _ = practice.open("bos-kap", "oefen", seed=4)
    assert core.classifier is not None  # load the model before the clock of the per-reply deadline runs
    seen = []

    @settings(max_examples=MODEL_EXAMPLES, deadline=timedelta(seconds=MODEL_SECONDS_PER_REPLY), database=None,
              derandomize=True, phases=NO_SHRINK, suppress_health_check=QUIET)
    @given(replies)
    def check(reply: str) -> None:
        seen.append(score(core.practice, state, reply, core.rank))

    check()
    assert len(seen) >= MODEL_EXAMPLES

