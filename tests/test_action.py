"""The composite action (action.yml) works as written: its steps' shell, run here as a runner would run it."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from tests.conftest import REPO

pytestmark = pytest.mark.integration  # installs the package with pip, as the action does


def interpreter(version: str) -> str:
    """The path of a Python ``version`` on this machine, as setup-python's ``python-path`` output gives it."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(str(Path.home() / ".pyenv" / "versions" / f"{version}.*" / "bin" / "python3")))
    found = [c for c in candidates if c]
    assert found, f"no Python {version} on this machine; the action asks setup-python for it"
    return found[-1]


def test_action_installs_the_package_and_validates_with_github_annotations(tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    setup, *steps = action["runs"]["steps"]
    # A supported Python from actions/setup-python, not the runner's python3 (3.10 on ubuntu-22.04).
    assert setup["uses"].startswith("actions/setup-python@") and setup["id"] == "python"
    assert setup["with"]["update-environment"] is False  # the job's own Python stays as it was
    version = setup["with"]["python-version"]
    requires = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert version in SpecifierSet(requires)
    python = interpreter(version)
    assert all(step["shell"] == "bash" for step in steps)
    default = action["inputs"]["paths"]["default"]

    # The action's own copy of the repository: the committed files, as `uses:` checks them out.
    checkout = tmp_path / "action"
    subprocess.run(["git", "clone", "-q", str(REPO), str(checkout)], check=True)
    workspace = tmp_path / "workspace"
    shutil.copytree(REPO / "datapackage", workspace / default)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    # The runner's own python3 is too old: a stand-in that refuses, first on PATH.
    old_python = tmp_path / "runner-bin"
    old_python.mkdir()
    (old_python / "python3").write_text("#!/bin/sh\necho 'Python 3.10 (the runner python3)' >&2\nexit 1\n")
    (old_python / "python3").chmod(0o755)
    path = f"{old_python}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "GITHUB_ACTION_PATH": str(checkout), "RUNNER_TEMP": str(runner_temp)}
    outputs = {"${{ steps.python.outputs.python-path }}": python, "${{ inputs.paths }}": default}

    def expand(value: str) -> str:
        for expression, output in outputs.items():
            value = value.replace(expression, output)
        return value

    def run_steps() -> subprocess.CompletedProcess[str]:
        result = None
        for step in steps:
            step_env = {
                **env,
                **{k: expand(v) for k, v in step.get("env", {}).items()},
            }
            assert "${{" not in step["run"], "inputs reach the shell through env, never expanded in it"
            result = subprocess.run(
                ["bash", "-e", "-c", step["run"]], cwd=workspace, env=step_env, capture_output=True, text=True
            )
            if result.returncode != 0:
                return result
        assert result is not None
        return result

    good = run_steps()
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.startswith("::notice title=indojp-data validate::valid: datapackage")

    sectors = workspace / default / "data" / "sectors.csv"
    sectors.write_bytes(sectors.read_bytes().replace(b",1,critical minerals,", b",x,critical minerals,"))
    bad = run_steps()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert bad.stdout.startswith("::error file=datapackage/data/sectors.csv,")
