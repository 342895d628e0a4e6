"""The core imports no framework: no Rasa, web framework, Telegram or database code."""

import subprocess
import sys

CORE_MODULES = [
    "oefenavond.practice", "oefenavond.scenario", "oefenavond.resident", "oefenavond.assessment",
    "oefenavond.scorecard", "oefenavond.moves", "oefenavond.evaluation", "oefenavond.settings",
    "oefenavond.corrected", "oefenavond.nlu_examples", "oefenavond.labelled",
    "oefenavond.cli.users", "oefenavond.cli.corrections",
]
FRAMEWORKS = ["rasa", "rasa_sdk", "sanic", "starlette", "telegram", "sqlalchemy", "tensorflow"]


def test_core_modules_import_no_framework() -> None:
    code = (
        f"import sys\nfor m in {CORE_MODULES!r}: __import__(m)\n"
        f"print(sorted(f for f in {FRAMEWORKS!r} if f in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"
