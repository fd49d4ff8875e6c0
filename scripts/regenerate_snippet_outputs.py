"""Regenerate the outputs the documentation shows (``docs/snippets/*.out``) from the snippets themselves.

Usage (from the project root, with R and ``npm ci --prefix tests/docs`` available for the external ones)::

    .venv/bin/python scripts/regenerate_snippet_outputs.py

It runs the snippet tests with ``INDOJP_REGENERATE_SNIPPETS=1``: each test writes what its snippet
printed into the ``.out`` file instead of comparing. Review the result with ``git diff docs/snippets``.
Without the variable the same tests fail whenever a ``.out`` file drifts from what its snippet prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Run the snippet tests in regeneration mode; return pytest's exit status."""
    env = {**os.environ, "INDOJP_REGENERATE_SNIPPETS": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-m", "external or not external", "tests/docs/test_snippets.py"]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
