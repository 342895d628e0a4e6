"""Content files load into typed models; mistakes name file, field and line."""

from pathlib import Path

import pydantic
import pytest

from oefenavond.content import ContentError, load_model


class Sample(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    name: str
    size: int


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sample.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_loads(tmp_path: Path) -> None:
    assert load_model(write(tmp_path, "name: a\nsize: 3\n"), Sample) == Sample(name="a", size=3)


def test_wrong_type_names_field_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: a\n\nsize: groot\n")
    with pytest.raises(ContentError) as error:
        load_model(path, Sample)
    problem = error.value.problems[0]
    assert (problem.file, problem.field, problem.line) == (path, "size", 3)
    assert f"{path}:3: size:" in str(error.value)


def test_missing_and_unknown_fields_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as error:
        load_model(write(tmp_path, "name: a\nsise: 3\n"), Sample)
    text = str(error.value)
    assert "size: is missing" in text
    assert ":2: sise: is not a known field (check the spelling)" in text


def test_broken_yaml_gives_the_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"sample.yml:2: is not valid YAML"):
        load_model(write(tmp_path, "name: a\n  size: [3\n"), Sample)


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="occurs twice"):
        load_model(write(tmp_path, "name: a\nsize: 1\nname: b\n"), Sample)
