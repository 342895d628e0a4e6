"""In-memory stand-ins for the bot's Protocols (accounts, Rasa), for the handler tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from telegram_bot.accounts import Account, ConversationRef
from telegram_bot.rasa_client import BotMessage, RasaUnavailableError

CODE = "ABCD-EFGH"


@dataclass
class MemoryAccounts:
    """One trainee with code CODE; Telegram links and conversations in dictionaries."""

    trainee: Account = field(default_factory=lambda: Account(7, "Anna <de> Vries"))
    links: dict[int, int] = field(default_factory=dict)
    conversations: list[tuple[str, int, str, str]] = field(default_factory=list)
    failing: bool = False

    async def linked(self, telegram_user_id: int) -> Account | None:
        if self.failing:
            raise RuntimeError("database on fire")
        return self.trainee if self.links.get(telegram_user_id) == self.trainee.trainee_id else None

    async def link(self, code: str, telegram_user_id: int) -> Account | None:
        if code.replace("-", "").upper() != CODE.replace("-", ""):
            return None
        self.links[telegram_user_id] = self.trainee.trainee_id
        return self.trainee

    async def start_conversation(self, sender_id: str, trainee_id: int, scenario_id: str, mode: str) -> None:
        self.conversations.append((sender_id, trainee_id, scenario_id, mode))

    async def last_conversation(self, trainee_id: int) -> ConversationRef | None:
        mine = [c for c in self.conversations if c[1] == trainee_id]
        return ConversationRef(mine[-1][0], mine[-1][2], "telegram", mine[-1][3]) if mine else None

    async def count_conversations(self, trainee_id: int) -> int:
        return sum(1 for c in self.conversations if c[1] == trainee_id)

    async def erase(self, trainee_id: int, telegram_user_id: int, unlink: bool) -> int:
        count = await self.count_conversations(trainee_id)
        self.conversations = [c for c in self.conversations if c[1] != trainee_id]
        if unlink:
            self.links.pop(telegram_user_id, None)
        return count


BETTER = "Wat maakt het zo <zwaar> voor u?"


def assessment(turn: int, score: float = 6.5, better: str | None = BETTER) -> dict[str, Any]:
    """An assessment as the core makes it (Assessment.to_dict())."""
    return {
        "turn": turn,
        "moves": [{"label": "open_vraag", "confidence": 0.9, "quote": "wat", "sources": ["model"]},
                  {"label": "sussen", "confidence": 0.8, "quote": "komt goed", "sources": ["patroon"]}],
        "lsd": {"luisteren": 2, "samenvatten": 0, "doorvragen": 3},
        "levels": {"inhoud": True, "emotie": False, "intentie": False},
        "flags": ["teflon:sussen"],
        "score": score,
        "feedback": "U vroeg door met een open vraag ('wat') & dat is goed.",
        "better_reply": better,
        "effects": [],
    }


@dataclass
class ScriptedRasa:
    """Answers like the action server: an opening, then a turn per reply; can be switched off."""

    up: bool = True
    empty: bool = False
    proxy_down: bool = False  # the scaled-out setup: nginx answers with the actions_down notice
    end_after: int = 99
    received: list[tuple[str, str]] = field(default_factory=list)
    turns: dict[str, int] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)

    async def send(self, sender_id: str, message: str, metadata: dict[str, Any]) -> list[BotMessage]:
        if not self.up:
            raise RasaUnavailableError("connection refused")
        self.received.append((sender_id, message))
        if self.empty:
            return []
        if self.proxy_down:
            text = "De bewoner reageert even niet."
            return [BotMessage(text=text), BotMessage(data={"type": "notice", "code": "actions_down", "text": text})]
        if message.startswith("/start_scenario"):
            options = json.loads(message[len("/start_scenario"):])
            self.turns[sender_id] = 0
            self.modes[sender_id] = options["mode"]
            line = "Ik wil weten of ik <b>veilig</b> ben & blijf."
            return [BotMessage(text=line), BotMessage(data={
                "type": "opening", "scenario": options["scenario_id"], "mode": options["mode"],
                "resident_line": line, "state": {"mood": "boos", "ended": False}})]
        if sender_id not in self.turns:
            text = "Er loopt nog geen gesprek."
            return [BotMessage(text=text), BotMessage(data={"type": "notice", "code": "no_scenario", "text": text})]
        self.turns[sender_id] += 1
        turn = self.turns[sender_id]
        ended = turn >= self.end_after
        line = f"Reactie {turn} op: {message}"
        toets = self.modes[sender_id] == "toets"
        data = {
            "type": "turn", "resident_line": line, "mode": self.modes[sender_id],
            "state": {"mood": "onrustig", "turn": turn, "ended": ended, "outcome": "resolved" if ended else None},
            "assessment": None if toets and not ended else assessment(turn),
            "scorecard": scorecard() if ended else None,
            "records": [record(t) for t in range(1, turn + 1)] if ended else None,
        }
        return [BotMessage(text=line), BotMessage(data=data)]

    async def state(self, sender_id: str) -> dict[str, Any] | None:
        if not self.up:
            raise RasaUnavailableError("connection refused")
        turns = self.turns.get(sender_id)
        if turns is None:
            return None
        return conversation_state("azc-onveilig", turns)

    async def close(self) -> None:
        return None


def record(turn: int) -> dict[str, Any]:
    """A per-turn record as the core keeps it in the conversation slot."""
    return assessment(turn) | {"reply": f"antwoord {turn} <i>", "resident": "…", "emotion": 5, "trust": 5,
                               "stage": "zorg"}


def conversation_state(scenario: str, turns: int, outcome: str | None = None) -> dict[str, Any]:
    """The ``conversation`` slot (ConversationState.to_dict())."""
    return {
        "scenario": scenario, "mode": "oefen", "seed": 3, "records": [record(t) for t in range(1, turns + 1)],
        "resident": {"emotion": 5, "trust": 5, "disclosure": 2, "stage": 1, "turn": turns, "acknowledged": True,
                     "bounded": False, "unbounded_turns": 0, "topics": [], "concern_touched": False,
                     "uncovered_turn": None, "outcome": outcome, "used": [], "last_line": "…"},
    }


def scorecard() -> dict[str, Any]:
    """A scorecard as the core sends it at the end."""
    return {"turns": 2, "outcome": "resolved", "lsd": {"luisteren": 2.0, "samenvatten": 1.5, "doorvragen": 3.0},
            "moves": {"open_vraag": 2}, "concern_uncovered": True, "concern_turn": 2, "teflon": [],
            "boundary": "niet nodig", "grade": 7.4, "explanation": ["Cijfer 7.4 = …"], "tips": ["Vat samen."]}
