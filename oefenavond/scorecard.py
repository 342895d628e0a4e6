"""The scorecard of a whole conversation, computed only from its turn records: reproducible."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from oefenavond.feedback import FeedbackTexts
from oefenavond.moves.labels import TEFLON

# The weight of each part of the grade; they add up to 1.
WEIGHTS = {"beurten": 0.45, "vraag_achter_de_vraag": 0.25, "lsd_balans": 0.15, "teflon": 0.15}


@dataclass(frozen=True)
class Scorecard:
    """LSD balance, the hidden concern, Teflon moves, boundaries and a grade with its reasons."""

    turns: int
    outcome: str
    lsd: dict[str, float]
    moves: dict[str, int]
    concern_uncovered: bool
    concern_turn: int | None
    teflon: list[dict[str, Any]]
    boundary: str
    grade: float
    explanation: list[str]
    tips: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)


def make_scorecard(
    records: list[dict[str, Any]],
    outcome: str,
    uncovered_turn: int | None,
    escalation: bool,
    texts: FeedbackTexts,
) -> Scorecard:
    """Compute the scorecard from per-turn assessment records (Assessment.to_dict())."""
    n = len(records)
    lsd = {key: round(sum(r["lsd"][key] for r in records) / n, 2) if n else 0.0
           for key in ("luisteren", "samenvatten", "doorvragen")}
    moves = Counter(m["label"] for r in records for m in r["moves"])
    teflon = [
        {"turn": r["turn"], "label": m["label"], "quote": m["quote"]}
        for r in records for m in r["moves"] if m["label"] in TEFLON
    ]
    boundary_turn = next(
        (r["turn"] for r in records if any(m["label"] == "grens_stellen" for m in r["moves"])), None
    )
    if escalation:
        boundary = f"grens gesteld in beurt {boundary_turn}" if boundary_turn else "geen grens gesteld"
    else:
        boundary = "niet nodig" if boundary_turn is None else f"grens gesteld in beurt {boundary_turn}"

    turn_part = (sum(r["score"] for r in records) / n / 10) if n else 0.0
    if outcome == "resolved":
        concern_part, concern_text = 1.0, f"vraag achter de vraag boven water (beurt {uncovered_turn}) en erkend"
    elif uncovered_turn is not None:
        concern_part = 0.7
        concern_text = f"vraag achter de vraag boven water in beurt {uncovered_turn}, niet meer erkend"
    elif any(r["levels"]["intentie"] for r in records):
        concern_part, concern_text = 0.3, "in de buurt van de vraag achter de vraag gekomen, niet boven water"
    else:
        concern_part, concern_text = 0.0, "vraag achter de vraag niet gevonden"
    balance_part = sum(1 for key in lsd if any(r["lsd"][key] >= 2 for r in records)) / 3
    teflon_part = max(0.0, 1 - 0.25 * len(teflon))
    parts = {"beurten": turn_part, "vraag_achter_de_vraag": concern_part,
             "lsd_balans": balance_part, "teflon": teflon_part}
    grade = 1 + 9 * sum(WEIGHTS[k] * parts[k] for k in WEIGHTS)
    explanation = [
        f"Gemiddelde beurtscore {dutch(turn_part * 10)}/10 (weegt {WEIGHTS['beurten']:.0%}).",
        f"{concern_text[0].upper()}{concern_text[1:]} (weegt {WEIGHTS['vraag_achter_de_vraag']:.0%}).",
        f"LSD-balans: {round(balance_part * 3)} van de 3 (luisteren, samenvatten, doorvragen) minstens "
        f"één keer goed gedaan (weegt {WEIGHTS['lsd_balans']:.0%}).",
        f"{len(teflon)} Teflon-reactie(s), elk -25% op dit onderdeel (weegt {WEIGHTS['teflon']:.0%}).",
    ]
    cap = None
    if outcome == "walked_away":
        cap, reason = 4.5, "De bewoner liep weg: het cijfer is ten hoogste 4,5."
    if escalation and boundary_turn is None:
        cap, reason = 4.0, "Geen grens gesteld bij schelden of intimidatie: het cijfer is ten hoogste 4,0."
    if cap is not None and grade > cap:
        grade = cap
        explanation.append(reason)
    grade = round(max(1.0, min(10.0, grade)), 1)
    explanation.insert(0, f"Cijfer {dutch(grade)} = 1 + 9 × gewogen som van vier onderdelen:")
    return Scorecard(
        turns=n,
        outcome=outcome,
        lsd=lsd,
        moves=dict(sorted(moves.items())),
        concern_uncovered=uncovered_turn is not None,
        concern_turn=uncovered_turn,
        teflon=teflon,
        boundary=boundary,
        grade=grade,
        explanation=explanation,
        tips=_tips(records, moves, lsd, escalation, boundary_turn, texts),
    )


def dutch(number: float) -> str:
    """One decimal with a decimal comma, as Dutch readers write it: 6,5."""
    return f"{number:.1f}".replace(".", ",")


def _tips(
    records: list[dict[str, Any]],
    moves: Counter[str],
    lsd: dict[str, float],
    escalation: bool,
    boundary_turn: int | None,
    texts: FeedbackTexts,
) -> list[str]:
    """The two or three tips from the guidance that matter most for this conversation."""
    needs: list[tuple[float, str]] = []
    flags = Counter(f for r in records for f in r["flags"])
    if escalation and boundary_turn is None:
        needs.append((10, "grens"))
    needs.append((flags["emotie_gemist"] + flags["uitleg_te_vroeg"], "emotie_eerst"))
    needs.extend((moves[label] * 3, tip) for label, tip in (
        ("regels_verdediging", "geen_regels"), ("sussen", "niet_sussen"),
        ("afwijzen", "niet_wegzetten"), ("in_discussie", "geen_discussie")))
    needs.append((max(0.0, 1.5 - lsd["samenvatten"]) * 1.5, "samenvatten"))
    needs.append((max(0.0, 1.5 - lsd["doorvragen"]) * 1.5, "doorvragen"))
    needs.append((0.5 if not moves["ruimte_benoemen"] else 0, "ruimte"))
    needs.append((0.4 if not moves["betrekken"] else 0, "betrekken"))
    ranked = [tip for weight, tip in sorted(needs, key=lambda x: -x[0]) if weight > 0]
    return [texts.tips[tip] for tip in ranked[:3]]
