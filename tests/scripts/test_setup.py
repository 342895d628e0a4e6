"""Setup fails fast and clearly: no Python 3.10, or no way to get the Dutch model."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_python_310_names_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    empty = tmp_path / "bin"
    empty.mkdir()
    for tool in ("bash", "dirname", "cat", "sha256sum", "cut", "rm"):
        found = shutil.which(tool)
        assert found
        (empty / tool).symlink_to(found)
    env = {"PATH": str(empty), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "no-pyenv")}
    result = subprocess.run(["bash", "scripts/setup.sh"], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 1
    assert "Python 3.10 is required" in result.stderr
    assert "pyenv install 3.10" in result.stderr


def test_no_wheelhouse_and_no_network_fails_fast_with_both_ways(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    wheels = tmp_path / "empty-wheelhouse"
    wheels.mkdir()
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels), PIP_CONFIG_FILE=os.devnull)
    started = time.monotonic()
    result = subprocess.run([str(ROOT / "scripts" / "install-dutch-model.sh"), str(venv / "bin" / "python")],
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1
    assert time.monotonic() - started < 120
    assert "python -m spacy download nl_core_news_sm" in result.stderr
    assert "PIP_FIND_LINKS=/path/to/wheels" in result.stderr
