"""Linguistic analysis of a trainee reply with spaCy: segments, question form, lemmas."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from oefenavond.moves.lexicon import Lexicon

MAX_REPLY_CHARS = 2000
"""Longer replies are cut here before analysis: nobody says more in one turn at an evening."""
CONTEXT_CACHE_SIZE = 512
"""How many of the resident's lines the analyser keeps the lemmas of."""

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
_SPLIT = re.compile(r"(?<=[.!?…])\s+|\s*;\s*|\n+|,\s+(?=maar\b)|\s+[-–]\s+(?=maar\b)", re.IGNORECASE)
_SECOND_WORDS = frozenset({"u", "je", "jij", "jullie", "het", "er", "dat", "dit", "ik", "we", "wij"})
_TRAILING_QUOTE = "\"')»”’"


_QUOTED = re.compile(r"""(?<![\w])(['"])(?=\S)([^'"]{3,}?\s[^'"]*?)(?<=\S)\1(?![\w])""")


def normalise(text: str) -> str:
    """Lowercase, straight quotes, single spaces: the form the patterns are written for.

    Words the trainee quotes ('volgens de regels' zegt u) are the resident's, not the trainee's
    move, so a quoted phrase of two or more words becomes a neutral placeholder.
    """
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = _QUOTED.sub(" citaat ", text)
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Segment:
    """A sentence or clause of a reply: the unit that carries a move."""

    text: str
    norm: str
    is_question: bool
    lemmas: frozenset[str]


@dataclass(frozen=True)
class Analysis:
    """A reply split into segments, with the lemmas of the resident's last words for comparison."""

    reply: str
    segments: tuple[Segment, ...]
    context_lemmas: frozenset[str]

    @property
    def lemmas(self) -> frozenset[str]:
        """Content lemmas of the whole reply."""
        return frozenset().union(*(s.lemmas for s in self.segments))

    @property
    def norm(self) -> str:
        """The whole reply, normalised."""
        return " ".join(s.norm for s in self.segments)


def split_segments(text: str) -> list[str]:
    """Split a reply into sentences and into clauses before ', maar' and at ';'.

    A reply can make several moves ("Ik begrijp dat u boos bent, maar alles gaat volgens de
    regels"); nearly always each sits in its own sentence or clause, so every segment is
    classified on its own and the reply gets the union of their moves.
    """
    pieces = (piece.strip(" ,") for piece in _SPLIT.split(text[:MAX_REPLY_CHARS]))
    return [piece for piece in pieces if any(ch.isalnum() for ch in piece)]


class TextAnalyser:
    """Turns reply text into an Analysis using a spaCy pipeline and the lexicon."""

    def __init__(self, nlp: Any, lexicon: Lexicon) -> None:
        self._nlp = nlp
        self._lexicon = lexicon
        self._contexts: dict[str, frozenset[str]] = {}

    def analyse(self, reply: str, context: str = "") -> Analysis:
        """Analyse ``reply``; ``context`` is what the resident said last (may be empty)."""
        pieces = split_segments(reply)
        segments = tuple(self._segment(piece, doc) for piece, doc in zip(pieces, self._nlp.pipe(pieces), strict=True))
        return Analysis(reply=reply, segments=segments, context_lemmas=self._context_lemmas(context[:MAX_REPLY_CHARS]))

    def _context_lemmas(self, context: str) -> frozenset[str]:
        # The resident's lines come from the scenarios, so the same few recur in every conversation.
        if context not in self._contexts:
            if len(self._contexts) >= CONTEXT_CACHE_SIZE:
                self._contexts.clear()
            self._contexts[context] = _content_lemmas(self._nlp(context))
        return self._contexts[context]

    def _segment(self, text: str, doc: Any) -> Segment:
        norm = normalise(text)
        return Segment(
            text=text,
            norm=norm,
            is_question=self._is_question(norm, doc),
            lemmas=_content_lemmas(doc),
        )

    def _is_question(self, norm: str, doc: Any) -> bool:
        """A question by its mark, its question word, or its finite verb first.

        The verb-first test asks the parser and, because a small model often mistags a
        sentence-initial verb, also accepts a known verb or any word directly followed by a
        personal pronoun ("Woont u ...", "Merk je ...").
        """
        stripped = norm.rstrip(_TRAILING_QUOTE)
        if stripped.endswith("?"):
            return True
        if stripped.endswith((".", "!")):
            return False
        words = re.findall(r"[\w'-]+", stripped)
        if not words:
            return False
        first = words[0]
        if first in ("en", "maar", "dus", "oké", "ok", "nou") and len(words) > 1:
            words = words[1:]
            first = words[0]
        if self._lexicon.has("open_question_words", first):
            return True
        second = words[1] if len(words) > 1 else ""
        if self._lexicon.has("question_verbs", first) and second in _SECOND_WORDS:
            return True
        if second in ("u", "je", "jij", "jullie") and not self._lexicon.has("fillers", first):
            return True
        token = next((t for t in doc if not t.is_punct), None)
        return bool(
            token is not None
            and token.pos_ in ("VERB", "AUX")
            and "Fin" in token.morph.get("VerbForm")
            and second in _SECOND_WORDS
        )


def _content_lemmas(doc: Iterable[Any]) -> frozenset[str]:
    return frozenset(
        token.lemma_.lower()
        for token in doc
        if token.pos_ in _CONTENT_POS and not token.is_stop and len(token.text) > 2
    )


@cache
def load_dutch() -> Any:
    """Load nl_core_news_sm once per process (it is installed by the project's setup)."""
    import spacy  # noqa: PLC0415 - heavy import, only when a pipeline is really needed

    # The analysis reads part of speech, morphology and lemmas only; without the parser and the
    # entity recogniser these are the same (checked on the labelled set) and a reply costs a quarter less.
    return spacy.load("nl_core_news_sm", exclude=["ner", "parser"])
