"""The whole test suite, as `make test` runs it: every step runs, the exit code says if any failed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"

# Macro-F1 of move recognition on the held-out replies, two points below what the project reached
# (0.857 on the dev set's held-out third, 0.889 on the second writer's 70, 0.894 on the outside
# set's 300): the build fails when a change makes recognition worse (see README, "Move recognition").
EVAL_FLOOR = 0.84
SECOND_WRITER_FLOOR = 0.87
OUTSIDE_FLOOR = 0.87

STEPS: list[tuple[str, list[str]]] = [
    ("ruff", [str(BIN / "ruff"), "check", "."]),
    ("mypy", [str(BIN / "mypy")]),
    ("scenarios", [str(BIN / "oefenavond"), "scenarios", "validate"]),
    ("rasa data validate", [str(BIN / "rasa"), "data", "validate", "--fail-on-warnings"]),
    ("rasa story tests", [str(BIN / "rasa"), "test", "core", "--stories", "tests/rasa",
                          "--model", "models/oefenavond.tar.gz", "--fail-on-prediction-errors",
                          "--out", "var/results"]),
    ("move recognition eval", [str(BIN / "oefenavond"), "eval", "--min-macro-f1", str(EVAL_FLOOR)]),
    ("move recognition eval, second writer", [str(BIN / "oefenavond"), "eval", "--data",
                                              "tests/data/moves_unseen.jsonl",
                                              "--min-macro-f1", str(SECOND_WRITER_FLOOR)]),
    ("move recognition eval, outside set", [str(BIN / "oefenavond"), "eval", "--data",
                                            "tests/data/moves_outside.jsonl", "--split", "all",
                                            "--min-macro-f1", str(OUTSIDE_FLOOR)]),
    ("pytest", [str(BIN / "python"), "-m", "pytest", *sys.argv[1:]]),
]


def main() -> int:
    """Run every step; print a summary; non-zero when any step failed."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore::DeprecationWarning")
    results = []
    for name, command in STEPS:
        print(f"\n=== {name}: {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(command))}", flush=True)
        started = time.monotonic()
        code = subprocess.call(command, cwd=ROOT, env=env)
        results.append((name, code, time.monotonic() - started))
    print("\n=== summary")
    for name, code, seconds in results:
        print(f"  {'ok  ' if code == 0 else 'FAIL'} {name:38} {seconds:6.0f} s")
    failed = [name for name, code, _ in results if code != 0]
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
