"""The transcript: every turn with its assessment and missed moments, the scorecard, the hidden
concern; comments shown to the trainee; corrections stored, shown, counted and reported.
"""

from __future__ import annotations

import re

from oefenavond.moves.text import split_segments
from storage import audit
from storage.corrections import corrections_for
from tests.review.conftest import Played, World, csrf


def turn_block(page: str, turn: int) -> str:
    """The HTML of one turn of the transcript."""
    return page.split(f'id="beurt-{turn}"')[1].split('<li class="card turn', maxsplit=1)[0]


def test_transcript_shows_every_turn_with_its_assessment(world: World, played: dict[str, Played]) -> None:
    anna = world.login("anna")
    page = anna.get(f"/review/gesprekken/{world.ids['c_good']}").text
    good = played["good"]
    records = good.state["records"]
    assert page.count('class="card turn') == len(records) == len(good.replies)
    assert "Gesprek van Sanne de Vries: Bang voor de straat" in page
    for record in records:
        block = turn_block(page, record["turn"])
        assert f"Beurt {record['turn']}" in block
        for move in record["moves"]:
            assert f'data-move="{move["label"]}"' in block
            assert f"{round(move['confidence'] * 100)}% zeker" in block
        for key, value in record["lsd"].items():
            assert f"{key.capitalize()} {value}/3" in block
        assert f"emotie {record['emotion']} (" in block and f"vertrouwen {record['trust']}" in block
    assert "Opening · Ilse Jansen" in page
    assert 'id="grade"' in page and "Hoe het cijfer tot stand kwam" in page and "Tips voor de deelnemer" in page
    concern = good.state["resident"]["uncovered_turn"]
    assert f"Kwam boven water in beurt {concern}." in page and f'href="#beurt-{concern}"' in page
    assert "Hier kwam de vraag achter de vraag boven water." in page.split(f'id="beurt-{concern}"')[1]
    assert "Download als PDF" in page


def test_missed_moments_and_the_concern_that_stayed_hidden(world: World, played: dict[str, Played]) -> None:
    page = world.login("anna").get(f"/review/gesprekken/{world.ids['c_bad']}").text
    flags = [flag for record in played["bad"].state["records"] for flag in record["flags"]]
    assert "Gemiste momenten" in page
    if "uitleg_te_vroeg" in flags:
        assert "legde uit in plaats van de emotie te erkennen" in page
    if "emotie_gemist" in flags:
        assert "de reactie erkende die emotie niet" in page
    assert "Teflon-reactie:" in page
    assert "Kwam niet boven water." in page and "waren openheid" in page


def test_comments_reach_the_trainees_debrief(world: World) -> None:
    anna = world.login("anna")
    base = f"/review/gesprekken/{world.ids['c_good']}"
    done = anna.post(
        f"{base}/opmerkingen", data={"text": "Mooi samengevat!\nLet op het tempo.", "csrf_token": csrf(anna, base)},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith("gedaan=opmerking#opmerkingen")
    anna.post(f"{base}/opmerkingen", data={"text": "Hier had je kunnen doorvragen.", "turn": "2",
                                            "csrf_token": csrf(anna, base)})
    page = anna.get(base).text
    assert "Mooi samengevat!" in page and "Anna Trainer" in page
    assert "Hier had je kunnen doorvragen." in turn_block(page, 2)
    empty = anna.post(f"{base}/opmerkingen", data={"text": "   ", "csrf_token": csrf(anna, base)})
    assert empty.status_code == 400 and "Typ eerst een opmerking" in empty.text
    debrief = world.trainee("sanne").get(f"/gesprek/{world.senders['good']}/nabespreking").text
    assert "Opmerkingen van uw trainer" in debrief and "Mooi samengevat!" in debrief
    turn_two = debrief.split("Beurt 2 ·")[1].split('<li class="card turn')[0]
    assert "Uw trainer bij deze beurt" in turn_two and "Hier had je kunnen doorvragen." in turn_two
    mine = world.trainee("sanne").get("/mijn-gesprekken").text
    assert "2 opmerking(en) van uw trainer" in mine


def _grade(page: str) -> float:
    found = re.search(r'<strong id="grade">([\d,]+)</strong>', page)
    assert found
    return float(found.group(1).replace(",", "."))


def test_a_correction_is_stored_shown_counted_and_reported(world: World, played: dict[str, Played]) -> None:
    anna = world.login("anna")
    conversation = world.ids["c_bad"]
    base = f"/review/gesprekken/{conversation}"
    first = played["bad"].state["records"][0]
    pieces = split_segments(first["reply"])
    before = anna.get(base).text
    grade_before = _grade(before)
    assert len(re.findall(r'name="segment-\d+"', turn_block(before, 1))) == 14 * len(pieces)
    assert "Toelichting:" in turn_block(before, 1) and "stelt gerust" in turn_block(before, 1)  # sussen
    form = {"turn": "1", "segment-1": ["emotie_benoemen", "open_vraag"], "csrf_token": csrf(anna, base)}
    done = anna.post(f"{base}/correcties", data=form, follow_redirects=False)
    assert done.status_code == 303 and "#beurt-1" in done.headers["location"]
    stored = corrections_for(conversation, db=world.db)[1]
    assert stored.moves == ("open_vraag", "emotie_benoemen")
    assert stored.original_moves == tuple(m["label"] for m in first["moves"])
    assert stored.segments[0].text == pieces[0] and stored.reply == first["reply"]
    page = anna.get(done.headers["location"]).text
    block = turn_block(page, 1)
    assert "Gecorrigeerd door Anna Trainer" in block and "Het model vond:" in block
    assert 'data-move="emotie_benoemen"' in block and "100% zeker" in block
    # The feedback is rewritten for the corrected moves: praise for them, no critique of the removed one.
    assert "Toelichting, opnieuw geschreven bij de gecorrigeerde gesprekstechnieken:" in block
    assert "U benoemde de emotie (" in block and "en vroeg door met een open vraag (" in block
    assert "stelt gerust" not in block and "Toelichting:" not in block
    assert "De correctie van beurt 1 is opgeslagen." in page
    assert _grade(page) > grade_before and "Zonder correcties:" in page
    # The list, the trainee's own debrief and the report count it.
    listed = anna.get(f"/review/gesprekken?deelnemer={world.ids['sanne']}&kanaal=telegram").text
    assert "1 beurt(en) gecorrigeerd" in listed
    debrief = world.trainee("sanne").get(f"/gesprek/{world.senders['bad']}/nabespreking").text
    assert "Uw trainer heeft de herkende gesprekstechnieken van deze beurt gecorrigeerd" in debrief
    debrief_turn = debrief.split("Beurt 1 ·")[1].split('<li class="card turn')[0]
    assert "U benoemde de emotie (" in debrief_turn and "stelt gerust" not in debrief_turn
    assert "de toelichting en de scorekaart gaan uit van die correctie" in debrief_turn
    assert _grade(debrief) == _grade(page)  # the trainee's scorecard counts the correction too
    report = anna.get("/review/correcties").text
    assert "1 gecorrigeerde beurt(en)" in report and 'data-move="emotie_benoemen"' in report
    assert "Gemist door het model" in report
    assert world.login("bert").get("/review/correcties").text.count("gecorrigeerde beurt") == 0
    # Withdrawing it brings the model's moves and grade back.
    undone = anna.post(f"{base}/correcties/1/intrekken", data={"csrf_token": csrf(anna, base)})
    assert "De correctie van beurt 1 is ingetrokken." in undone.text and _grade(undone.text) == grade_before
    assert "stelt gerust" in turn_block(undone.text, 1) and "U benoemde de emotie" not in turn_block(undone.text, 1)
    actions = [entry.action for entry in audit.entries(db=world.db).entries]
    assert {"correct", "undo_correction", "view_transcript"} <= set(actions)


def test_corrections_refuse_unknown_moves_and_turns(world: World) -> None:
    anna = world.login("anna")
    base = f"/review/gesprekken/{world.ids['c_bad']}"
    for form in ({"turn": "1", "segment-1": "doorpraten"}, {"turn": "99", "segment-1": "open_vraag"}, {"turn": "x"}):
        assert anna.post(f"{base}/correcties", data={**form, "csrf_token": csrf(anna, base)}).status_code == 400
    assert corrections_for(world.ids["c_bad"], db=world.db) == {}


def test_a_conversation_not_started_or_of_a_removed_scenario_still_shows(world: World) -> None:
    from storage import conversations

    conversations.start_conversation("web-leeg", world.ids["sanne"], "azc-onveilig", "web", "oefen", db=world.db)
    gone = conversations.start_conversation("web-weg", world.ids["sanne"], "bestaat-niet-meer", "web", "toets",
                                            db=world.db)
    anna = world.login("anna")
    listed = anna.get(f"/review/gesprekken?deelnemer={world.ids['sanne']}").text
    assert "onbekend scenario (bestaat-niet-meer)" in listed
    empty = conversations.get_conversation("web-leeg", db=world.db)
    assert empty is not None
    page = anna.get(f"/review/gesprekken/{empty.id}").text
    assert "Dit gesprek is nog niet begonnen." in page and "Er zijn nog geen reacties gegeven" in page
    page = anna.get(f"/review/gesprekken/{gone.id}")
    assert page.status_code == 200 and "onbekend scenario (bestaat-niet-meer)" in page.text
    assert anna.get(f"/review/gesprekken/{gone.id}/pdf").content.startswith(b"%PDF-")
