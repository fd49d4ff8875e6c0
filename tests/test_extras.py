"""The package installs without the validator engine, exporters or code tables; commands say what is missing."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from indojp_data.core.extras import COMMAND_EXTRAS, EXTRAS
from tests.conftest import REPO

OPTIONAL = tuple(module for modules in EXTRAS.values() for module in modules)


def without(modules: tuple[str, ...], code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter in which ``modules`` cannot be imported, as if not installed."""
    block = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in modules)
    return subprocess.run([sys.executable, "-c", block + code], capture_output=True, text=True, cwd=cwd)


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=\[ ;]", r, maxsplit=1)[0].lower().replace("-", "_") for r in requirements}


def test_the_runtime_depends_only_on_the_models_records_and_versions() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert requirement_names(project["dependencies"]) == {"pydantic", "pyyaml", "semver"}
    extras = project["optional-dependencies"]
    for extra, modules in EXTRAS.items():
        assert requirement_names(extras[extra]) == set(modules), extra
    assert "indojp-data[tools,build]" in extras["test"] and "indojp-data[test]" in extras["dev"]


def test_load_show_and_schema_work_without_any_extra(tmp_path: Path) -> None:
    code = (
        "import indojp_data; ds = indojp_data.load(); print(ds.person('narendra-modi').office)\n"
        # A full validation of the records too (what load() falls back to): the code lists ship in the package.
        "from indojp_data.model.curated import read_records; assert read_records() == ds\n"
        "from indojp_data.cli import main\n"
        "assert main(['show']) == 0 and main(['schema', 'quotes']) == 0\n"
        f"assert not any(m in sys.modules for m in {OPTIONAL!r} if sys.modules[m] is not None)\n"
    )
    result = without(OPTIONAL, code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Prime Minister\n")


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (["validate", str(REPO / "datapackage")], "tools"),
        (["export", "--format", "parquet", "--out", "out"], "tools"),
        (["release", "--root", str(REPO), "--out", "out"], "tools"),
        (["build", "--check", "--root", str(REPO)], "build"),
    ],
)
def test_a_command_without_its_extra_exits_2_naming_the_install(argv: list[str], extra: str, tmp_path: Path) -> None:
    assert COMMAND_EXTRAS[argv[0]] == extra
    result = without(EXTRAS[extra], f"from indojp_data.cli import main; sys.exit(main({argv!r}))", tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"indojp-data {argv[0]}: {' and '.join(EXTRAS[extra])} not installed; run: pip install 'indojp-data[{extra}]'\n"
    )
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_one_missing_module_is_named_alone(tmp_path: Path) -> None:
    code = f"from indojp_data.cli import main; sys.exit(main(['validate', {str(REPO / 'datapackage')!r}]))"
    result = without(("jsonschema_rs",), code, tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "indojp-data validate: jsonschema_rs not installed; run: pip install 'indojp-data[tools]'\n",
    )


def test_the_python_validate_without_its_extra_raises_import_error_naming_the_install(tmp_path: Path) -> None:
    code = (
        "import indojp_data\n"
        "try:\n    indojp_data.validate('datapackage')\n"
        "except ImportError as error:\n    print(type(error).__name__, error)\n"
    )
    result = without(("duckdb",), code, REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ImportError ") and "pip install 'indojp-data[tools]'" in result.stdout
