"""Move recognition: combine the classifier's ranking with linguistic evidence, per segment.

Multi-label design: a reply is split into segments (sentences, and clauses before ", maar"); the
NLU classifier ranks each segment on its own and the reply as a whole (``merge_rankings``), and
per-move rule detectors look for each move's evidence in each segment. A move's confidence in a
segment combines both (a noisy-or). With the classifier, each move's weights of that evidence
(``combination.py``) give the probability that the reply makes it; without, the reply carries every
move whose confidence reaches the threshold in any segment. Per-move detectors let one segment
carry two moves ("Ik begrijp dat u boos bent en wil graag weten wat er speelt").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pydantic

from oefenavond.content import load_model
from oefenavond.moves.combination import COMBINATION_PATH, Combination, Scores, reply_features
from oefenavond.moves.detectors import Evidence, detect, detect_reply, vetoed
from oefenavond.moves.labels import MOVES, NO_MOVE
from oefenavond.moves.lexicon import Lexicon
from oefenavond.moves.text import Analysis, Segment, TextAnalyser

Ranking = Mapping[str, float]
"""Intent name -> confidence, as an NLU classifier ranks one segment."""

SETTINGS_PATH = Path(__file__).resolve().parent.parent / "content" / "recognition.yml"

# Moves that say the same segment is not a closed question.
_NOT_CLOSED = ("samenvatten", "betrekken", "open_vraag")


def ranking_from_parse(parse: Mapping[str, Any], diet_share: float) -> dict[str, float]:
    """Intent -> confidence from an NLU parse result.

    DIET's softmax ranking (``intent_ranking``: [{"name", "confidence"}]) names one move per
    segment; the multi-label classifier's ``move_scores`` (move -> probability) can name two. Per
    move the two are averaged, DIET weighing ``diet_share``: a move is sure only when both
    classifiers see it. (A noisy-or, where either could carry a move alone, recognised more false
    moves on every tuning source; see docs/recognition.md.) Without move scores DIET's ranking stands.
    """
    items = parse.get("intent_ranking") or []
    ranking = {str(item["name"]): float(item["confidence"]) for item in items}
    for label, score in (parse.get("move_scores") or {}).items():
        ranking[str(label)] = diet_share * ranking.get(str(label), 0.0) + (1 - diet_share) * float(score)
    return ranking


def segment_rankings(parses: Sequence[Mapping[str, Any]], segments: int, diet_share: float) -> list[Ranking]:
    """One ranking per segment from Rasa's parses: of every segment and then of the whole reply
    (``merge_rankings``), or of the whole reply alone, which then serves every segment."""
    *parts, whole = (ranking_from_parse(parse, diet_share) for parse in parses)
    return merge_rankings(parts, whole) if parts else [whole] * segments


def merge_rankings(segments: Sequence[Ranking], message: Ranking) -> list[Ranking]:
    """Each segment's ranking, raised per move to the ranking of the whole reply where that is higher.

    The classifier sees each segment alone and the reply as a whole (Rasa parses every message
    anyway): a move the reply makes across two sentences ("..., dus u bent bang. Klopt dat?") shows
    in the whole, a move of one clause in its segment. On the dev set's tune split the merge gave a
    higher macro-F1 than either ranking alone.
    """
    return [{label: max(ranking.get(label, 0.0), message.get(label, 0.0)) for label in {*ranking, *message}}
            for ranking in segments]


def parse_segments(analysis: Analysis, segment_parse: bool) -> bool:
    """Whether the classifier ranks each segment on its own (then ``merge_rankings``).

    Otherwise the ranking of the whole reply serves every segment: always for a reply of one
    segment, and for every reply when the operator turned SEGMENT_PARSE off (quicker, less precise).
    """
    return segment_parse and len(analysis.segments) > 1


class RecognitionSettings(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """Weights and thresholds of content/recognition.yml."""

    classifier_weight: pydantic.confloat(ge=0, le=1) = 0.8  # type: ignore[valid-type]
    threshold: pydantic.confloat(ge=0, le=1) = 0.5  # type: ignore[valid-type]
    thresholds: dict[str, pydantic.confloat(ge=0, le=1)] = {}  # type: ignore[valid-type]
    no_move_veto: pydantic.confloat(ge=0, le=1) = 0.7  # type: ignore[valid-type]
    diet_share: pydantic.confloat(ge=0, le=1) = 0.5  # type: ignore[valid-type]
    rules_only_threshold: pydantic.confloat(ge=0, le=1) = 0.7  # type: ignore[valid-type]

    def threshold_for(self, label: str, classifier: bool = True) -> float:
        """The threshold of one move; without the classifier, the rules' own threshold."""
        if not classifier:
            return float(self.rules_only_threshold)
        return float(self.thresholds.get(label, self.threshold))


@dataclass(frozen=True)
class MoveHit:
    """A recognised move with its confidence and the words of the reply that show it."""

    label: str
    confidence: float
    quote: str
    segment: int
    sources: tuple[str, ...]


SegmentEvidence = dict[str, tuple[MoveHit, Scores]]
"""Move -> its hit in one segment and the scores behind it."""


@dataclass(frozen=True)
class Recognition:
    """The moves of one reply, or why it could not be scored."""

    analysis: Analysis
    hits: tuple[MoveHit, ...]
    problem: str = ""
    candidates: dict[str, float] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        """The recognised move labels, in the order of the spec."""
        found = {hit.label for hit in self.hits}
        return [label for label in MOVES if label in found]

    def has(self, *labels: str) -> bool:
        """True when any of ``labels`` was recognised."""
        return any(hit.label in labels for hit in self.hits)

    def hit(self, label: str) -> MoveHit | None:
        """The hit for ``label``, if recognised."""
        return next((hit for hit in self.hits if hit.label == label), None)


class MoveRecognizer:
    """Recognises the moves of trainee replies."""

    def __init__(self, analyser: TextAnalyser, lexicon: Lexicon, settings: RecognitionSettings,
                 combination: Combination | None = None) -> None:
        self._analyser = analyser
        self._lexicon = lexicon
        self.settings = settings
        self.combination = combination

    @classmethod
    def create(cls, nlp: object, lexicon: Lexicon | None = None) -> MoveRecognizer:
        """A recognizer with the shipped lexicon and settings around a spaCy pipeline."""
        lexicon = lexicon or Lexicon.load()
        return cls(TextAnalyser(nlp, lexicon), lexicon, load_model(SETTINGS_PATH, RecognitionSettings),
                   load_model(COMBINATION_PATH, Combination))

    def analyse(self, reply: str, context: str = "") -> Analysis:
        """Split and analyse a reply; the classifier then ranks ``analysis.segments``."""
        return self._analyser.analyse(reply, context)

    def rankings_from_parses(self, analysis: Analysis, parses: Sequence[Mapping[str, Any]]) -> list[Ranking]:
        """One classifier ranking per segment of ``analysis`` from Rasa's parses (``segment_rankings``)."""
        return segment_rankings(parses, len(analysis.segments), self.settings.diet_share)

    def recognize(self, analysis: Analysis, rankings: Sequence[Ranking] | None = None) -> Recognition:
        """The moves of an analysed reply; ``rankings`` has one classifier ranking per segment.

        With rankings the combination's weights decide (``combination.py``); without, or when the
        recognizer has no combination, a move counts where its confidence reaches the threshold.
        """
        if not analysis.segments:
            return Recognition(analysis, (), problem="leeg")
        if rankings is not None and len(rankings) != len(analysis.segments):
            raise ValueError("one ranking per segment is needed")
        segments = self.segment_evidence(analysis, rankings)
        strongest: dict[str, MoveHit] = {}
        for scores in segments:
            for hit, _ in scores.values():
                if hit.label not in strongest or hit.confidence > strongest[hit.label].confidence:
                    strongest[hit.label] = hit
        if rankings is not None and self.combination is not None:
            features = reply_features(segments, rankings)
            candidates = {label: round(self.combination.probability(label, features[label]), 3) for label in strongest}
            hits = [replace(hit, confidence=candidates[label]) for label, hit in strongest.items()
                    if candidates[label] >= self.combination.threshold]
        else:
            candidates = {label: hit.confidence for label, hit in strongest.items()}
            hits = [hit for label, hit in strongest.items()
                    if hit.confidence >= self.settings.threshold_for(label, rankings is not None)]
        return Recognition(analysis, tuple(sorted(hits, key=lambda h: MOVES.index(h.label))), candidates=candidates)

    def segment_evidence(self, analysis: Analysis, rankings: Sequence[Ranking] | None) -> list[SegmentEvidence]:
        """Per segment, each move's hit there and the scores behind it."""
        spanning = detect_reply(analysis, self._lexicon)
        return [self._segment_scores(index, segment, rankings[index] if rankings is not None else {},
                                     analysis.context_lemmas, spanning if index == 0 else {})
                for index, segment in enumerate(analysis.segments)]

    def _segment_scores(
        self,
        index: int,
        segment: Segment,
        ranking: Ranking,
        context: frozenset[str],
        spanning: dict[str, Evidence],
    ) -> SegmentEvidence:
        """Per move its hit in this segment (confidence: the noisy-or) and the scores behind it."""
        cancelled = vetoed(segment, self._lexicon)
        evidence = detect(segment, self._lexicon, context, cancelled)
        for label, extra in spanning.items():
            if extra.score > evidence.get(label, Evidence(0.0, "", "")).score:
                evidence[label] = extra
        weight = float(self.settings.classifier_weight)
        no_move = ranking.get(NO_MOVE, 0.0) >= self.settings.no_move_veto
        found: SegmentEvidence = {}
        for label in MOVES:
            if label in cancelled:
                continue
            rule = evidence.get(label, Evidence(0.0, "", ""))
            learned = float(ranking.get(label, 0.0))
            if no_move and rule.score < 0.8:
                continue
            confidence = 1 - (1 - rule.score) * (1 - weight * learned)
            if confidence <= 0.05:
                continue
            sources = tuple(s for s, on in ((rule.source, rule.score > 0), ("model", learned >= 0.3)) if on)
            quote = rule.quote or segment.text.strip()
            hit = MoveHit(label, round(confidence, 3), quote, index, sources)
            found[label] = (hit, Scores(rule.score, learned, confidence))
        _resolve_question_type(found)
        return found


def _resolve_question_type(found: SegmentEvidence) -> None:
    """One segment is not both an open and a closed question, nor a closed one and a check."""
    closed = found.get("gesloten_vraag")
    if closed is None:
        return
    rival = max((found[label][0] for label in _NOT_CLOSED if label in found),
                key=lambda h: h.confidence, default=None)
    if rival is not None and rival.confidence >= closed[0].confidence - 0.1:
        del found["gesloten_vraag"]
    elif rival is not None and rival.label == "open_vraag":
        del found["open_vraag"]
