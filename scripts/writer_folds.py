"""Out-of-fold parses of the labelled writers' replies, for tune_recognition.py --folds and fit_combination.py.

A development tool, not part of the product, and slow (one `rasa train nlu` per fold, about seven
minutes each on two cores). The twelve writers of data/labelled/ are split into folds of four. For
each fold a copy of the project without those writers' files is made, its generated NLU data and
sentences are written again (scripts/labelled_to_nlu.py) and a model is trained on it; that model
then parses the fold's own replies, which it never saw. The result is one JSON line per reply with
its gold moves and Rasa's parses of its segments and of the whole reply (``Core.parses``): about
3,900 replies of twelve writers, a tuning set much larger and more varied than the tune splits.
A fold whose model is already trained (in --work) is not trained again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oefenavond.cli.common import Core  # noqa: E402
from oefenavond.cli.evaluate import load_items  # noqa: E402

FOLDS = (
    ("spoken", "late", "beginner", "short"),
    ("formal", "teflon", "written", "professionals"),
    ("chat", "topics", "disagree", "pressure"),
)
"""The writers (data/labelled/<name>.jsonl) of each fold, old and new styles mixed."""


def check_folds() -> None:
    """Every labelled file is in exactly one fold."""
    writers = sorted(path.stem for path in (ROOT / "data" / "labelled").glob("*.jsonl"))
    listed = sorted(name for fold in FOLDS for name in fold)
    if writers != listed:
        raise SystemExit(f"FOLDS in {Path(__file__).name} lists {listed}, data/labelled/ holds {writers}")


def fold_model(index: int, writers: tuple[str, ...], work: Path) -> Path:
    """The model trained without ``writers``: a copy of the tracked files, their data regenerated."""
    copy = work / f"fold{index}"
    model = copy / "models" / "fold.tar.gz"
    if model.exists():
        return model
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True)
    for name in filter(None, tracked.stdout.split("\0")):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    for writer in writers:
        (copy / "data" / "labelled" / f"{writer}.jsonl").unlink()
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "scripts/labelled_to_nlu.py"], cwd=copy, check=True)
    print(f"fold {index}: training without {', '.join(writers)}", flush=True)
    subprocess.run([str(ROOT / ".venv" / "bin" / "rasa"), "train", "nlu", "--fixed-model-name", "fold",
                    "--out", "models"], cwd=copy, check=True, stdout=subprocess.DEVNULL)
    return model


def main() -> int:
    """Train the folds' models and write the out-of-fold parses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "folds",
                        help="fold copies and their models (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "folds" / "out_of_fold.jsonl",
                        help="parses per reply (default: %(default)s)")
    args = parser.parse_args()
    check_folds()
    lines = []
    for index, writers in enumerate(FOLDS, start=1):
        core = Core(fold_model(index, writers, args.work.resolve()))
        recognizer = core.practice.recognizer
        for writer in writers:
            for item in load_items(ROOT / "data" / "labelled" / f"{writer}.jsonl", "all"):
                analysis = recognizer.analyse(item["reply"], item.get("context", ""))
                lines.append(json.dumps({"id": item["id"], "writer": writer, "context": item.get("context", ""),
                                         "reply": item["reply"], "moves": item["moves"],
                                         "parses": core.parses(analysis)}, ensure_ascii=False))
        print(f"fold {index}: parsed the replies of {', '.join(writers)}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} replies written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
