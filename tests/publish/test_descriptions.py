"""Every description of every published artifact says no more than the data's own marks allow (issue 23).

The descriptions are read from every place a user meets them: the data package descriptor, the JSON
Schemas and Table Schemas, Croissant, the Parquet key/value metadata, the Datasette metadata, the SQLite
``_metadata`` table, CITATION.cff and the generated documentation pages.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

import indojp_data
from indojp_data import __version__
from indojp_data.export import export, sqlite
from tests.conftest import REPO

OVERCLAIMS = {
    r"at which it was (set|said)": "a link the data marks as inferred (the article does not say where)",
    r"set out at the summit": "the commitment's summit link is inferred",
    r"Roadmap it belongs to": "the commitment's roadmap link is read from the sequence of the text",
    r"every fact cited to": "paraphrases and general knowledge are marked, not cited",
    r"An https URL given in the source": "file_page_url is constructed, not given in the source",
    r"What the image shows": "the image was not examined; what it shows comes from its title",
    r"Where the work was obtained": "the credit's source names inferred providers",
    r"news article every fact": "the source's kind is a reading of its form",
    r"money (comes from|goes to)": "the target is a goal; nothing has moved",
}
"""Wordings that claim more than the data's marks allow, and why."""

INFERRED_LINKS = {("commitments", "summit"), ("commitments", "roadmap"), ("quotes", "summit")}
"""Fields the data marks as inferred in every record: each description of them must say so."""


def strings(node: Any, keys: tuple[str, ...] = ("description", "title", "$comment")) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                yield value
            yield from strings(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item, keys)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("artifacts")
    export(["datapackage", "croissant", "parquet", "sqlite"], out)
    return out


@pytest.fixture(scope="module")
def artifacts(exported: Path) -> dict[str, list[str]]:
    """Every description of every published artifact, by artifact."""
    found: dict[str, list[str]] = {}
    found["datapackage.json"] = list(strings(json.loads((exported / "datapackage.json").read_text("utf-8"))))
    for path in sorted((REPO / "schema" / __version__).rglob("*.json")):
        found[path.relative_to(REPO).as_posix()] = list(strings(json.loads(path.read_text("utf-8"))))
    croissant = json.loads((exported / "croissant.json").read_text("utf-8"))
    rai = [v for k, v in croissant.items() if k.startswith("rai:")]
    found["croissant.json"] = [*strings(croissant), *strings(rai, ()), *[v for v in rai if isinstance(v, str)]]
    found["croissant.json"] += [t for v in rai if isinstance(v, list) for t in v]
    parquet = []
    for path in sorted((exported / "parquet").glob("*.parquet")):
        rows = duckdb.sql(f"SELECT key, value FROM parquet_kv_metadata('{path.as_posix()}')").fetchall()
        parquet += [v.decode() for k, v in rows if b"description" in k or k == b"table_schema"]
    found["parquet"] = parquet
    datasette = json.loads((exported / sqlite.metadata_name(__version__)).read_text("utf-8"))
    found["datasette.json"] = [*strings(datasette), *strings(datasette, ("columns",))]
    for table in datasette["databases"][sqlite.database_name(__version__).removesuffix(".sqlite")]["tables"].values():
        found["datasette.json"] += list(table.get("columns", {}).values())
    with sqlite3.connect(exported / sqlite.database_name(__version__)) as db:
        found["sqlite _metadata"] = [value for _, value in db.execute("SELECT * FROM _metadata")]
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text("utf-8"))
    found["CITATION.cff"] = [citation["title"], citation["abstract"], citation["message"]]
    for page in ("data-dictionary.md", "index.md", "provenance.md", "at-a-glance.md"):
        found[f"docs/{page}"] = (REPO / "docs" / page).read_text("utf-8").splitlines()
    return found


def test_every_artifact_is_read(artifacts: dict[str, list[str]]) -> None:
    assert all(artifacts.values()), [name for name, texts in artifacts.items() if not texts]
    assert len([n for n in artifacts if n.startswith("schema/")]) >= 13 + 24  # JSON Schemas and Table Schemas


@pytest.mark.parametrize("pattern", sorted(OVERCLAIMS))
def test_no_description_claims_more_than_the_marks(artifacts: dict[str, list[str]], pattern: str) -> None:
    found = [(name, text[:120]) for name, texts in artifacts.items() for text in texts if re.search(pattern, text)]
    assert not found, f"{OVERCLAIMS[pattern]}: {found}"


def test_the_inferred_links_are_marked_in_every_record() -> None:
    ds = indojp_data.load()
    for table, field in INFERRED_LINKS:
        for record in getattr(ds, table):
            assert field in {i.field for i in record.inferences}, (table, record.id, field)


def field_descriptions(exported: Path, table: str, field: str) -> dict[str, str]:
    """The description of one column in every artifact that describes it."""
    found: dict[str, str] = {}
    descriptor = json.loads((exported / "datapackage.json").read_text("utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    found["datapackage.json"] = next(f for f in resource["schema"]["fields"] if f["name"] == field)["description"]
    schemas = REPO / "schema" / __version__
    found["table schema"] = next(
        f for f in json.loads((schemas / "tables" / f"{table}.json").read_text("utf-8"))["fields"] if f["name"] == field
    )["description"]
    record = json.loads((schemas / f"{table}.schema.json").read_text("utf-8"))
    found["record JSON Schema"] = record["properties"][field]["description"]
    dataset = json.loads((schemas / "dataset.schema.json").read_text("utf-8"))
    definition = dataset["properties"][table]["items"]["$ref"].rsplit("/", 1)[1]
    found["dataset JSON Schema"] = dataset["$defs"][definition]["properties"][field]["description"]
    croissant = json.loads((exported / "croissant.json").read_text("utf-8"))
    record_set = next(r for r in croissant["recordSet"] if r["name"] == table)
    found["croissant.json"] = next(f for f in record_set["field"] if f["name"] == field)["description"]
    parquet = (exported / "parquet" / f"{table}.parquet").as_posix()
    kv = dict(duckdb.sql(f"SELECT key, value FROM parquet_kv_metadata('{parquet}')").fetchall())
    found["parquet"] = kv[f"field.{field}.description".encode()].decode()
    datasette = json.loads((exported / sqlite.metadata_name(__version__)).read_text("utf-8"))
    database = datasette["databases"][sqlite.database_name(__version__).removesuffix(".sqlite")]
    found["datasette.json"] = database["tables"][table]["columns"][field]
    dictionary = (REPO / "docs" / "data-dictionary.md").read_text("utf-8")
    section = dictionary.split(f"\n### {table}\n", 1)[1].split("\n### ", 1)[0]
    found["data dictionary"] = next(line for line in section.splitlines() if line.startswith(f"| `{field}` |"))
    return found


@pytest.mark.parametrize(("table", "field"), sorted(INFERRED_LINKS))
def test_descriptions_of_inferred_links_say_they_may_be_inferred(exported: Path, table: str, field: str) -> None:
    for artifact, description in field_descriptions(exported, table, field).items():
        assert "inferred link is marked" in description, (artifact, description)
        assert "Not a claim that it" in description, (artifact, description)
