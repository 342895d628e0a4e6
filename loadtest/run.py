"""A load run: N simulated trainees, each through full scenarios until it has given its turns."""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from loadtest.client import RasaClient, Sent
from loadtest.replies import Script, load_scripts
from loadtest.safety import check_bounds, check_loopback
from loadtest.stats import summary

NOTICE_PAUSE = 1.0  # a trainee who reads "the resident does not answer" tries again after this


@dataclass(frozen=True)
class LoadConfig:
    """What to run against which server."""

    url: str
    token: str | None = None
    trainees: int = 10
    turns: int = 10
    think_seconds: float = 0.0  # mean pause before each reply (uniform between half and one and a half)
    max_seconds: float = 300.0
    prefix: str = ""
    seed: int = 1

    def __post_init__(self) -> None:
        check_loopback(self.url, "the Rasa URL")
        check_bounds(self.trainees, self.turns, self.max_seconds)
        if self.think_seconds < 0:
            raise ValueError("think_seconds must be 0 or more")


@dataclass
class Conversation:
    """One conversation of one trainee with one resident (one Rasa sender id)."""

    sender: str
    scenario: str
    script: str
    sent: list[Sent] = field(default_factory=list)


@dataclass
class LoadResult:
    """Everything the trainees sent and what came of it."""

    config: LoadConfig
    prefix: str
    conversations: list[Conversation]
    elapsed: float
    timed_out: bool
    started: float = 0.0  # time.monotonic() at the start; Sent.at counts from here

    def sent(self) -> list[Sent]:
        """Every message of the run."""
        return [s for c in self.conversations for s in c.sent]

    def turns(self) -> list[Sent]:
        """The scored replies."""
        return [s for s in self.sent() if s.outcome == "turn"]

    def errors(self) -> list[Sent]:
        """Messages that got no answer of the software in the end."""
        return [s for s in self.sent() if not s.ok]

    def notices(self) -> dict[str, int]:
        """How often each notice code was answered."""
        counts: dict[str, int] = {}
        for s in self.sent():
            if s.outcome.startswith("notice:"):
                counts[s.outcome] = counts.get(s.outcome, 0) + 1
        return counts

    def turn_problems(self) -> list[str]:
        """Answers whose turn number is not the next one: the server lost or repeated a turn."""
        problems = []
        for conversation in self.conversations:
            expected = 0
            for s in conversation.sent:
                if s.outcome == "turn":
                    expected += 1
                    if s.turn != expected:
                        problems.append(f"{conversation.sender}: answer says turn {s.turn}, expected {expected}")
        return problems

    def summary(self) -> dict[str, Any]:
        """Counts and latencies, as JSON-friendly data."""
        turns = self.turns()
        return {
            "trainees": self.config.trainees,
            "turns_per_trainee": self.config.turns,
            "think_seconds": self.config.think_seconds,
            "elapsed_s": round(self.elapsed, 1),
            "timed_out": self.timed_out,
            "conversations": len(self.conversations),
            "messages": len(self.sent()),
            "turns": len(turns),
            "turns_per_s": round(len(turns) / self.elapsed, 2) if self.elapsed else 0.0,
            "errors": len(self.errors()),
            "error_kinds": sorted({s.outcome for s in self.errors()}),
            "recovered": sum(s.recovered for s in self.sent()),
            "notices": self.notices(),
            "turn_latency": {k: round(v, 1) for k, v in summary([s.latency_ms for s in turns]).items()},
            "turn_problems": self.turn_problems(),
        }


def start_message(scenario: str, seed: int) -> str:
    """The message that opens a scenario, as the clients send it."""
    return "/start_scenario" + json.dumps({"scenario_id": scenario, "seed": str(seed)})


async def open_conversation(client: RasaClient, conversation: Conversation, seed: int) -> bool:
    """Start the resident; when the notice says the resident does not answer, try again as a trainee would."""
    while time.monotonic() < client.deadline:
        opening = await client.deliver(conversation.sender, start_message(conversation.scenario, seed), "start")
        conversation.sent.append(opening)
        if opening.outcome != "notice:actions_down":
            return opening.outcome == "opening"
        await asyncio.sleep(NOTICE_PAUSE)
    return False


async def trainee(client: RasaClient, config: LoadConfig, prefix: str, index: int, script: Script,
                  rng: random.Random, conversations: list[Conversation]) -> None:
    """One trainee: opens the script's resident and replies until ``config.turns`` replies were scored;
    a conversation that ends (resolved, walked away, turn limit) is followed by a new one."""
    await asyncio.sleep(rng.uniform(0, min(2.0, config.think_seconds or 0.5)))
    scored = 0
    number = 0
    while scored < config.turns and time.monotonic() < client.deadline:
        conversation = Conversation(f"{prefix}-{index}-{number}", script.scenario, script.kind)
        conversations.append(conversation)
        number += 1
        if not await open_conversation(client, conversation, index + 1):
            return
        position = 0
        while scored < config.turns and time.monotonic() < client.deadline:
            if config.think_seconds:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * config.think_seconds)
            sent = await client.deliver(conversation.sender, script.replies[position % len(script.replies)], "reply")
            conversation.sent.append(sent)
            if sent.outcome == "turn":
                scored += 1
                position += 1
                if sent.ended:
                    break
            elif sent.outcome == "notice:actions_down":
                await asyncio.sleep(NOTICE_PAUSE)  # the same reply again, as a trainee would
            else:
                return  # an error or an unexpected answer: this trainee stops; the run reports it


async def run_load(config: LoadConfig) -> LoadResult:
    """Run every trainee at once; stop at ``config.max_seconds`` whatever happens."""
    prefix = config.prefix or f"load-{uuid.uuid4().hex[:8]}"
    scripts = load_scripts()
    rng = random.Random(config.seed)
    started = time.monotonic()
    deadline = started + config.max_seconds
    conversations: list[Conversation] = []
    connector = aiohttp.TCPConnector(limit=config.trainees + 10)
    timed_out = False
    async with aiohttp.ClientSession(connector=connector) as session:
        client = RasaClient(session, config.url, config.token, started, deadline)
        tasks = [asyncio.ensure_future(trainee(client, config, prefix, index, scripts[index % len(scripts)],
                                               random.Random(rng.random()), conversations))
                 for index in range(config.trainees)]
        done, pending = await asyncio.wait(tasks, timeout=config.max_seconds + 5)
        for task in pending:
            task.cancel()
        if pending:
            timed_out = True
            await asyncio.wait(pending)
        for task in done:
            task.result()  # a bug in the generator itself must not pass silently
    return LoadResult(config, prefix, sorted(conversations, key=lambda c: c.sender), time.monotonic() - started,
                      timed_out, started)
