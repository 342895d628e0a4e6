"""Realistic trainee replies: the scripted conversations in tests/data/scripts/<scenario>/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "scripts"
KINDS = ("good", "bad")


@dataclass(frozen=True)
class Script:
    """The replies a trainee gives to one resident, listening (good) or Teflon (bad)."""

    scenario: str
    kind: str
    replies: tuple[str, ...]


def load_scripts(directory: Path = SCRIPTS_DIR) -> list[Script]:
    """Every <scenario>/good.txt and bad.txt, one reply per non-empty line, in a stable order."""
    scripts = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        for kind in KINDS:
            path = folder / f"{kind}.txt"
            if path.exists():
                lines = tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
                if lines:
                    scripts.append(Script(folder.name, kind, lines))
    if not scripts:
        raise FileNotFoundError(f"no trainee scripts under {directory}")
    return scripts
