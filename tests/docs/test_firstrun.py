"""The supported Pythons are the tested ones, and the `-files` pre-commit hook picks up only our files."""

from __future__ import annotations

import ast
import re
import tomllib

import yaml

from indojp_data.publish.layout import layout
from tests.docs.conftest import REPO


def test_supported_pythons_are_the_ones_nox_tests() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    classified = sorted(
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    )
    noxfile = (REPO / "noxfile.py").read_text(encoding="utf-8")
    (listed,) = re.findall(r"^PYTHONS = (\[.*\])$", noxfile, re.M)
    assert classified == sorted(ast.literal_eval(listed)) == ["3.11", "3.12", "3.13"]
    assert "nox" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_mkdocs_is_capped_below_2() -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert "mkdocs>=1.6,<2" in extras["dev"]


def test_files_hook_matches_only_our_file_names() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    files = re.compile(hooks["indojp-data-validate-files"]["files"])
    ours = ["datapackage.json", "pkg/datapackage.json", "data/dataset.json"]
    ours += [f"pkg/data/{table.name}.csv" for table in layout()]
    for path in ours:
        assert files.search(path), path
    for path in ["package.json", "tsconfig.json", "data/other.csv", "notes.csv", "persons.csv.bak", "xpersons.csv"]:
        assert not files.search(path), path


def test_docsgen_renders_a_page_for_every_template() -> None:
    from docsgen.pages import TEMPLATES_DIR, render_pages
    from indojp_data.publish.build import render

    pages = set(render_pages(REPO, render()))
    templates = {f"docs/{p.name}" for p in (REPO / TEMPLATES_DIR).glob("*.md")}
    assert templates and pages == templates
