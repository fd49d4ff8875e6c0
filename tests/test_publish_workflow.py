"""The PyPI publishing workflow uploads only after the checks pass, with PyPA's action, installing nothing."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def jobs() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return found


def upstream(name: str) -> set[str]:
    """Every job that must succeed before job ``name`` starts (its ``needs``, transitively)."""
    needs = jobs()[name].get("needs", [])
    direct = {needs} if isinstance(needs, str) else set(needs)
    return direct.union(*(upstream(job) for job in direct)) if direct else set()


def commands(job: str) -> str:
    return "\n".join(step.get("run", "") for step in jobs()[job]["steps"])


def test_the_upload_waits_for_the_tests_build_check_and_release_check() -> None:
    (uploader,) = [
        name
        for name, job in jobs().items()
        if any(step.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for step in job["steps"])
    ]
    gates = "\n".join(commands(job) for job in upstream(uploader))
    assert "-m pytest" in gates and '-m "not external"' in gates
    assert "indojp-data build --check" in gates
    assert "scripts/check_release_version.py" in gates
    assert "indojp-data release" in gates
    assert "twine check --strict" in gates


def test_only_the_upload_job_holds_the_token_and_it_installs_nothing() -> None:
    privileged = [name for name, job in jobs().items() if job.get("permissions", {}).get("id-token") == "write"]
    assert len(privileged) == 1
    (job,) = privileged
    assert not [step for step in jobs()[job]["steps"] if "run" in step]  # no pip, no curl, no shell at all


def test_the_build_tools_are_pinned() -> None:
    for name in jobs():
        for install in re.findall(r"pip install ([^\n]+)", commands(name)):
            requirements = re.findall(r'"([^"]+)"', install)
            assert requirements, install
            for requirement in requirements:
                assert requirement.startswith("-e") or requirement == ".[dev]" or "==" in requirement, requirement
