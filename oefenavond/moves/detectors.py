"""Rule-based evidence for each move in one segment: the lexicon's patterns plus two computed cues."""

from __future__ import annotations

from dataclasses import dataclass

from oefenavond.moves.lexicon import Lexicon, MoveRules
from oefenavond.moves.text import Analysis, Segment

QUESTION_FORM_WEIGHT = 0.55
"""Evidence that a question is open or closed from its form alone (no pattern matched)."""

OVERLAP_MIN = 2
"""Content lemmas a statement must share with the resident's words to count as a restatement."""


@dataclass(frozen=True)
class Evidence:
    """How strongly a segment shows a move, and the words that show it."""

    score: float
    quote: str
    source: str


def detect(segment: Segment, lexicon: Lexicon, context_lemmas: frozenset[str],
           cancelled: frozenset[str]) -> dict[str, Evidence]:
    """Evidence per move label for ``segment`` (labels without evidence, or ``cancelled``, are left out)."""
    found: dict[str, Evidence] = {}
    for rules in lexicon.moves.values():
        if rules.label in cancelled:
            continue
        evidence = _match(rules, segment, lexicon)
        if evidence:
            found[rules.label] = evidence
    _question_form(segment, lexicon, found)
    _restatement(segment, context_lemmas, found)
    return found


def vetoed(segment: Segment, lexicon: Lexicon) -> frozenset[str]:
    """The moves whose `unless` patterns match ``segment``: it does not make them, whatever else says so."""
    return frozenset(rules.label for rules in lexicon.moves.values()
                     if any(regex.search(segment.norm) for regex in rules.unless))


def detect_reply(analysis: Analysis, lexicon: Lexicon) -> dict[str, Evidence]:
    """Evidence from patterns that span segments ('scope: reply'), e.g. not knowing + a promise."""
    text = analysis.norm
    found: dict[str, Evidence] = {}
    for rules in lexicon.moves.values():
        for pattern in rules.patterns:
            if pattern.scope != "reply":
                continue
            match = pattern.regex.search(text)
            if match and (rules.label not in found or pattern.weight > found[rules.label].score):
                found[rules.label] = Evidence(pattern.weight, _quote(match.group(0)), "patroon")
    return found


def _match(rules: MoveRules, segment: Segment, lexicon: Lexicon) -> Evidence | None:
    best: Evidence | None = None
    form = "question" if segment.is_question else "statement"
    for pattern in rules.patterns:
        if pattern.scope != "segment" or (pattern.when and pattern.when != form):
            continue
        match = pattern.regex.search(segment.norm)
        if match and (best is None or pattern.weight > best.score):
            cited = lexicon.find(rules.cite, match.group(0)) if rules.cite else []
            best = Evidence(pattern.weight, cited[0] if cited else _quote(match.group(0)), "patroon")
    return best


def _question_form(segment: Segment, lexicon: Lexicon, found: dict[str, Evidence]) -> None:
    """A question that no pattern classified is open or closed by its first word."""
    if not segment.is_question or {"open_vraag", "gesloten_vraag", "samenvatten", "betrekken"} & set(found):
        return
    words = segment.norm.split()
    first = words[0].strip(",") if words else ""
    label = "open_vraag" if lexicon.has("open_question_words", first) else "gesloten_vraag"
    found[label] = Evidence(QUESTION_FORM_WEIGHT, _quote(segment.text), "vraagvorm")


def _restatement(segment: Segment, context_lemmas: frozenset[str], found: dict[str, Evidence]) -> None:
    """A statement that repeats the resident's own content words is evidence of a summary."""
    shared = sorted(segment.lemmas & context_lemmas)
    if segment.is_question and "samenvatten" not in found:
        return
    if len(shared) < OVERLAP_MIN:
        return
    score = min(0.45 + 0.1 * (len(shared) - OVERLAP_MIN), 0.7)
    current = found.get("samenvatten")
    if current is None:
        found["samenvatten"] = Evidence(score, ", ".join(shared[:4]), "overlap")
    else:
        boosted = min(1.0, current.score + 0.1)
        found["samenvatten"] = Evidence(boosted, current.quote, current.source)


def _quote(text: str, limit: int = 60) -> str:
    text = text.strip(" ,.;:!?")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
