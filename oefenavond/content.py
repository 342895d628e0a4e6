"""Loading content files (YAML) into typed models, with errors that name file, field and line."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pydantic
import yaml

Model = TypeVar("Model", bound=pydantic.BaseModel)
Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One mistake in a content file, in words a trainer can act on."""

    file: Path
    field: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ContentError(Exception):
    """A content file could not be loaded; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (a common copy-paste mistake in content)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' occurs twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _lines(node: yaml.Node, path: Location = ()) -> Iterator[tuple[Location, int]]:
    """Yield (path, 1-based line) for every node below ``node``."""
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield (*path, key_node.value), key_node.start_mark.line + 1
            yield from _lines(value_node, (*path, key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _lines(item, (*path, index))


def _field_name(loc: Location) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def read_yaml(path: Path) -> tuple[Any, dict[Location, int]]:
    """Parse a YAML file; return the data and a map from field path to line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([Problem(path, "", 0, f"cannot be read: {error}")]) from error
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise ContentError([Problem(path, "", line, f"is not valid YAML: {error.problem}")]) from error
    lines = dict(_lines(node)) if node is not None else {}
    return data, lines


def load_model(path: Path, model: type[Model]) -> Model:
    """Read ``path`` and validate it into ``model``; raise ContentError naming field and line."""
    data, lines = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError([Problem(path, "", 1, "must be a mapping of fields (key: value)")])
    try:
        return model.parse_obj(data)
    except pydantic.ValidationError as error:
        problems = []
        for item in error.errors():
            loc = tuple(item["loc"])
            if loc and loc[0] == "__root__":
                loc = ()
            line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), 0)
            problems.append(Problem(path, _field_name(loc), line, _plain(item)))
        raise ContentError(problems) from error


def _plain(item: Mapping[str, Any]) -> str:
    """Pydantic's message, reworded where a trainer would not understand it."""
    kind, message = item["type"], item["msg"]
    if kind == "value_error.missing":
        return "is missing"
    if kind == "value_error.extra":
        return "is not a known field (check the spelling)"
    return str(message)
