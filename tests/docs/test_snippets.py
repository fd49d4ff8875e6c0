"""Every snippet the documentation shows runs, against a release bundle built from this checkout.

The pages include the files of ``docs/snippets/`` verbatim; a ``.out`` file beside a snippet is the output
the page shows, and the test checks the snippet prints exactly that. A tool a snippet needs that is not
installed fails the test: the documentation would be showing something nobody checked.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml

from indojp_data import __version__, load
from tests.docs.conftest import BUNDLE_NAME, NODE_BIN, REPO, SNIPPETS, expected, require, run, shows, tool_env

NPM_HINT = "npm ci --prefix tests/docs"


def source_sector_order(seed_text: str, names: list[str]) -> list[str]:
    """The names sorted by where the source article first mentions them."""
    return sorted(names, key=seed_text.index)


def corrupt_dataset_json(folder: Path) -> None:
    """Give the summit an impossible date (30 February) in ``data/dataset.json``."""
    path = folder / "data" / "dataset.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["summits"][0]["date"] = "2026-02-30"
    path.write_text(json.dumps(data), encoding="utf-8")


def break_sector_position(folder: Path) -> None:
    """Write ``third`` for the position of the third sector (line 4 of ``data/sectors.csv``)."""
    path = folder / "data" / "sectors.csv"
    text = path.read_bytes()
    broken = text.replace(b"economic-security-roadmap,3,", b"economic-security-roadmap,third,")
    assert broken != text
    path.write_bytes(broken)


# --- Python -----------------------------------------------------------------------------------------


@pytest.mark.integration  # pip installs the package
def test_install_from_a_checkout(tmp_path: Path) -> None:
    """install.sh in a fresh virtual environment; offline, with the dependencies of this environment."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    purelib = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The new environment sees this one's packages (pydantic, hatchling, ...) but not its indojp_data, which
    # is an editable install whose import hook a path added by a .pth file does not run.
    (purelib / "_this_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {
        **tool_env(),
        "PATH": os.pathsep.join([str(venv / "bin"), os.environ.get("PATH", "")]),
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's spelling of --no-build-isolation
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    result = run(["bash", "-e", str(SNIPPETS / "install.sh")], cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == __version__
    where = run([str(venv / "bin" / "python"), "-c", "import indojp_data; print(indojp_data.__file__)"], tmp_path, env)
    assert where.stdout.startswith(str(purelib)), where.stdout + where.stderr


def test_python_quickstart(tmp_path: Path, seed_text: str) -> None:
    result = run([sys.executable, str(SNIPPETS / "python_quickstart.py")], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert shows(result.stdout, "python_quickstart.out")
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-07-02 New Delhi"
    names = [line.split(" ", 1)[1] for line in lines[1:7]]
    assert names == source_sector_order(seed_text, names)
    assert lines[9] == "sectors of economic-security-roadmap: 6 of 6 identified"


# --- CSV: pandas, DuckDB, R ---------------------------------------------------------------------------


def quote_lines() -> list[str]:
    """Each quote of the canonical dataset with its speaker, ordered by quote identifier."""
    ds = load()
    return [
        f"{ds.person(q.speaker).name} ({ds.person(q.speaker).office}): {q.text}"
        for q in sorted(ds.quotes, key=lambda q: q.id)
    ]


def sector_lines() -> list[str]:
    return [f"{s.position} {s.name}" for s in load().sectors_of("economic-security-roadmap")]


@pytest.mark.integration  # pandas (dev extras)
def test_pandas_reads_six_sectors_in_order_and_joins_quotes(bundle: Path, seed_text: str) -> None:
    importlib.import_module("pandas")  # a missing pandas fails the test rather than skipping it
    result = run([sys.executable, str(SNIPPETS / "read_csv_pandas.py")], cwd=bundle)
    assert result.returncode == 0, result.stderr
    assert shows(result.stdout, "read_csv_pandas.out")
    lines = result.stdout.splitlines()
    assert lines[:6] == sector_lines()
    names = [line.split(" ", 1)[1] for line in lines[:6]]
    assert len(names) == 6 and names == source_sector_order(seed_text, names)
    assert lines[6:] == quote_lines()


def test_duckdb_joins_quotes_to_persons(bundle_copy: Path) -> None:
    importlib.import_module("duckdb")
    shutil.copy(SNIPPETS / "read_duckdb.sql", bundle_copy)
    result = run([sys.executable, str(SNIPPETS / "read_duckdb.py")], cwd=bundle_copy)
    assert result.returncode == 0, result.stderr
    assert shows(result.stdout, "read_duckdb.out")
    assert result.stdout.splitlines() == quote_lines()


@pytest.mark.integration  # mlcroissant (dev extras)
def test_mlcroissant_loads_a_table_and_keeps_namibia(bundle: Path) -> None:
    importlib.import_module("mlcroissant")
    result = run([sys.executable, str(SNIPPETS / "read_croissant.py")], cwd=bundle)
    assert result.returncode == 0, result.stderr
    assert shows(result.stdout, "read_croissant.out")
    assert result.stdout.splitlines() == ["IN India", "JP Japan", "NA Namibia"]


@pytest.mark.external
def test_r_reads_sectors_and_joins_quotes(bundle: Path) -> None:
    rscript = require("Rscript", "apt-get install r-base-core")
    result = run([rscript, str(SNIPPETS / "read.R")], cwd=bundle)
    assert result.returncode == 0, result.stderr
    assert shows(result.stdout, "read.R.out")
    assert result.stdout.splitlines() == sector_lines() + quote_lines()


# --- JSON Schema validators ---------------------------------------------------------------------------


def test_python_jsonschema_accepts_the_release_and_rejects_a_corrupted_copy(bundle_copy: Path) -> None:
    snippet = str(SNIPPETS / "validate_json_python.py")
    good = run([sys.executable, snippet], cwd=bundle_copy)
    assert good.returncode == 0 and shows(good.stdout, "validate_json_python.out"), good.stderr
    corrupt_dataset_json(bundle_copy)
    bad = run([sys.executable, snippet], cwd=bundle_copy)
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == ["$.summits[0].date: '2026-02-30' is not a 'date'", "invalid"]


@pytest.mark.external
def test_ajv_accepts_the_release_and_rejects_a_corrupted_copy(bundle_copy: Path) -> None:
    require("ajv", NPM_HINT)
    require("node", "install Node.js (Debian: apt-get install nodejs npm)")
    snippet = str(SNIPPETS / "validate_json_ajv.sh")
    good = run(["bash", "-e", snippet], cwd=bundle_copy)
    assert good.returncode == 0, good.stdout + good.stderr
    assert shows(good.stdout, "validate_json_ajv.out")
    corrupt_dataset_json(bundle_copy)
    bad = run(["bash", "-e", snippet], cwd=bundle_copy)
    assert bad.returncode != 0
    assert "data/dataset.json invalid" in bad.stdout + bad.stderr
    assert "/summits/0/date" in bad.stdout + bad.stderr


# --- releases: checksums, validate, diff ----------------------------------------------------------------


def test_verify_checksums_passes_on_the_release_and_fails_on_a_tampered_zip(release_zip: Path, tmp_path: Path) -> None:
    require("sha256sum", "install GNU coreutils")
    sums = release_zip.parent / f"{BUNDLE_NAME}.SHA256SUMS"
    good_dir = tmp_path / "good"
    good_dir.mkdir()
    shutil.copy(release_zip, good_dir)
    shutil.copy(sums, good_dir)
    good = run(["bash", "-e", str(SNIPPETS / "verify_checksums.sh")], cwd=good_dir)
    assert good.returncode == 0, good.stdout + good.stderr
    with zipfile.ZipFile(release_zip) as archive:
        members = [n for n in archive.namelist() if not n.endswith("/")]
        checked = [line for line in good.stdout.splitlines() if line.endswith(": OK")]
        assert checked[0] == f"{release_zip.name}: OK"  # the download, before it is unpacked
        assert len(checked) == 1 + len(members) - 1  # then every file in it but SHA256SUMS itself

        def tamper(folder: Path) -> None:
            folder.mkdir()
            with zipfile.ZipFile(folder / release_zip.name, "w") as tampered:
                for name in members:
                    data = archive.read(name)
                    if name.endswith("data/sectors.csv"):
                        data = data.replace(b"clean energy", b"clean-energy")
                    tampered.writestr(name, data)

        tamper(tmp_path / "bad")
        tamper(tmp_path / "bad-inside")
    shutil.copy(sums, tmp_path / "bad")
    bad = run(["bash", "-e", str(SNIPPETS / "verify_checksums.sh")], cwd=tmp_path / "bad")
    assert bad.returncode != 0
    assert f"{release_zip.name}: FAILED" in bad.stdout
    # Without the outer checksum file, the steps after it still catch the change, file by file.
    lines = (SNIPPETS / "verify_checksums.sh").read_text(encoding="utf-8").splitlines()
    inner = "\n".join(line for line in lines if ".SHA256SUMS" not in line)
    bad = run(["bash", "-e", "-c", inner], cwd=tmp_path / "bad-inside")
    assert bad.returncode != 0
    assert "data/sectors.csv: FAILED" in bad.stdout


def test_validate_commands(release_zip: Path, bundle: Path, tmp_path: Path) -> None:
    shutil.copy(release_zip, tmp_path)
    shutil.copytree(bundle, tmp_path / BUNDLE_NAME)
    result = run(["bash", "-e", str(SNIPPETS / "validate.sh")], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(re.fullmatch(r"valid: \d+ files checked", line) for line in lines), lines


def test_package_refreshes_an_edited_package_and_it_validates(tmp_path: Path) -> None:
    shutil.copytree(REPO / "datapackage", tmp_path / "datapackage")
    sectors = tmp_path / "datapackage" / "data" / "sectors.csv"
    sectors.write_bytes(sectors.read_bytes().replace(b",clean energy,", b",clean power,"))
    assert run(["indojp-data", "validate", "datapackage"], cwd=tmp_path).returncode == 1
    result = run(["bash", "-e", str(SNIPPETS / "package.sh")], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "datapackage: wrote data/dataset.json, datapackage.json"
    assert re.fullmatch(r"valid: \d+ files checked", result.stdout.splitlines()[1]), result.stdout


def test_validate_output_formats(bundle_copy: Path) -> None:
    break_sector_position(bundle_copy)
    commands = (SNIPPETS / "validate_formats.sh").read_text(encoding="utf-8").splitlines()
    assert len(commands) == 3
    for command, name in zip(commands, ("text", "json", "github"), strict=True):
        result = run(["bash", "-c", command], cwd=bundle_copy)
        assert result.returncode == 1, command
        assert shows(result.stdout, f"validate_formats.{name}.out"), command
    report = json.loads(expected("validate_formats.json.out"))
    assert report["problems"][0]["line"] == 4 and report["problems"][0]["value"] == "third"


def test_diff_examples(bundle: Path, tmp_path: Path) -> None:
    shutil.copytree(bundle, tmp_path / BUNDLE_NAME)
    command = ["bash", "-e", str(SNIPPETS / "diff.sh")]

    edited = Path(shutil.copytree(bundle, tmp_path / "edited"))
    sectors = edited / "data" / "sectors.csv"
    text = sectors.read_bytes()
    sectors.write_bytes(text.replace(b"Energy produced with low emissions.", b"Energy produced with low emissions"))
    patch = run(command, cwd=tmp_path)
    assert patch.returncode == 0 and shows(patch.stdout, "diff_patch.out"), patch.stderr

    lines = text.split(b"\r\n")
    sectors.write_bytes(b"\r\n".join(line for line in lines if not line.startswith(b"clean-energy,")))
    major = run(command, cwd=tmp_path)
    assert major.returncode == 0 and shows(major.stdout, "diff_major.out"), major.stderr


# --- CI recipes -------------------------------------------------------------------------------------------


@pytest.mark.integration  # pre-commit (dev extras)
def test_pre_commit_config_uses_the_repository_hooks(bundle: Path, tmp_path: Path) -> None:
    pre_commit = require("pre-commit", "pip install pre-commit (it is in the dev extras)")
    snippet = SNIPPETS / "pre-commit-config.yaml"
    checked = run([pre_commit, "validate-config", str(snippet)], cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    manifest_path = REPO / ".pre-commit-hooks.yaml"
    checked = run([pre_commit, "validate-manifest", str(manifest_path)], cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    (repo,) = yaml.safe_load(snippet.read_text(encoding="utf-8"))["repos"]
    assert repo["repo"] == "../indojp-data"  # tests/test_precommit.py runs the snippet as written
    assert repo["rev"] == "main"  # pinned to a commit by the page's `pre-commit autoupdate --freeze`
    manifest = {hook["id"]: hook for hook in yaml.safe_load(manifest_path.read_text(encoding="utf-8"))}
    (hook,) = repo["hooks"]
    defined = manifest[hook["id"]]
    # The page says the hook runs when a descriptor or a CSV file changes.
    files = re.compile(defined["files"])
    assert files.search("datapackage/datapackage.json") and files.search("datapackage/data/persons.csv")
    assert not files.search("README.md")

    # What pre-commit runs: entry, then the configured args (file names only when pass_filenames).
    assert defined.get("pass_filenames", True) is False
    command = [*defined["entry"].split(), *hook["args"]]
    workdir = tmp_path / "work"
    shutil.copytree(bundle, workdir / "datapackage")
    assert run(command, cwd=workdir).returncode == 0
    break_sector_position(workdir / "datapackage")
    assert run(command, cwd=workdir).returncode == 1


@pytest.mark.integration  # zizmor, check-jsonschema (dev extras)
def test_github_workflow(bundle: Path, tmp_path: Path) -> None:
    workflow_path = SNIPPETS / "github-workflow.yml"
    check = require("check-jsonschema", "pip install check-jsonschema (it is in the dev extras)")
    result = run([check, "--builtin-schema", "vendor.github-workflows", str(workflow_path)], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    zizmor = require("zizmor", "pip install zizmor (it is in the dev extras)")
    config = REPO / ".github" / "zizmor.yml"
    result = run([zizmor, "--offline", "--config", str(config), str(workflow_path)], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr

    workflow = yaml.safe_load(workflow_path.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert not any("run" in step for step in steps), "no step may install from a package index"
    (validate,) = [step for step in steps if step.get("uses") == "./indojp-data"]
    assert set(yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))["inputs"]) >= set(validate["with"])
    # What the action's validate step runs with these inputs (tests/test_action.py runs the install step).
    command = f"indojp-data validate --format github {validate['with']['paths']}"
    shutil.copytree(bundle, tmp_path / "datapackage")
    good = run(["bash", "-e", "-c", command], cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert good.stdout == "::notice title=indojp-data validate::valid: datapackage/\n"
    break_sector_position(tmp_path / "datapackage")
    bad = run(["bash", "-e", "-c", command], cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.startswith("::error file=datapackage/data/sectors.csv,line=4,col=3,")


# --- every snippet is shown and tested -------------------------------------------------------------------


def test_printed_rules_run_on_plain_duckdb_and_pass_the_published_rows() -> None:
    import duckdb

    out = subprocess.run(
        [sys.executable, str(SNIPPETS / "rule_sql.py")], capture_output=True, text=True, check=True
    ).stdout
    lines = out.splitlines()
    assert lines[0].startswith("rules: 1=too-large")
    expressions = [line.split(": ", 1)[1] for line in lines[1:]]
    assert len(expressions) == 5
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(expressions))) + "}"
    path = REPO / "datapackage" / "data" / "citations.csv"
    source = f"read_csv('{path}', header = true, auto_detect = false, columns = {columns}, nullstr = '\\x01')"
    con = duckdb.connect()
    codes = con.execute(f"SELECT {', '.join(expressions)} FROM {source}").fetchall()
    assert codes and all(code == 0 for row in codes for code in row)
    broken = con.execute(f"SELECT {expressions[2]} FROM (SELECT 'x' AS c2)").fetchall()
    assert broken == [(4,)]  # "type": x is not an integer


TESTED = {
    "rule_sql.py": test_printed_rules_run_on_plain_duckdb_and_pass_the_published_rows,
    "install.sh": test_install_from_a_checkout,
    "python_quickstart.py": test_python_quickstart,
    "python_quickstart.out": test_python_quickstart,
    "read_csv_pandas.py": test_pandas_reads_six_sectors_in_order_and_joins_quotes,
    "read_csv_pandas.out": test_pandas_reads_six_sectors_in_order_and_joins_quotes,
    "read_duckdb.sql": test_duckdb_joins_quotes_to_persons,
    "read_duckdb.py": test_duckdb_joins_quotes_to_persons,
    "read_duckdb.out": test_duckdb_joins_quotes_to_persons,
    "read_croissant.py": test_mlcroissant_loads_a_table_and_keeps_namibia,
    "read_croissant.out": test_mlcroissant_loads_a_table_and_keeps_namibia,
    "read.R": test_r_reads_sectors_and_joins_quotes,
    "read.R.out": test_r_reads_sectors_and_joins_quotes,
    "validate_json_python.py": test_python_jsonschema_accepts_the_release_and_rejects_a_corrupted_copy,
    "validate_json_python.out": test_python_jsonschema_accepts_the_release_and_rejects_a_corrupted_copy,
    "validate_json_ajv.sh": test_ajv_accepts_the_release_and_rejects_a_corrupted_copy,
    "validate_json_ajv.out": test_ajv_accepts_the_release_and_rejects_a_corrupted_copy,
    "verify_checksums.sh": test_verify_checksums_passes_on_the_release_and_fails_on_a_tampered_zip,
    "validate.sh": test_validate_commands,
    "package.sh": test_package_refreshes_an_edited_package_and_it_validates,
    "validate_formats.sh": test_validate_output_formats,
    "validate_formats.text.out": test_validate_output_formats,
    "validate_formats.json.out": test_validate_output_formats,
    "validate_formats.github.out": test_validate_output_formats,
    "diff.sh": test_diff_examples,
    "diff_patch.out": test_diff_examples,
    "diff_major.out": test_diff_examples,
    "pre-commit-config.yaml": test_pre_commit_config_uses_the_repository_hooks,
    "pre-commit.sh": test_pre_commit_config_uses_the_repository_hooks,
    "github-workflow.yml": test_github_workflow,
}


def test_every_snippet_is_tested_and_shown() -> None:
    on_disk = {p.name for p in SNIPPETS.iterdir() if p.is_file()}
    assert on_disk == set(TESTED), "a snippet without a test, or a test of a missing snippet"
    pages = "".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md"))
    included = set(re.findall(r'--8<-- "docs/snippets/([^"]+)"', pages))
    # read_duckdb.sql is shown; read_duckdb.py reads it. Every file is on some page.
    assert included == on_disk, sorted(on_disk ^ included)


def test_snippets_fit_the_page() -> None:
    """No horizontal scrolling in the code blocks: at most 88 characters a line."""
    long = [
        f"{path.name}:{number}"
        for path in SNIPPETS.iterdir()
        if not path.name.endswith(".out")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > 88
    ]
    assert not long


def test_node_tools_are_pinned() -> None:
    package = json.loads((NODE_BIN.parents[1] / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((NODE_BIN.parents[1] / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["devDependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert package["devDependencies"]["ajv-cli"].startswith("5.")  # the major version the page installs
    assert package["devDependencies"]["ajv-formats"].startswith("3.")
