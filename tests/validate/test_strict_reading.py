"""The validator reads exactly the files it names, and never accepts what the exact reader rejects (issue 19)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indojp_data.core.problems import InputError, ProblemCollector
from indojp_data.validate import count as count_module
from indojp_data.validate import validate
from indojp_data.validate.csv_reader import iter_csv
from indojp_data.validate.csvfile import ByteScan
from indojp_data.validate.engine import Engine, EngineError
from indojp_data.validate.plan import CsvFile, source
from indojp_data.validate.sql import TableRules
from tests.validate.test_validate import PACKAGE, rehash

DUPLICATE_JAPAN = b"JP,Japan\r\n"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return _copy(tmp_path, "pkg", broken=False)


def _copy(tmp_path: Path, name: str, broken: bool) -> Path:
    copy = tmp_path / name
    shutil.copytree(PACKAGE, copy)
    if broken:
        with (copy / "data" / "countries.csv").open("ab") as stream:
            stream.write(DUPLICATE_JAPAN)
        rehash(copy)
    return copy


@pytest.mark.parametrize("name", ["pkg[1]", "pkg?", "pkg*", "p[!x]g1"])
@pytest.mark.parametrize("named_is_broken", [True, False])
def test_a_package_folder_is_read_by_its_name_not_as_a_pattern(
    tmp_path: Path, name: str, named_is_broken: bool
) -> None:
    named = _copy(tmp_path / "a", name, broken=named_is_broken)
    # Beside it, a folder the name matches as a glob pattern, with the opposite verdict.
    _copy(tmp_path / "a", "pkg1", broken=not named_is_broken)
    report = validate(named)
    if named_is_broken:
        (problem,) = report.problems
        assert (problem.file, problem.rule, problem.line) == (str(named / "data" / "countries.csv"), "primary-key", 4)
    else:
        assert report.exit_code == 0, report.problems


@pytest.mark.parametrize("name", ["countries[1].csv", "countries?.csv", "countries*.csv"])
def test_a_single_csv_is_read_by_its_name_not_as_a_pattern(tmp_path: Path, name: str) -> None:
    good = (PACKAGE / "data" / "countries.csv").read_bytes()
    (tmp_path / name).write_bytes(good)
    (tmp_path / "countries1.csv").write_bytes(good + DUPLICATE_JAPAN)
    assert validate(tmp_path / name, resource="countries").exit_code == 0
    (tmp_path / name).write_bytes(good + DUPLICATE_JAPAN)
    (tmp_path / "countries1.csv").write_bytes(good)
    (problem,) = validate(tmp_path / name, resource="countries").problems
    assert (problem.rule, problem.line) == ("primary-key", 4)


# --- the engine accepts nothing the exact reader rejects -------------------------------------------------

PIECES = ["a", ",", '"', " ", "\n", "\r\n", "\r", '""', ', ""', "\t"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    started = Engine(str(tmp_path_factory.mktemp("engine")))
    yield started
    started.close()


def _exact(body: bytes) -> list[tuple[str, ...]] | None:
    """The rows the exact reader reads, or None when it reports a problem."""
    collector = ProblemCollector()
    try:
        reader = iter_csv(io.BytesIO(body), source="t.csv", problems=collector)
        rows: list[tuple[str, ...]] = []
        while chunk := reader.read_chunk(100)[1]:
            rows.extend(map(tuple, chunk))
    except InputError:
        return None
    return None if collector.errors else rows


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_what_the_engine_reads_unflagged_the_exact_reader_reads_alike(
    engine: Engine, tmp_path: Path, cells: list[str]
) -> None:
    body = ("x,y\n" + "".join(cells)).encode()
    path = tmp_path / "t.csv"
    path.write_bytes(body)
    rules = TableRules.from_schema("t", {"fields": [{"name": "x"}, {"name": "y"}]})
    file = CsvFile("t", "t.csv", str(path), rules)
    try:
        read = engine.rows(f"SELECT * FROM {source(file)}", file.display)
    except EngineError:
        return  # the engine refuses it: the exact reader locates why
    scan = ByteScan(want_hash=False)
    scan.update(body)
    scan.finish()
    exact = _exact(body)
    assert exact in (None, read), body  # the exact reader reads the engine's rows, or names a problem
    if not scan.suspicious:  # the engine's rows are the verdict: they must be the exact reader's
        assert exact == read, body


@pytest.mark.parametrize(
    "row",
    [
        *(b'"IN" ,India', b' "IN",India', b'IN, "India"', b'IN,"India" ', b'  "IN"  ,India', b'IN,"Ind""ia" '),
        *(b'I"N,India', b'IN,Ind"ia', b'IN,India"', b'IN,Ind""ia', b'IN,\tIndia "x"'),  # quotes in unquoted cells
    ],
)
def test_a_quote_out_of_place_is_a_syntax_error_on_its_line(package: Path, row: bytes) -> None:
    path = package / "data" / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"IN,India", row))
    rehash(package)
    report = validate(package)
    assert report.exit_code == 1
    problems = [(p.rule, p.line) for p in report.problems if p.severity == "error"]
    assert problems == [("csv-syntax", 2)], report.problems


@pytest.mark.parametrize("body", [b"code,name\nIN,India\r\nJP,Japan\r\n", b"code,name\r\nIN,India\nJP,Japan\r\n"])
def test_a_file_mixing_lf_and_crlf_is_checked_row_by_row(package: Path, body: bytes) -> None:
    # Both line ends are allowed; the engine's parser fails on the mixture, so the exact reader's rows are checked.
    path = package / "data" / "countries.csv"
    path.write_bytes(body)
    rehash(package)
    assert validate(package).exit_code == 0, validate(package).problems
    path.write_bytes(body.replace(b"JP,Japan", b"XX,Japan"))
    rehash(package)
    problems = [(p.file, p.rule, p.line) for p in validate(package).problems if p.file == str(path)]
    assert problems == [(str(path), "enum", 3)]


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (b"code,name\r\nIN,India\r\r\nJP,Japan\r\n", 2),  # a CR before the CRLF
        (b'code,name\r\nIN,"India"\r\r\nJP,Japan\r\n', 2),  # after a closing quote
        (b"code,name\nIN,India\n\rJP,Japan\n", 3),  # a CR starting a line
        (b"code,name\r\nIN,India\r\nJP,Japan\r", 3),  # a CR ending the file
        (b"code,name\r\r\nIN,India\r\nJP,Japan\r\n", 1),  # in the header: the file stops there
    ],
)
def test_a_stray_carriage_return_is_a_syntax_error_on_its_line(package: Path, body: bytes, line: int) -> None:
    path = package / "data" / "countries.csv"
    path.write_bytes(body)
    rehash(package)
    problems = [(p.rule, p.line) for p in validate(package).problems if p.file == str(path) and p.severity == "error"]
    assert problems == [("csv-syntax", line)]


@pytest.mark.parametrize("cell", [b'"In\rdia"', b'"India\r"', b'"India\r\r\n"'])
def test_a_carriage_return_inside_a_quoted_cell_is_text(package: Path, cell: bytes) -> None:
    path = package / "data" / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"IN,India", b"IN," + cell))
    report = validate(path, resource="countries")  # the file alone: its cell no longer matches the JSON
    assert report.exit_code == 0, report.problems


# --- one way to write an integer, so keys (compared as text) and types agree -----------------------------


@pytest.fixture(params=["loaded", "scanned"])
def both_paths(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small files are loaded and counted together; larger ones are scanned one by one: test both."""
    if request.param == "scanned":
        monkeypatch.setattr(count_module, "SMALL_FILE_BYTES", 0)


def _append(package: Path, name: str, row: bytes) -> int:
    path = package / "data" / name
    data = path.read_bytes()
    path.write_bytes(data + row + b"\r\n")
    rehash(package)
    return data.count(b"\n") + 1


def _errors(package: Path, name: str) -> list[tuple[str, str | None, int | None]]:
    found = validate(package).problems
    return [(p.rule, p.field, p.line) for p in found if p.severity == "error" and Path(p.file).name == name]


@pytest.mark.usefixtures("both_paths")
@pytest.mark.parametrize("written", [b"02", b"-0", b"002"])
def test_an_integer_reference_with_leading_zeros_is_a_type_error_not_a_dangling_key(
    package: Path, written: bytes
) -> None:
    path = package / "data" / "citations.csv"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"countries,IN,1,,", b"countries,IN,1," + written + b",", 1))
    rehash(package)
    # As a key the text 02 names no reference either: both checks say it is wrong, neither passes it.
    assert ("type", "reference", 2) in _errors(package, "citations.csv")


@pytest.mark.usefixtures("both_paths")
def test_a_primary_key_with_leading_zeros_is_a_type_error(package: Path) -> None:
    line = _append(package, "persons_names.csv", "narendra-modi,01,मोदी,hi,general-knowledge".encode())
    assert _errors(package, "persons_names.csv") == [("type", "position", line)]


@pytest.mark.usefixtures("both_paths")
def test_a_unique_integer_with_leading_zeros_is_a_type_error(package: Path) -> None:
    line = _append(package, "source_references.csv", b"source-article,7,06,,,")
    assert _errors(package, "source_references.csv") == [("type", "number", line)]


def test_a_quote_inside_an_unquoted_header_cell_stops_the_file_at_line_1(package: Path) -> None:
    path = package / "data" / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"code,name", b'co"de,name', 1))
    rehash(package)
    report = validate(package)
    errors = [(p.file.endswith("data/countries.csv"), p.rule, p.line) for p in report.problems if p.severity == "error"]
    assert errors[0] == (True, "csv-syntax", 1), report.problems
