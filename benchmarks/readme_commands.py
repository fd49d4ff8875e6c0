"""Time the README's two quick-start commands in a fresh clone with nothing beside it, as a new user runs them.

Target: the second command (install the `test` extra, run the tests) within 3 minutes on a 2-core machine.
The clone is of this checkout's committed HEAD, in a temporary directory, so no source article is beside
it (its tests skip, saying why). Installs come from the configured package index and cache, so a first
run on a machine that has never downloaded the packages takes longer.

Usage: python benchmarks/readme_commands.py
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quickstart() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- quickstart:start -->")[1].split("<!-- quickstart:end -->")[0]
    return [line for line in block.splitlines() if line and not line.startswith("```")]


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        clone = Path(scratch) / "indojp-data"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        for number, command in enumerate(quickstart(), start=1):
            start = time.perf_counter()
            shell = ["bash", "-euo", "pipefail", "-c", command]
            done = subprocess.run(shell, cwd=clone, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-200:]
            print(f"command {number}: {seconds:6.1f} s, exit {done.returncode}: {last}")


if __name__ == "__main__":
    main()
