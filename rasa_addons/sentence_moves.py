"""A multi-label move classifier in the Rasa NLU pipeline: one logistic regression per move.

DIET ranks intents with a softmax, so it gives one move per segment, and it learns only from
sentences with one move. A trainee's sentence often makes two ("Nee hoor, het zijn er vijftig,
geen vijfhonderd" argues and explains), and arguing most often comes that way. This component
learns from every labelled sentence, those with two moves too: ``data/sentences.jsonl``, written by
``scripts/labelled_to_nlu.py``, one ``{"text", "moves"}`` per line. One binary classifier per move,
over the same kind of word and character n-grams as DIET's count vectors, gives each move its own
probability. They go into the parse as ``move_scores``; ``ranking_from_parse`` in
``oefenavond.moves.recognizer`` combines them with DIET's ranking.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

MOVE_SCORES = "move_scores"
"""The key of the parse result that holds move -> probability."""

_FILE = "sentence_moves.skops"
_TRUSTED = ["scipy.sparse._csr.csr_matrix"]
"""Beyond skops' own list of safe types, the one type the fitted pipeline holds (a label binarizer's matrix)."""


class SentenceDataError(RasaException):
    """The labelled sentences are missing or malformed."""


def read_sentences(path: Path) -> tuple[list[str], list[list[str]]]:
    """Texts and their moves from a JSON Lines file of ``{"text": ..., "moves": [...]}``."""
    if not path.is_file():
        raise SentenceDataError(f"{path}: no labelled sentences (run scripts/labelled_to_nlu.py)")
    texts, moves = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            texts.append(str(item["text"]))
            moves.append([str(label) for label in item["moves"]])
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise SentenceDataError(f"{path}:{number}: not a labelled sentence ({error})") from None
    return texts, moves


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentenceMoveClassifier(GraphComponent):
    """Adds ``move_scores`` (move -> probability) to every parsed message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``sentences``: the labelled sentences; ``c``: inverse regularisation of each regression."""
        return {"sentences": "data/sentences.jsonl", "c": 10.0}

    @staticmethod
    def required_packages() -> list[str]:
        """scikit-learn and skops come with Rasa."""
        return ["sklearn", "skops"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The sentences are not Rasa training data: retrain when they change."""
        path = Path(config["sentences"])
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 pipeline: Any = None, labels: list[str] | None = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._pipeline = pipeline
        self._labels = labels or []

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SentenceMoveClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit one regression per move on the labelled sentences (not on ``training_data``)."""
        from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 - heavy, train and load only
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415
        from sklearn.multiclass import OneVsRestClassifier  # noqa: PLC0415
        from sklearn.pipeline import FeatureUnion, make_pipeline  # noqa: PLC0415
        from sklearn.preprocessing import MultiLabelBinarizer  # noqa: PLC0415

        texts, moves = read_sentences(Path(self._config["sentences"]))
        binarizer = MultiLabelBinarizer()
        targets = binarizer.fit_transform(moves)
        features = FeatureUnion([
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True)),
        ])
        # Balanced class weights: a move is in a few percent of the sentences; unweighted, its
        # probability seldom reaches the recognizer's threshold.
        regression = LogisticRegression(C=float(self._config["c"]), class_weight="balanced", max_iter=2000)
        self._pipeline = make_pipeline(features, OneVsRestClassifier(regression)).fit(texts, targets)
        self._labels = [str(label) for label in binarizer.classes_]
        self.persist()
        logger.info("Trained move scores for %d moves on %d sentences", len(self._labels), len(texts))
        return self._resource

    def persist(self) -> None:
        """Write the fitted pipeline and its labels to the model storage."""
        import skops.io as sio  # noqa: PLC0415

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump({"pipeline": self._pipeline, "labels": self._labels}, directory / _FILE)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SentenceMoveClassifier:
        """The trained classifier; an untrained one (no scores) when the model has none."""
        import skops.io as sio  # noqa: PLC0415

        try:
            with model_storage.read_from(resource) as directory:
                stored = sio.load(directory / _FILE, trusted=_TRUSTED)
        except ValueError:
            logger.warning("No trained move scores in the model: moves come from DIET alone")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, stored["pipeline"], stored["labels"])

    def process(self, messages: list[Message]) -> list[Message]:
        """Set ``move_scores`` on each message with text."""
        if self._pipeline is None:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        for message, row in zip(messages, self._pipeline.predict_proba(texts), strict=True):
            scores = {label: round(float(p), 4) for label, p in zip(self._labels, row, strict=True)}
            message.set(MOVE_SCORES, scores, add_to_output=True)
        return messages
