"""The release's README is for data users, and a dataset card; every code block in it runs as written."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from tests.docs.conftest import REPO, require, run


def readme(bundle: Path) -> str:
    return (bundle / "README.md").read_text(encoding="utf-8")


def card(bundle: Path) -> dict:  # type: ignore[type-arg]
    text = readme(bundle)
    assert text.startswith("---\n")
    header: dict = yaml.safe_load(text.split("---\n", 2)[1])  # type: ignore[type-arg]
    return header


def block(bundle: Path, language: str, containing: str) -> str:
    (found,) = [b for b in re.findall(rf"```{language}\n(.*?)```", readme(bundle), re.S) if containing in b]
    return str(found)


def test_the_bundle_readme_is_for_data_users_not_developers(bundle: Path) -> None:
    text = readme(bundle)
    assert text != (REPO / "README.md").read_text(encoding="utf-8")
    assert "Quick start" not in text and "pip install" not in text
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert f"`{resource['path']}`" in text, resource["path"]  # what each file is
    for section in ("## Open a table", "## Licence", "## How to cite", "## Check the files"):
        assert section in text
    assert "Namibia" in text and "CC-BY-4.0" in text and "sha256sum --check SHA256SUMS" in text


def test_the_card_has_one_configuration_per_table_reading_only_empty_cells_as_missing(bundle: Path) -> None:
    header = card(bundle)
    assert header["license"] == "cc-by-4.0"
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"]: r["path"] for r in descriptor["resources"] if r.get("type") == "table"}
    configs = {c["config_name"]: c for c in header["configs"]}
    assert {name: c["data_files"] for name, c in configs.items()} == tables
    for name, config in configs.items():
        assert (bundle / config["data_files"]).is_file(), name
        assert config["keep_default_na"] is False and config["na_values"] == [""], name


def test_the_checksum_command_passes_in_the_folder(bundle: Path) -> None:
    require("sha256sum", "install GNU coreutils")
    result = run(["bash", "-e", "-c", block(bundle, "sh", "sha256sum")], cwd=bundle)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.integration  # pandas (dev extras)
def test_the_pandas_block_keeps_namibia(bundle: Path) -> None:
    result = run([sys.executable, "-c", block(bundle, "python", "pandas")], cwd=bundle)
    assert result.returncode == 0, result.stderr
    assert re.search(r"\bNA\s+Namibia\b", result.stdout), result.stdout


@pytest.mark.integration  # Hugging Face datasets (dev extras), offline
def test_the_datasets_block_loads_a_table_by_name_and_every_table_loads(bundle: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HF_HOME": str(tmp_path / "hf"),
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
    }
    result = run([sys.executable, "-c", block(bundle, "python", "load_dataset")], cwd=bundle, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'code': 'NA', 'name': 'Namibia'}"
    # Every configuration loads its table, with the CSV file's rows and header.
    check = (
        "import csv, json, sys\n"
        "from pathlib import Path\n"
        "from datasets import load_dataset\n"
        "for config in json.loads(sys.argv[1]):\n"
        "    rows = list(csv.reader(open(config['data_files'], encoding='utf-8', newline='')))\n"
        "    table = load_dataset(str(Path.cwd()), config['config_name'], split='train')\n"
        "    assert table.column_names == rows[0], config\n"
        "    assert table.num_rows == len(rows) - 1, config\n"
        "print('ok')\n"
    )
    configs = json.dumps(card(bundle)["configs"])
    result = run([sys.executable, "-c", check, configs], cwd=bundle, env=env)
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr


@pytest.mark.external
def test_the_r_block_keeps_namibia(bundle: Path) -> None:
    rscript = require("Rscript", "apt-get install r-base-core")
    result = run([rscript, "-e", block(bundle, "r", "read.csv")], cwd=bundle)
    assert result.returncode == 0, result.stderr
    assert re.search(r"\bNA\s+Namibia\b", result.stdout), result.stdout
