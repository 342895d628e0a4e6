"""Who may use the bot and which conversations are theirs: a small Protocol over ``storage``.

The handlers see only :class:`Accounts`; :class:`StorageAccounts` implements it with the shared
``storage`` package (the same database as Rasa's tracker store). The storage API is synchronous
SQLAlchemy, so each call runs in a worker thread and never blocks the bot's event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Protocol

from telegram.ext import ContextTypes

from storage import accounts, conversations
from storage.database import Database

CHANNEL = "telegram"
KEY = "account"


@dataclass(frozen=True)
class Account:
    """A trainee linked to a Telegram account."""

    trainee_id: int
    name: str


@dataclass(frozen=True)
class ConversationRef:
    """A registered conversation: its Rasa sender id and what was practised."""

    sender_id: str
    scenario_id: str
    channel: str
    mode: str


def remember(user_data: dict[Any, Any] | None, found: Account | None) -> None:
    """Keep the account the access check found for this update's handlers (None: forget it)."""
    if user_data is None:
        return
    if found is None:
        user_data.pop(KEY, None)
    else:
        user_data[KEY] = {"trainee_id": found.trainee_id, "name": found.name}


def account(context: ContextTypes.DEFAULT_TYPE) -> Account:
    """The account of the user of this update (the access check ran before every handler)."""
    data = (context.user_data or {}).get(KEY)
    if not isinstance(data, dict):
        raise LookupError("no account for this update: is the access check registered?")
    return Account(int(data["trainee_id"]), str(data["name"]))


class Accounts(Protocol):
    """Accounts and conversations as the bot needs them."""

    async def linked(self, telegram_user_id: int) -> Account | None:
        """The trainee this Telegram account is linked to, or None (not allowed in)."""

    async def link(self, code: str, telegram_user_id: int) -> Account | None:
        """Link the Telegram account to the trainee with this personal code; None if unknown."""

    async def start_conversation(
        self, sender_id: str, trainee_id: int, scenario_id: str, mode: str
    ) -> None:
        """Register a Telegram conversation before its first message."""

    async def last_conversation(self, trainee_id: int) -> ConversationRef | None:
        """The trainee's most recent conversation on any channel, or None."""

    async def count_conversations(self, trainee_id: int) -> int:
        """How many conversations the trainee has (web and Telegram)."""

    async def erase(self, trainee_id: int, telegram_user_id: int, unlink: bool) -> int:
        """Delete the trainee's conversations (and optionally this link); how many were removed."""


class StorageAccounts:
    """Accounts backed by the ``storage`` package on one database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def linked(self, telegram_user_id: int) -> Account | None:
        """See Accounts.linked."""
        trainee = await asyncio.to_thread(
            accounts.trainee_by_telegram, telegram_user_id, db=self._db
        )
        return Account(trainee.id, trainee.name) if trainee else None

    async def link(self, code: str, telegram_user_id: int) -> Account | None:
        """See Accounts.link."""
        trainee = await asyncio.to_thread(accounts.trainee_by_code, code, db=self._db)
        if trainee is None:
            return None
        await asyncio.to_thread(
            accounts.link_telegram, trainee.id, telegram_user_id, db=self._db
        )
        return Account(trainee.id, trainee.name)

    async def start_conversation(
        self, sender_id: str, trainee_id: int, scenario_id: str, mode: str
    ) -> None:
        """See Accounts.start_conversation."""
        await asyncio.to_thread(
            conversations.start_conversation,
            sender_id,
            trainee_id,
            scenario_id,
            CHANNEL,
            mode,
            db=self._db,
        )

    async def last_conversation(self, trainee_id: int) -> ConversationRef | None:
        """See Accounts.last_conversation."""
        found = await asyncio.to_thread(conversations.last_conversation, trainee_id, db=self._db)
        if found is None:
            return None
        return ConversationRef(found.sender_id, found.scenario_id, found.channel, found.mode)

    async def count_conversations(self, trainee_id: int) -> int:
        """See Accounts.count_conversations."""
        found = await asyncio.to_thread(
            conversations.list_conversations, trainee_id, limit=10_000, db=self._db
        )
        return len(found)

    async def erase(self, trainee_id: int, telegram_user_id: int, unlink: bool) -> int:
        """See Accounts.erase."""
        erasure = await asyncio.to_thread(
            conversations.erase_trainee_data, trainee_id, db=self._db
        )
        if unlink:
            await asyncio.to_thread(accounts.unlink_telegram, telegram_user_id, db=self._db)
        return erasure.conversations
