"""Processes and the machine, read from /proc (Linux): memory per process, CPU, other load."""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
PAGE_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcessMemory:
    """Resident memory of one process, now and at its peak."""

    pid: int
    name: str
    rss_mb: float
    peak_mb: float


def _status(pid: int) -> dict[str, str]:
    fields = {}
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def _kb(value: str) -> float:
    return float(value.split(maxsplit=1)[0]) if value else 0.0


def parent_of(pid: int) -> int:
    """The parent process id (0 when gone)."""
    try:
        return int(_status(pid).get("PPid", "0"))
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return 0


def command_of(pid: int) -> str:
    """A short readable command line."""
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError):
        return "?"
    parts = [Path(p.decode(errors="replace")).name if i < 2 else p.decode(errors="replace")
             for i, p in enumerate(raw) if p]
    return " ".join(parts[:6])


def all_pids() -> list[int]:
    """Every process id on the machine."""
    return [int(p.name) for p in PROC.iterdir() if p.name.isdigit()]


def descendants(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid in all_pids():
        children.setdefault(parent_of(pid), []).append(pid)
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def memory(pids: list[int]) -> list[ProcessMemory]:
    """RSS and peak RSS (VmHWM) of each process that still exists."""
    found = []
    for pid in pids:
        try:
            status = _status(pid)
        except (FileNotFoundError, ProcessLookupError):
            continue
        found.append(ProcessMemory(pid, command_of(pid), _kb(status.get("VmRSS", "")) / 1024,
                                   _kb(status.get("VmHWM", "")) / 1024))
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process so far."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / PAGE_TICKS


def busy_others(exclude: set[int], seconds: float = 3.0, threshold: float = 0.1) -> list[str]:
    """Processes not in ``exclude`` that used more than ``threshold`` of a core over ``seconds``."""
    before = {pid: cpu_seconds(pid) for pid in all_pids() if pid not in exclude}
    time.sleep(seconds)
    busy = []
    for pid, start in before.items():
        used = (cpu_seconds(pid) - start) / seconds
        if used > threshold:
            busy.append(f"{command_of(pid)} ({used:.0%} of a core)")
    return busy


def machine() -> dict[str, str]:
    """Cores, memory, CPU model, kernel."""
    model = next((line.split(":", 1)[1].strip() for line in (PROC / "cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    total_kb = next(float(line.split()[1]) for line in (PROC / "meminfo").read_text().splitlines()
                    if line.startswith("MemTotal"))
    return {"cores": str(os.cpu_count()), "memory": f"{total_kb / 1024 / 1024:.1f} GiB", "cpu": model,
            "system": f"{platform.system()} {platform.release()}", "python": platform.python_version()}
