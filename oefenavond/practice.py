"""A practice conversation end to end: open a scenario, take replies, assess, score.

Every adapter (Rasa actions, command line, web app, Telegram bot) goes through this module, so
the same reply gets the same moves, resident line and assessment everywhere. The conversation is
plain data (``to_dict``) so that it can live in a Rasa slot.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from oefenavond.assessment import Assessment, Assessor
from oefenavond.feedback import FeedbackTexts, load_feedback
from oefenavond.moves.lexicon import Lexicon
from oefenavond.moves.recognizer import MoveRecognizer, Ranking, Recognition
from oefenavond.moves.text import Analysis
from oefenavond.resident import Dynamics, ResidentEngine, ResidentState
from oefenavond.scenario import Library, Scenario
from oefenavond.scorecard import Scorecard, make_scorecard

Mode = Literal["oefen", "toets"]
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


@dataclass
class ConversationState:
    """One conversation with one resident, as plain data."""

    scenario: str
    mode: str
    seed: int
    resident: ResidentState
    records: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a slot."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConversationState:
        """Inverse of to_dict."""
        return cls(
            scenario=str(data["scenario"]),
            mode=str(data.get("mode", "oefen")),
            seed=int(data["seed"]),
            resident=ResidentState.from_dict(data["resident"]),
            records=list(data.get("records", [])),
        )


@dataclass(frozen=True)
class Turn:
    """The outcome of one reply."""

    line: str
    state: ConversationState
    assessment: Assessment
    recognition: Recognition
    scorecard: Scorecard | None

    def payload(self) -> dict[str, Any]:
        """The custom payload sent with the resident's line; toetsmodus holds feedback back until the end."""
        resident = self.state.resident
        hidden = self.state.mode == "toets" and not resident.ended
        return {
            "type": "turn",
            "scenario": self.state.scenario,
            "mode": self.state.mode,
            "resident_line": self.line,
            "state": {
                "emotion": resident.emotion,
                "trust": resident.trust,
                "mood": resident.mood,
                "stage": resident.stage,
                "turn": resident.turn,
                "ended": resident.ended,
                "outcome": resident.outcome,
            },
            "assessment": None if hidden else self.assessment.to_dict(),
            "scorecard": self.scorecard.to_dict() if self.scorecard else None,
            "records": self.state.records if resident.ended else None,
        }


class Practice:
    """The scenarios, the engine rules, the recognizer and the assessor, loaded once."""

    def __init__(
        self,
        library: Library,
        recognizer: MoveRecognizer,
        dynamics: Dynamics | None = None,
        texts: FeedbackTexts | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.library = library
        self.recognizer = recognizer
        self.dynamics = dynamics or Dynamics.load()
        self.texts = texts or load_feedback()
        self.assessor = Assessor(self.texts, lexicon or Lexicon.load())

    @classmethod
    def create(cls, nlp: object, scenario_dir: Path = SCENARIO_DIR) -> Practice:
        """Everything with the shipped content around a spaCy pipeline."""
        lexicon = Lexicon.load()
        return cls(Library.load(scenario_dir), MoveRecognizer.create(nlp, lexicon), lexicon=lexicon)

    def engine(self, state: ConversationState) -> ResidentEngine:
        """The resident engine for a conversation."""
        return ResidentEngine(self.library.get(state.scenario), self.dynamics, state.seed)

    def open(self, scenario_id: str, mode: Mode = "oefen", seed: int | None = None) -> tuple[ConversationState, str]:
        """Start a conversation: the state and the resident's opening line."""
        scenario = self.library.get(scenario_id)
        seed = random.SystemRandom().randrange(1, 2**31) if seed is None else seed
        resident, line = ResidentEngine(scenario, self.dynamics, seed).start()
        return ConversationState(scenario_id, mode, seed, resident), line

    def analyse(self, state: ConversationState, reply: str) -> Analysis:
        """Analyse a reply against what the resident said last."""
        return self.recognizer.analyse(reply, state.resident.last_line)

    def reply(
        self, state: ConversationState, analysis: Analysis, rankings: Sequence[Ranking] | None = None
    ) -> Turn:
        """Take one analysed reply (with the classifier's rankings per segment, if any)."""
        engine = self.engine(state)
        recognition = self.recognizer.recognize(analysis, rankings)
        reaction = engine.react(state.resident, recognition)
        assessment = self.assessor.assess(engine.scenario, state.resident, recognition, reaction, state.seed)
        record = assessment.to_dict() | {
            "reply": analysis.reply,
            "resident": reaction.line,
            "emotion": reaction.state.emotion,
            "trust": reaction.state.trust,
            "stage": engine.scenario.stage(reaction.state.stage).id,
        }
        new = ConversationState(state.scenario, state.mode, state.seed, reaction.state, [*state.records, record])
        scorecard = self.scorecard(new) if reaction.state.ended else None
        return Turn(reaction.line, new, assessment, recognition, scorecard)

    def scorecard(self, state: ConversationState) -> Scorecard:
        """The scorecard of the conversation so far."""
        scenario: Scenario = self.library.get(state.scenario)
        return make_scorecard(
            state.records,
            state.resident.outcome or "onderbroken",
            state.resident.uncovered_turn,
            scenario.escalation is not None,
            self.texts,
        )
