"""`oefenavond scenarios` and `scenarios validate`."""

import subprocess
import sys
from pathlib import Path

from oefenavond.practice import SCENARIO_DIR


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "oefenavond.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_list_names_every_resident() -> None:
    result = cli("scenarios")
    assert result.returncode == 0
    assert "azc-onveilig" in result.stdout and "escalatie" in result.stdout


def test_validate_passes_on_the_shipped_scenarios() -> None:
    result = cli("scenarios", "validate")
    assert result.returncode == 0, result.stdout


def test_validate_fails_with_file_field_and_line(tmp_path: Path) -> None:
    text = (SCENARIO_DIR / "bos-kap.yml").read_text(encoding="utf-8").replace("  trust: ", "  trust: veel #", 1)
    (tmp_path / "bos-kap.yml").write_text(text, encoding="utf-8")
    result = cli("scenarios", "validate", "--dir", str(tmp_path))
    assert result.returncode == 1
    assert f"{tmp_path / 'bos-kap.yml'}:" in result.stdout and "start.trust" in result.stdout
