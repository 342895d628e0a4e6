"""Reading a conversation back from the tracker's events table."""

from __future__ import annotations

from storage.database import Database
from storage.transcripts import read_transcript
from tests.storage.rasa_events import add_bot, add_slot, add_user, create_events_table


def test_transcript_holds_replies_payloads_message_ids_and_state(db: Database) -> None:
    create_events_table(db)
    add_user(db, "web-1", '/start_scenario{"scenario_id": "azc-onveilig", "mode": "oefen"}', "start")
    add_bot(db, "web-1", {"type": "opening", "resident_line": "Wat gaat er gebeuren?"})
    add_slot(db, "web-1", {"scenario": "azc-onveilig", "turn": 0})
    add_user(db, "web-1", "<script>alert(1)</script> Hoe bedoelt u?", "m1")
    add_bot(db, "web-1", {"type": "turn", "resident_line": "Nou, gewoon."})
    add_slot(db, "web-1", {"scenario": "azc-onveilig", "turn": 1})
    add_user(db, "web-2", "andere", "m9")

    transcript = read_transcript("web-1", db=db)

    assert transcript.started
    assert transcript.message_ids == {"start", "m1"}
    assert [(e.kind, e.text) for e in transcript.entries] == [
        ("bot", "Wat gaat er gebeuren?"),
        ("user", "<script>alert(1)</script> Hoe bedoelt u?"),
        ("bot", "Nou, gewoon."),
    ]
    assert transcript.entries[1].message_id == "m1"
    assert transcript.entries[2].payload == {"type": "turn", "resident_line": "Nou, gewoon."}
    assert transcript.state == {"scenario": "azc-onveilig", "turn": 1}


def test_transcript_of_an_unknown_or_missing_conversation_is_empty(db: Database) -> None:
    empty = read_transcript("nobody", db=db)  # no events table yet
    assert (empty.started, empty.entries, empty.state) == (False, [], None)
    create_events_table(db)
    assert read_transcript("nobody", db=db).entries == []


def test_the_line_before_a_turn_is_the_opening_or_the_previous_answer(db: Database) -> None:
    create_events_table(db)
    add_user(db, "web-1", '/start_scenario{"scenario_id": "azc-onveilig"}', "start")
    add_bot(db, "web-1", {"type": "opening", "resident_line": "Wat gaat er gebeuren?"})
    add_user(db, "web-1", "Hoe bedoelt u?", "m1")
    add_bot(db, "web-1", {"type": "turn", "resident_line": "Nou, gewoon."})
    add_slot(db, "web-1", {"records": [{"turn": 1, "reply": "Hoe bedoelt u?", "resident": "Nou, gewoon."}]})

    transcript = read_transcript("web-1", db=db)

    assert transcript.opening == transcript.line_before(1) == "Wat gaat er gebeuren?"
    assert transcript.line_before(2) == "Nou, gewoon."
    assert transcript.line_before(3) == ""
    assert read_transcript("nobody", db=db).line_before(1) == ""
