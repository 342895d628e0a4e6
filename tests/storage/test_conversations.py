"""Conversations: registration, the latest one, erasure from the tracker's events table."""

from __future__ import annotations

import pytest

from storage import accounts, conversations
from storage.conversations import ConversationError
from storage.database import Database
from tests.storage.rasa_events import add_bot, add_user, count_events, create_events_table


def _trainees(db: Database) -> tuple[int, int]:
    trainer = accounts.create_trainer("anna", "Anna", "wachtwoord", db=db)
    group = accounts.create_group("Groep", trainer.id, db=db)
    sanne, _ = accounts.create_trainee("Sanne", group.id, db=db)
    bram, _ = accounts.create_trainee("Bram", group.id, db=db)
    return sanne.id, bram.id


def test_start_conversation_registers_once(db: Database) -> None:
    sanne, bram = _trainees(db)
    first = conversations.start_conversation("web-1", sanne, "azc-onveilig", "web", "oefen", db=db)
    assert (first.sender_id, first.trainee_id, first.channel, first.mode) == ("web-1", sanne, "web", "oefen")
    again = conversations.start_conversation("web-1", sanne, "azc-onveilig", "web", "oefen", db=db)
    assert again == first
    with pytest.raises(ConversationError):
        conversations.start_conversation("web-1", bram, "azc-onveilig", "web", "oefen", db=db)
    assert conversations.get_conversation("web-1", db=db) == first
    assert conversations.get_conversation("nope", db=db) is None


@pytest.mark.parametrize(
    ("channel", "mode", "sender"),
    [("sms", "oefen", "s"), ("web", "examen", "s"), ("web", "oefen", ""), ("web", "oefen", "x" * 256)],
)
def test_start_conversation_refuses_bad_values(db: Database, channel: str, mode: str, sender: str) -> None:
    sanne, _ = _trainees(db)
    with pytest.raises(ConversationError):
        conversations.start_conversation(sender, sanne, "azc-onveilig", channel, mode, db=db)


def test_start_conversation_needs_a_trainee(db: Database) -> None:
    with pytest.raises(ConversationError):
        conversations.start_conversation("web-1", 9999, "azc-onveilig", "web", "oefen", db=db)


def test_last_conversation_is_the_newest_optionally_per_channel(db: Database) -> None:
    sanne, bram = _trainees(db)
    assert conversations.last_conversation(sanne, db=db) is None
    conversations.start_conversation("web-1", sanne, "azc-onveilig", "web", "oefen", db=db)
    conversations.start_conversation("tg-1", sanne, "bos-kap", "telegram", "toets", db=db)
    conversations.start_conversation("web-2", bram, "escalatie", "web", "oefen", db=db)
    last = conversations.last_conversation(sanne, db=db)
    assert last is not None and last.sender_id == "tg-1"
    on_web = conversations.last_conversation(sanne, "web", db=db)
    assert on_web is not None and on_web.sender_id == "web-1"
    assert [c.sender_id for c in conversations.list_conversations(sanne, db=db)] == ["tg-1", "web-1"]
    assert last.started_at.tzinfo is not None


def test_erase_removes_the_trainees_conversations_and_tracker_events_only(db: Database) -> None:
    sanne, bram = _trainees(db)
    create_events_table(db)
    for sender, trainee in (("web-s", sanne), ("tg-s", sanne), ("web-b", bram)):
        channel = "telegram" if sender.startswith("tg") else "web"
        conversations.start_conversation(sender, trainee, "azc-onveilig", channel, "oefen", db=db)
        add_user(db, sender, "Hoe gaat het?", "m1")
        add_bot(db, sender, {"type": "turn", "resident_line": "Slecht."})
    add_user(db, "someone-else", "hallo")
    accounts.link_telegram(sanne, 555, db=db)

    erased = conversations.erase_trainee_data(sanne, db=db)

    assert (erased.conversations, erased.events) == (2, 4)
    assert count_events(db, "web-s") == count_events(db, "tg-s") == 0
    assert count_events(db, "web-b") == 2 and count_events(db, "someone-else") == 1
    assert conversations.last_conversation(sanne, db=db) is None
    assert conversations.last_conversation(bram, db=db) is not None
    assert accounts.get_trainee(sanne, db=db) is not None  # the account stays
    assert accounts.trainee_by_telegram(555, db=db) is not None


def test_erase_works_before_rasa_created_its_table(db: Database) -> None:
    sanne, _ = _trainees(db)
    conversations.start_conversation("web-s", sanne, "azc-onveilig", "web", "oefen", db=db)
    erased = conversations.erase_trainee_data(sanne, db=db)
    assert (erased.conversations, erased.events) == (1, 0)


def test_delete_trainee_removes_everything(db: Database) -> None:
    sanne, bram = _trainees(db)
    create_events_table(db)
    conversations.start_conversation("web-s", sanne, "azc-onveilig", "web", "oefen", db=db)
    add_user(db, "web-s", "Hoe gaat het?")
    accounts.link_telegram(sanne, 555, db=db)
    erased = conversations.delete_trainee(sanne, db=db)
    assert (erased.conversations, erased.events, erased.telegram_links, erased.trainees) == (1, 1, 1, 1)
    assert accounts.get_trainee(sanne, db=db) is None
    assert accounts.trainee_by_telegram(555, db=db) is None
    assert accounts.get_trainee(bram, db=db) is not None
