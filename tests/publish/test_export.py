"""The exports (Parquet, SQLite, Croissant), each read back by a reader this project did not write."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from indojp_data import __version__
from indojp_data.export import FORMATS, export, render
from indojp_data.export.typed_package import Package, current_package
from indojp_data.publish.rows import format_cell
from tests.conftest import REPO

DATABASE = f"indojp-data-{__version__.replace('.', '_')}.sqlite"
"""The database's file name: no dot before .sqlite, so Datasette's links work (see test_datasette.py)."""


@pytest.fixture(scope="module")
def package() -> Package:
    return current_package()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export(list(FORMATS), out)
    return out


def csv_rows(out: Path, path: str) -> tuple[list[str], list[list[str]]]:
    """The header and the cell texts of a CSV file, read with the standard library only."""
    reader = csv.reader(io.StringIO((out / path).read_text(encoding="utf-8"), newline=""))
    header = next(reader)
    return header, list(reader)


def resources(out: Path) -> list[dict[str, Any]]:
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    return [r for r in descriptor["resources"] if r.get("type") == "table"]


def as_cell(value: object, kind: str) -> str:
    """A value read by another tool, written back with the CSV conventions (empty = null, true/false)."""
    if kind == "boolean" and isinstance(value, int) and not isinstance(value, bool):
        value = bool(value)  # SQLite stores 0/1
    if kind == "number" and isinstance(value, (int, float, str)):
        value = Decimal(str(value))
    if kind == "date" and isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_cell(value)


# --- every table in every format ---------------------------------------------------------------------


def test_every_table_of_the_descriptor_is_in_every_format(exported: Path) -> None:
    tables = [r["name"] for r in resources(exported)]
    assert len(tables) >= 24
    assert sorted(p.stem for p in (exported / "parquet").glob("*.parquet")) == sorted(tables)
    with sqlite3.connect(exported / DATABASE) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert sorted(names) == sorted([*tables, "_metadata"])
    croissant = json.loads((exported / "croissant.json").read_text(encoding="utf-8"))
    assert [rs["name"] for rs in croissant["recordSet"]] == tables


@pytest.mark.integration  # pyarrow, a reader this project did not write (dev extras)
def test_a_table_added_to_the_package_is_exported_without_code_changes(package: Package, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    files = dict(package.files)
    descriptor = json.loads(files["datapackage.json"])
    files["data/extra_codes.csv"] = b"code,label,active,since\r\nA,Alpha,true,2026-07-02\r\nB,,false,\r\n"
    descriptor["resources"].append(
        {
            "name": "extra_codes",
            "type": "table",
            "description": "A table this test adds.",
            "path": "data/extra_codes.csv",
            "schema": {
                "fields": [
                    {"name": "code", "type": "string", "constraints": {"required": True}},
                    {"name": "label", "type": "string"},
                    {"name": "active", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
                    {"name": "since", "type": "date"},
                ],
                "primaryKey": ["code"],
            },
        }
    )
    files["datapackage.json"] = json.dumps(descriptor).encode()
    extended = Package(files)
    table = pq.read_table(io.BytesIO(render("parquet", extended)["parquet/extra_codes.parquet"]))
    assert table.to_pylist() == [
        {"code": "A", "label": "Alpha", "active": True, "since": dt.date(2026, 7, 2)},
        {"code": "B", "label": None, "active": False, "since": None},
    ]
    database = tmp_path / "x.sqlite"
    database.write_bytes(render("sqlite", extended)[DATABASE])
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT * FROM extra_codes").fetchall() == [
            ("A", "Alpha", 1, "2026-07-02"),
            ("B", None, 0, None),
        ]
    croissant = json.loads(render("croissant", extended)["croissant.json"])
    assert croissant["recordSet"][-1]["name"] == "extra_codes"


# --- Parquet ----------------------------------------------------------------------------------------------


@pytest.mark.integration  # pyarrow, a reader this project did not write (dev extras)
def test_parquet_columns_are_typed_from_the_table_schema(exported: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(), "date": pa.date32()}
    for resource in resources(exported):
        schema = pq.read_schema(exported / "parquet" / f"{resource['name']}.parquet")
        assert schema.names == [f["name"] for f in resource["schema"]["fields"]]
        for field in resource["schema"]["fields"]:
            column = schema.field(field["name"])
            if field["type"] == "number":
                assert pa.types.is_decimal(column.type), field
            else:
                assert column.type == types[field["type"]], field
            assert column.nullable == (not field["constraints"]["required"]), field
    amount = pq.read_table(exported / "parquet" / "commitments.parquet").column("amount").to_pylist()
    assert amount == [Decimal("10000000000000")]  # exact, not a float


@pytest.mark.parametrize("reader", [pytest.param("pyarrow", marks=pytest.mark.integration), "duckdb"])
def test_parquet_reads_back_equal_to_the_csv_files(exported: Path, reader: str) -> None:
    for resource in resources(exported):
        path = exported / "parquet" / f"{resource['name']}.parquet"
        if reader == "pyarrow":
            import pyarrow.parquet as pq

            rows = [tuple(r.values()) for r in pq.read_table(path).to_pylist()]
        else:
            rows = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        kinds = [f["type"] for f in resource["schema"]["fields"]]
        _, expected = csv_rows(exported, resource["path"])
        assert [[as_cell(v, k) for v, k in zip(row, kinds, strict=True)] for row in rows] == expected, path.name


@pytest.mark.integration  # pyarrow, a reader this project did not write (dev extras)
def test_parquet_metadata_carries_licence_and_field_descriptions(exported: Path) -> None:
    import pyarrow.parquet as pq

    for resource in resources(exported):
        metadata = pq.read_metadata(exported / "parquet" / f"{resource['name']}.parquet").metadata
        assert metadata[b"license"] == b"CC-BY-4.0"
        assert metadata[b"license_url"] == b"https://creativecommons.org/licenses/by/4.0/"
        assert metadata[b"dataset_version"] == __version__.encode()
        assert json.loads(metadata[b"table_schema"]) == resource["schema"]
        for field in resource["schema"]["fields"]:
            assert metadata[f"field.{field['name']}.description".encode()].decode() == field.get("description", "")


# --- SQLite -----------------------------------------------------------------------------------------------


def test_sqlite_declares_keys_indexes_them_and_holds_the_csv_rows(exported: Path) -> None:
    with sqlite3.connect(exported / DATABASE) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        metadata = dict(db.execute("SELECT key, value FROM _metadata").fetchall())
        assert metadata["license"] == "CC-BY-4.0" and metadata["version"] == __version__
        for resource in resources(exported):
            name, schema = resource["name"], resource["schema"]
            info = db.execute(f'PRAGMA table_info("{name}")').fetchall()
            assert [c[1] for c in info] == [f["name"] for f in schema["fields"]]
            pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
            if name == "source_references":  # referenced by its unique number: Datasette links by primary key
                assert pk == ["number"] and schema["primaryKey"] == ["source", "position"]
                (unique,) = [i for i in db.execute(f'PRAGMA index_list("{name}")') if i[3] == "u" and i[2]]
                assert [c[2] for c in db.execute(f'PRAGMA index_info("{unique[1]}")')] == ["source", "position"]
            else:
                assert pk == schema["primaryKey"], name
            declared = {(r[3], r[2], r[4]) for r in db.execute(f'PRAGMA foreign_key_list("{name}")')}
            wanted = {
                (k["fields"][0], k["reference"]["resource"], k["reference"]["fields"][0])
                for k in schema.get("foreignKeys", [])
            }
            assert declared == wanted, name
            indexed = [
                [c[2] for c in db.execute(f'PRAGMA index_info("{i[1]}")')]
                for i in db.execute(f'PRAGMA index_list("{name}")')
            ]
            for column, _, _ in wanted:
                assert any(cols[0] == column for cols in indexed), f"{name}.{column} has no index"
            kinds = [f["type"] for f in schema["fields"]]
            rows = db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
            _, expected = csv_rows(exported, resource["path"])
            assert [[as_cell(v, k) for v, k in zip(row, kinds, strict=True)] for row in rows] == expected, name


def test_datasette_metadata_describes_every_table_and_column(exported: Path) -> None:
    metadata = json.loads((exported / f"indojp-data-{__version__}.datasette.json").read_text(encoding="utf-8"))
    assert metadata["databases"].keys() == {DATABASE.removesuffix(".sqlite")}
    assert metadata["license"] == "CC-BY-4.0"
    assert metadata["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert metadata["title"] and metadata["description"] and metadata["source"]
    tables = metadata["databases"][DATABASE.removesuffix(".sqlite")]["tables"]
    for resource in resources(exported):
        assert tables[resource["name"]]["description"] == resource["description"]
        described = {f["name"]: f["description"] for f in resource["schema"]["fields"] if f.get("description")}
        assert tables[resource["name"]].get("columns", {}) == described


# --- reproducibility --------------------------------------------------------------------------------------


@pytest.mark.integration  # pyarrow, a reader this project did not write (dev extras)
def test_each_format_says_whether_a_rebuild_gives_identical_bytes_or_identical_content(package: Package) -> None:
    """datapackage and croissant: identical bytes anywhere. parquet and sqlite: identical content; identical
    bytes only with the same DuckDB / SQLite library, because their files record and depend on it."""
    assert {name: f.reproducible for name, f in FORMATS.items()} == {
        "datapackage": "bytes",
        "croissant": "bytes",
        "parquet": "content",
        "sqlite": "content",
    }
    for name in FORMATS:
        assert render(name, package) == render(name, current_package()), f"{name}: differs on a rebuild"
    import pyarrow.parquet as pq

    created_by = pq.ParquetFile(io.BytesIO(render("parquet", package)["parquet/quotes.parquet"])).metadata.created_by
    assert created_by.startswith(f"DuckDB version v{duckdb.__version__}")  # the writer is part of the bytes


# --- the command ------------------------------------------------------------------------------------------


def test_export_command_writes_the_formats_asked_for(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "indojp_data", "export", "--format", "parquet", "--format", "sqlite"]
    result = subprocess.run([*command, "--out", str(tmp_path)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "parquet" / "quotes.parquet").is_file()
    assert (tmp_path / DATABASE).is_file()
    assert not (tmp_path / "croissant.json").exists()
    bad = subprocess.run([*command[:5], "xml", "--out", str(tmp_path)], capture_output=True, text=True, cwd=REPO)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_export_choices_are_the_formats_and_help_imports_no_exporter() -> None:
    from indojp_data.cli_parser import build_parser

    parser = build_parser()
    export_parser = parser._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    (action,) = [a for a in export_parser._actions if a.dest == "format"]
    assert tuple(action.choices) == tuple(FORMATS)
    code = (
        "import sys\nfrom indojp_data.cli import main\n"
        "try:\n    main(['export', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('duckdb', 'indojp_data.export', 'pydantic')\n"
        "assert not any(m.startswith(heavy) for m in sys.modules), sorted(sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
