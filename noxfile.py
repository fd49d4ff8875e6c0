"""Test sessions for every supported Python (``requires-python`` in pyproject.toml and the classifiers).

Run with ``nox`` (all of them) or ``nox -s tests-3.12``. Each session uses an interpreter already on the
machine (``python3.11``, ``python3.12``, ``python3.13`` on PATH) and fails, rather than skips, when one is
missing: a supported version is a tested version. .ci/run runs every session.
"""

from __future__ import annotations

import nox

PYTHONS = ["3.11", "3.12", "3.13"]
"""The supported versions: keep in step with ``requires-python`` and the classifiers (a test checks)."""

nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Install the package with the test dependencies and run the test suite."""
    session.install("-q", "-e", ".[dev]")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *session.posargs)
