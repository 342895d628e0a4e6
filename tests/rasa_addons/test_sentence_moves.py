"""The multi-label move classifier as Rasa runs it: trained, persisted in model storage, loaded, used."""

import json
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.sentence_moves import MOVE_SCORES, SentenceDataError, SentenceMoveClassifier

ARGUING = ["Dat klopt gewoon niet.", "Nee hoor, dat is echt niet waar.", "U vergist zich, het zijn er vijftig.",
           "Nee, dat is een misverstand, het gaat om vijftig mensen.", "Dat is niet waar, er waren twee avonden."]
EXPLAINING = ["Het zijn er vijftig, zegt het COA.", "De raad besluit in maart.", "Er waren twee avonden.",
              "Het gaat om vijftig mensen.", "Het bos is van de gemeente."]


def write_sentences(path: Path) -> Path:
    rows = [{"text": text, "moves": ["in_discussie"] + (["uitleg_geven"] if "," in text else [])} for text in ARGUING]
    rows += [{"text": text, "moves": ["uitleg_geven"]} for text in EXPLAINING]
    rows += [{"text": text, "moves": []} for text in ("Goedenavond.", "Dank u wel.", "Oké.", "Pakt u een stoel.")]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def test_trained_scores_survive_the_model_storage(tmp_path: Path, context: ExecutionContext) -> None:
    config = {**SentenceMoveClassifier.get_default_config(), "sentences": str(write_sentences(tmp_path / "s.jsonl"))}
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("sentence_moves")
    SentenceMoveClassifier.create(config, storage, resource, context).train(TrainingData())

    loaded = SentenceMoveClassifier.load(config, storage, resource, context)
    messages = [Message.build("Nee hoor, dat klopt gewoon niet."), Message.build("Dank u wel.")]
    [arguing, thanks] = loaded.process(messages)
    scores = arguing.get(MOVE_SCORES)
    assert set(scores) == {"in_discussie", "uitleg_geven"}
    assert scores["in_discussie"] > 0.5 > thanks.get(MOVE_SCORES)["in_discussie"]
    assert MOVE_SCORES in arguing.as_dict(only_output_properties=True), "the scores reach the parse result"


def test_fingerprint_follows_the_sentences(tmp_path: Path) -> None:
    path = write_sentences(tmp_path / "s.jsonl")
    before = SentenceMoveClassifier.fingerprint_addon({"sentences": str(path)})
    path.write_text(path.read_text(encoding="utf-8") + '{"text": "Ja.", "moves": []}\n', encoding="utf-8")
    assert SentenceMoveClassifier.fingerprint_addon({"sentences": str(path)}) != before


def test_a_model_without_scores_leaves_messages_as_they_are(tmp_path: Path, context: ExecutionContext) -> None:
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    component = SentenceMoveClassifier.load(SentenceMoveClassifier.get_default_config(), storage,
                                            Resource("missing"), context)
    [message] = component.process([Message.build("Dat klopt niet.")])
    assert message.get(MOVE_SCORES) is None


@pytest.mark.parametrize("content", ["", '{"text": "Ja."}\n', "geen json\n"])
def test_bad_sentences_name_the_file_and_line(tmp_path: Path, context: ExecutionContext, content: str) -> None:
    path = tmp_path / "s.jsonl"
    if content:
        path.write_text(content, encoding="utf-8")
    config = {"sentences": str(path), "c": 1.0}
    (tmp_path / "storage").mkdir()
    component = SentenceMoveClassifier.create(config, LocalModelStorage(tmp_path / "storage"), Resource("r"), context)
    with pytest.raises(SentenceDataError, match=r"s\.jsonl(:1)?:"):
        component.train(TrainingData())
