"""Test sessions for every supported Python (``requires-python`` in pyproject.toml and the classifiers).

Run with ``nox`` (all of them) or ``nox -s tests-3.12``. Each session uses an interpreter already on the
machine (``python3.11``, ``python3.12``, ``python3.13`` on PATH) and fails, rather than skips, when one is
missing: a supported version is a tested version. .ci/run runs every session.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

PYTHONS = ["3.11", "3.12", "3.13"]
"""The supported versions: keep in step with ``requires-python`` and the classifiers (a test checks)."""

# pyenv installs each version under ~/.pyenv/versions/X.Y.Z/, but its python3.X shims answer only for the
# selected versions: put the installed ones on PATH so nox finds every pythonX.Y without downloading one.
for _version in PYTHONS:
    for _bin in sorted((Path.home() / ".pyenv" / "versions").glob(f"{_version}.*/bin"), reverse=True)[:1]:
        os.environ["PATH"] = f"{_bin}{os.pathsep}{os.environ['PATH']}"

nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Install the package with the dev extras and run every test but the external ones (R, Node)."""
    session.install("-q", "-e", ".[dev]")
    session.run(
        "python", "-m", "pytest", "-q", "-n", "auto", "-p", "no:cacheprovider", "-m", "not external", *session.posargs
    )
