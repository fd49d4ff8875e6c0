"""The composite action (action.yml) works as written: its steps' shell, run here as a runner would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

pytestmark = pytest.mark.integration  # installs the package with pip, as the action does


def test_action_installs_the_package_and_validates_with_github_annotations(tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all(step["shell"] == "bash" for step in steps)
    default = action["inputs"]["paths"]["default"]

    # The action's own copy of the repository: the committed files, as `uses:` checks them out.
    checkout = tmp_path / "action"
    subprocess.run(["git", "clone", "-q", str(REPO), str(checkout)], check=True)
    workspace = tmp_path / "workspace"
    shutil.copytree(REPO / "datapackage", workspace / default)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {**os.environ, "GITHUB_ACTION_PATH": str(checkout), "RUNNER_TEMP": str(runner_temp)}

    def run_steps() -> subprocess.CompletedProcess[str]:
        result = None
        for step in steps:
            step_env = {
                **env,
                **{k: v.replace("${{ inputs.paths }}", default) for k, v in step.get("env", {}).items()},
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
