"""Per-turn assessment: moves, LSD sub-scores, story levels, flags, Dutch feedback, a better reply."""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass
from typing import Any

from oefenavond.feedback import FeedbackTexts
from oefenavond.moves.labels import TEFLON
from oefenavond.moves.lexicon import Lexicon
from oefenavond.moves.recognizer import Recognition
from oefenavond.resident import Reaction, ResidentState
from oefenavond.scenario import Scenario

LSD = ("luisteren", "samenvatten", "doorvragen")
LEVELS = ("inhoud", "emotie", "intentie")

# Points a move adds to the turn score (0-10, from a neutral 4); Teflon moves subtract.
_MOVE_POINTS = {
    "emotie_benoemen": 2.0,
    "samenvatten": 2.0,
    "open_vraag": 2.0,
    "procedureel_antwoord": 1.5,
    "ruimte_benoemen": 1.0,
    "betrekken": 1.0,
    "persoonlijk": 1.0,
    "grens_stellen": 1.0,
    "uitleg_geven": 0.5,
    "gesloten_vraag": 0.0,
    "regels_verdediging": -3.0,
    "afwijzen": -3.0,
    "sussen": -2.5,
    "in_discussie": -3.0,
}
_PRAISE_ORDER = (
    "grens_stellen", "emotie_benoemen", "samenvatten", "open_vraag", "procedureel_antwoord",
    "ruimte_benoemen", "betrekken", "persoonlijk", "uitleg_geven", "gesloten_vraag",
)
FELL_SHORT = 6.0
"""Below this turn score the feedback offers a better reply for this moment."""


@dataclass(frozen=True)
class Assessment:
    """What one reply did, how it scores and what to say about it."""

    turn: int
    moves: list[dict[str, Any]]
    lsd: dict[str, int]
    levels: dict[str, bool]
    flags: list[str]
    score: float
    feedback: str
    better_reply: str | None
    effects: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the custom payload, the tracker and JSON output."""
        return asdict(self)


class Assessor:
    """Assesses replies against LSD and de vraag achter de vraag, knowing the conversation state."""

    def __init__(self, texts: FeedbackTexts, lexicon: Lexicon) -> None:
        self._texts = texts
        self._lexicon = lexicon

    def assess(
        self,
        scenario: Scenario,
        before: ResidentState,
        recognition: Recognition,
        reaction: Reaction,
        seed: int,
    ) -> Assessment:
        """Assess one reply given the state ``before`` it and the resident's ``reaction``."""
        moves = set(recognition.labels)
        hot = before.emotion >= 7 and not before.acknowledged
        touched = reaction.state.concern_touched and not before.concern_touched
        levels = {
            "inhoud": bool(recognition.analysis.lemmas & recognition.analysis.context_lemmas)
            or len(reaction.state.topics) > len(before.topics)
            or "samenvatten" in moves,
            "emotie": "emotie_benoemen" in moves,
            "intentie": touched or self._asks_intention(recognition),
        }
        flags = self._flags(scenario, before, recognition, reaction, hot)
        lsd = self.lsd_scores(recognition, levels, hot)
        score = self.turn_score(moves, flags, hot, levels, before)
        return Assessment(
            turn=reaction.state.turn,
            moves=[
                {"label": h.label, "confidence": h.confidence, "quote": h.quote, "sources": list(h.sources)}
                for h in recognition.hits
            ],
            lsd=lsd,
            levels=levels,
            flags=flags,
            score=score,
            feedback=self.feedback(self._texts, recognition, flags, before),
            better_reply=self.better_reply(scenario, before, score, flags, seed),
            effects=[asdict(s) for s in reaction.shifts],
        )

    def _asks_intention(self, recognition: Recognition) -> bool:
        if not recognition.has("open_vraag", "samenvatten"):
            return False
        return bool(self._lexicon.find("intention", recognition.analysis.norm))

    def _flags(
        self,
        scenario: Scenario,
        before: ResidentState,
        recognition: Recognition,
        reaction: Reaction,
        hot: bool,
    ) -> list[str]:
        moves = set(recognition.labels)
        flags = [f"teflon:{label}" for label in recognition.labels if label in TEFLON]
        if recognition.problem:
            flags.append(recognition.problem)
        if reaction.backfired:
            flags.append("uitleg_te_vroeg")
        if hot and "emotie_benoemen" not in moves and not recognition.problem:
            flags.append("emotie_gemist")
        if scenario.escalation and not before.bounded and "grens_stellen" not in moves:
            flags.append("geen_grens")
        if moves == {"gesloten_vraag"}:
            flags.append("alleen_gesloten")
        if not moves and not recognition.problem:
            flags.append("geen_zet")
        norm = recognition.analysis.norm
        explained = bool(self._lexicon.find("jargon_explained", norm))
        if not explained:
            flags.extend(f"jargon:{word}" for word in self._lexicon.find("jargon", norm))
        if reaction.stage_changed:
            flags.append(f"stage:{scenario.stage(reaction.state.stage).id}")
        return flags

    @staticmethod
    def lsd_scores(recognition: Recognition, levels: dict[str, bool], hot: bool) -> dict[str, int]:
        """Luisteren, Samenvatten, Doorvragen on 0-3, each with a rule a trainer can check."""
        moves = set(recognition.labels)
        teflon = bool(moves & set(TEFLON))
        listen = int(levels["emotie"]) + int(levels["inhoud"]) + int(levels["intentie"])
        if hot and levels["emotie"]:
            listen += 1
        if teflon:
            listen -= 2
        summary = 0
        if "samenvatten" in moves:
            hit = recognition.hit("samenvatten")
            summary = 2 + int(bool(hit and re.search(r"klopt|goed begr|heb ik|zie ik|hoor ik", hit.quote))
                              or "emotie_benoemen" in moves)
        ask = 0
        if "open_vraag" in moves:
            ask = 2 + int(levels["inhoud"] or levels["intentie"])
        elif "gesloten_vraag" in moves:
            ask = 1
        return {"luisteren": max(0, min(3, listen)), "samenvatten": min(3, summary), "doorvragen": min(3, ask)}

    @staticmethod
    def turn_score(
        moves: set[str], flags: list[str], hot: bool, levels: dict[str, bool], before: ResidentState
    ) -> float:
        """The turn's score 0-10: points per move, adjusted for timing and flags (the same for corrected moves)."""
        score = 4.0 + sum(_MOVE_POINTS[m] for m in moves)
        if before.stage > 0:  # the concern is on the table: now room, answers and taking part help
            score += 1.5 * len(moves & {"procedureel_antwoord", "ruimte_benoemen", "betrekken"})
        if "uitleg_geven" in moves and before.acknowledged and not hot:
            score += 1.0
        if hot and "emotie_benoemen" in moves:
            score += 1.0
        if "uitleg_te_vroeg" in flags:
            score -= 1.5
        if "emotie_gemist" in flags:
            score -= 1.0
        if "geen_grens" in flags:
            score -= 2.0
        if levels["intentie"]:
            score += 0.5
        score -= 0.5 * sum(1 for f in flags if f.startswith("jargon:"))
        return round(max(0.0, min(10.0, score)), 1)

    @staticmethod
    def feedback(texts: FeedbackTexts, recognition: Recognition, flags: list[str], before: ResidentState) -> str:
        """One sentence of praise citing the evidence, and the most important point to improve.

        Also the feedback on a trainer's corrected moves (oefenavond.corrected). A hit without a quote
        (a move added to a reply without words) is not cited, so no text shows an empty ('').
        """
        praised = [
            texts.praise[label].format(quote=hit.quote)
            for label in _PRAISE_ORDER
            if label in texts.praise and (hit := recognition.hit(label)) and hit.quote and not (
                label == "gesloten_vraag" and "alleen_gesloten" in flags
            )
        ][:2]
        sentences = []
        if praised:
            sentences.append("U " + " en ".join(praised) + ".")
        critique = Assessor._critique(texts.critique, recognition, flags, before)
        if critique:
            sentences.append(critique)
        return " ".join(sentences) or texts.neutral

    @staticmethod
    def _critique(
        critique: dict[str, str], recognition: Recognition, flags: list[str], before: ResidentState
    ) -> str:
        for flag in flags:
            if flag.startswith("teflon:") and (hit := recognition.hit(flag.split(":", 1)[1])) and hit.quote:
                return critique[hit.label].format(quote=hit.quote)
        for name in ("leeg", "geen_grens", "uitleg_te_vroeg", "emotie_gemist", "alleen_gesloten", "geen_zet"):
            if name in flags:
                hit = recognition.hit("gesloten_vraag")
                return critique[name].format(quote=hit.quote if hit else "", mood=before.mood)
        jargon = next((f.split(":", 1)[1] for f in flags if f.startswith("jargon:")), None)
        return critique["jargon"].format(word=jargon) if jargon else ""

    @staticmethod
    def better_reply(
        scenario: Scenario, before: ResidentState, score: float, flags: list[str], seed: int
    ) -> str | None:
        """An exemplary reply for the stage the conversation was in, or None if the reply did not fall short.

        A reply falls short with a score below ``FELL_SHORT``, a Teflon move or explaining too early.
        The scenario's exemplar is chosen by the conversation's seed and the turn: always the same one.
        """
        if score >= FELL_SHORT and not any(f.startswith(("teflon:", "uitleg_te_vroeg")) for f in flags):
            return None
        options = scenario.better_replies[scenario.stage(before.stage).id]
        return str(random.Random(f"{seed}:beter:{before.turn}").choice(options))
