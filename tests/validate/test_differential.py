"""Differential test: our verdict is frictionless's on mutations of the shipped package, but where we differ on purpose.

The deliberate differences are :data:`indojp_data.core.rules.DIFFERENCES` (the list the rules page shows).
Each is checked on its example by running frictionless (:func:`test_each_deliberate_difference_is_real`);
the property test mutates the package (cells, keys, dialect details, descriptor fields) and compares the
verdicts (valid or not, and the failing rows and fields) on every mutation outside those classes.

The package is checked without its Dataset JSON resource: a CSV cell changed alone would otherwise always
break ``json-csv-mismatch`` (a listed difference), and hide every other verdict.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from indojp_data.core.rules import DIFFERENCES
from indojp_data.validate import validate
from tests.validate.differential import (
    Descriptor,
    Verdict,
    copy_package,
    descriptor,
    edit_descriptor,
    read_table,
    theirs,
    write_descriptor,
    write_raw,
    write_table,
)

pytestmark = pytest.mark.integration  # frictionless, the peer, is in the dev extras

Mutation = Callable[[Path], None]


def _resource(value: Descriptor, name: str) -> dict[str, Any]:
    return next(r for r in value["resources"] if r["name"] == name)


def _cell(table: str, field: str, value: str, row: int = 1) -> Mutation:
    def change(package: Path) -> None:
        rows = read_table(package, table)
        rows[row][rows[0].index(field)] = value
        write_table(package, table, rows)

    return change


def _descriptor(change: Callable[[Descriptor], None]) -> Mutation:
    return lambda package: edit_descriptor(package, change)


def _both(*changes: Mutation) -> Mutation:
    def change(package: Path) -> None:
        for one in changes:
            one(package)

    return change


def _without_dataset(package: Path) -> None:
    value = descriptor(package)
    value["resources"] = [r for r in value["resources"] if r["name"] != "dataset"]
    write_descriptor(package, value)


def _verdicts(package: Path) -> tuple[Verdict, Verdict, set[str]]:
    report = validate(package, max_problems=10_000)
    from tests.validate.differential import ours

    return ours(package), theirs(package), {p.rule for p in report.problems if p.severity == "error"}


# --- the deliberate differences, each on its example ------------------------------------------------


def _loosened_pattern(value: Descriptor) -> None:
    field = next(f for f in _resource(value, "sectors")["schema"]["fields"] if f["name"] == "description")
    field["constraints"]["pattern"] = ".*"


EXAMPLES: dict[str, tuple[list[Mutation], bool]] = {
    # id: (mutations, frictionless's verdict on it: valid?)
    "integer-form": ([_cell("sectors", "position", v) for v in ("1_0", "\u0661", "+1", " 1", "02")], True),
    "number-form": ([_cell("commitments", "amount", v) for v in ("1e13", "+1e13")], True),
    "date-form": ([_cell("summits", "date", "2026-7-2")], True),
    "formula-cell": ([_cell("countries", "name", "=1+1")], True),
    "text-beside-quote": (
        [
            lambda p: write_raw(p, "mou_areas", (p / "data/mou_areas.csv").read_bytes().replace(b",AI", b',"AI"x')),
            lambda p: write_raw(p, "mou_areas", (p / "data/mou_areas.csv").read_bytes().replace(b",AI", b',"AI" ')),
            lambda p: write_raw(p, "mou_areas", (p / "data/mou_areas.csv").read_bytes().replace(b",AI", b',A"I')),
        ],
        True,
    ),
    "stray-cr": (
        [lambda p: write_raw(p, "countries", (p / "data/countries.csv").read_bytes().removesuffix(b"\n"))],
        True,
    ),
    "record-width": (
        [
            lambda p: write_raw(
                p, "countries", (p / "data/countries.csv").read_bytes().replace(b"India", b"India" + b"," * 4096)
            )
        ],
        False,
    ),
    "bom": ([lambda p: write_raw(p, "countries", b"\xef\xbb\xbf" + (p / "data/countries.csv").read_bytes())], True),
    "declared-dialect": (
        [
            _descriptor(lambda d, k=k, v=v: _resource(d, "countries")["dialect"].__setitem__(k, v))
            for k, v in (("quoteChar", "'"), ("doubleQuote", False), ("commentChar", "#"), ("nullSequence", "NA"))
        ],
        True,
    ),
    "declared-encoding": (
        [
            _descriptor(lambda d, name=name: _resource(d, name).__setitem__("encoding", "latin-1"))
            for name in ("quotes", "countries")
        ],
        True,
    ),
    "declared-format": (
        [
            _descriptor(lambda d, k=k, v=v: _resource(d, "countries").__setitem__(k, v))
            for k, v in (("format", "tsv"), ("mediatype", "text/tab-separated-values"), ("mediatype", "text/plain"))
        ],
        True,
    ),
    "path-segments": (
        [
            _descriptor(lambda d, v=v: _resource(d, "countries").__setitem__("path", v))
            for v in ("./data/countries.csv", "data//countries.csv", "data/./countries.csv")
        ],
        True,
    ),
    "package-identity": (
        [
            _descriptor(lambda d: d.__setitem__("name", "IndoJP")),
            _descriptor(lambda d: d.__setitem__("version", "one")),
        ],
        True,
    ),
    "resource-set": (
        [_descriptor(lambda d: d.__setitem__("resources", [r for r in d["resources"] if r["name"] != "completeness"]))],
        True,
    ),
    "published-table-schema": ([_both(_descriptor(_loosened_pattern), _cell("sectors", "description", " "))], True),
    "cross-record-rules": ([_cell("sectors", "position", "3")], True),
    "json-and-csv": ([_cell("sectors", "description", "A description.")], True),
    "v2-profile": (
        [
            _descriptor(lambda d: d.__setitem__("licenses", [])),
            _descriptor(lambda d: d.__setitem__("contributors", [])),
            _descriptor(lambda d: _resource(d, "places").__setitem__("mediatype", "csv")),
        ],
        True,
    ),
    "key-reference-place": (
        [
            _descriptor(
                lambda d: _resource(d, "places")["schema"]["foreignKeys"][0]["reference"].__setitem__("fields", ["x"])
            )
        ],
        False,
    ),
}


def test_the_examples_are_the_catalogue_s_differences() -> None:
    assert set(EXAMPLES) == {d.id for d in DIFFERENCES}


@pytest.mark.parametrize("difference", DIFFERENCES, ids=[d.id for d in DIFFERENCES])
def test_each_deliberate_difference_is_real(tmp_path: Path, difference: Any) -> None:
    mutations, frictionless_valid = EXAMPLES[difference.id]
    for mutation in mutations:
        package = copy_package(tmp_path / "pkg")
        mutation(package)
        if difference.id != "json-and-csv":
            _without_dataset(package)
        mine, peer, rules = _verdicts(package)
        assert not mine.valid and difference.rule in rules, (difference.id, rules)
        assert peer.valid is frictionless_valid, (difference.id, peer)
        assert mine != peer


# --- the property test ---------------------------------------------------------------------------------

TABLES = ("countries", "sectors", "summits", "persons", "places", "mou_areas", "commitments", "summits_participants")
CELL_VALUES = st.one_of(
    st.sampled_from(["", " ", "x", "IN", "JP", "XX", "0", "1", "2", "-1", "99", "1.5", "2026-07-02", "2026-02-30"]),
    st.sampled_from(["true", "false", "nope", "new-delhi", "narendra-modi", "1_0", "\u0663", "2026-7-2", "=1", "1e3"]),
    st.text(st.sampled_from("abcXYZ019 -"), min_size=0, max_size=6),
)
DIALECT = st.sampled_from(
    [
        ("delimiter", ";"),
        ("delimiter", ","),
        ("header", False),
        ("header", True),
        ("lineTerminator", "\n"),
        ("quoteChar", "'"),
        ("doubleQuote", False),
        ("skipInitialSpace", True),
    ]
)
DESCRIPTOR_FIELDS = st.sampled_from(
    [
        ("licenses", "MIT"),
        ("licenses", []),
        ("created", "yesterday"),
        ("created", "2026-11-27T00:00:00Z"),
        ("keywords", [1]),
        ("title", 5),
        ("homepage", "https://example.org/"),
        ("contributors", []),
        ("name", "IndoJP"),
        ("version", "one"),
        ("description", "A description."),
    ]
)
RESOURCE_FIELDS = st.sampled_from(
    [
        ("path", "data/countries.csv/"),
        ("path", "./data/countries.csv"),
        ("mediatype", "csv"),
        ("format", "csv"),
        ("encoding", "utf-8"),
        ("encoding", "UTF8"),
        ("encoding", "latin-1"),
        ("format", "tsv"),
        ("format", "xlsx"),
        ("mediatype", "text/csv; charset=utf-8"),
        ("scheme", "https"),
        ("schema", "nope.schema.json"),
        ("title", 7),
    ]
)


RAW_EDITS: dict[str, Callable[[bytes], bytes]] = {
    # Byte-level details of the CSV dialect, on the first data record.
    "quote-first-cell": lambda b: _first_record(b, lambda r: b'"' + r.replace(b",", b'",', 1)),
    "space-after-quote": lambda b: _first_record(b, lambda r: b'"' + r.replace(b",", b'" ,', 1)),
    "space-before-quote": lambda b: _first_record(b, lambda r: b' "' + r.replace(b",", b'",', 1)),
    "lf-everywhere": lambda b: b.replace(b"\r\n", b"\n"),
    "lf-after-header": lambda b: b.replace(b"\r\n", b"\n", 1),
    "no-final-line-break": lambda b: b.removesuffix(b"\r\n"),
    "blank-line-at-end": lambda b: b + b"\r\n",
    "text-after-quote": lambda b: _first_record(b, lambda r: b'"' + r.replace(b",", b'"x,', 1)),
    "quote-in-cell": lambda b: _first_record(b, lambda r: r.replace(b",", b'"x,', 1)),
    "bom": lambda b: b"\xef\xbb\xbf" + b,
    "cr-before-crlf": lambda b: _first_record(b, lambda r: r + b"\r"),
    "cr-at-end": lambda b: b.removesuffix(b"\r\n") + b"\r",
}
"""Byte edits of a CSV file; the quotes with text or spaces beside them and the BOM are listed differences."""


def _first_record(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    header, _, rest = data.partition(b"\r\n")
    record, _, tail = rest.partition(b"\r\n")
    return header + b"\r\n" + change(record) + b"\r\n" + tail


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, Any, Mutation]:
    kinds = ["cell", "cell", "cell", "key", "raw", "raw", "dialect", "descriptor", "resource", "foreign-key"]
    kind = draw(st.sampled_from(kinds))
    if kind == "raw":
        table, edit = draw(st.sampled_from(TABLES)), draw(st.sampled_from(sorted(RAW_EDITS)))

        def raw(package: Path) -> None:
            write_raw(package, table, RAW_EDITS[edit]((package / "data" / f"{table}.csv").read_bytes()))

        return kind, (table, edit), raw
    if kind in ("cell", "key"):
        table = draw(st.sampled_from(TABLES))
        rows = read_table(copy_package.__globals__["PACKAGE"], table)
        row = draw(st.integers(1, len(rows) - 1))
        field = draw(st.sampled_from(rows[0]))
        column = rows[0].index(field)
        # A key mutation copies a value of the same column from another row: a repeated key when the column is one.
        value = rows[draw(st.integers(1, len(rows) - 1))][column] if kind == "key" else draw(CELL_VALUES)
        return kind, (table, row, field, value), _cell(table, field, value, row)
    if kind == "dialect":
        name, value = draw(DIALECT)
        return kind, (name, value), _descriptor(lambda d: _resource(d, "countries")["dialect"].__setitem__(name, value))
    if kind == "descriptor":
        name, value = draw(DESCRIPTOR_FIELDS)
        return kind, (name, value), _descriptor(lambda d: d.__setitem__(name, value))
    if kind == "resource":
        name, value = draw(RESOURCE_FIELDS)
        return kind, (name, value), _descriptor(lambda d: _resource(d, "countries").__setitem__(name, value))
    target = draw(st.sampled_from(["countries", "nope", "persons"]))
    return (
        kind,
        target,
        _descriptor(
            lambda d: _resource(d, "places")["schema"]["foreignKeys"][0]["reference"].__setitem__("resource", target)
        ),
    )


def _field_type(table: str, field: str) -> str:
    schema = _resource(descriptor(copy_package.__globals__["PACKAGE"]), table)["schema"]
    return next(f["type"] for f in schema["fields"] if f["name"] == field)  # type: ignore[no-any-return]


def _python_reads(kind: str, value: str) -> bool:
    """Whether frictionless's reader (Python's int(), Decimal, strptime) takes ``value`` for ``kind``."""
    try:
        if kind == "integer":
            int(value)
        elif kind == "number":
            decimal.Decimal(value)
        elif kind == "date":
            datetime.datetime.strptime(value, "%Y-%m-%d")
        else:
            return False
    except (ValueError, decimal.InvalidOperation):
        return False
    return True


CANONICAL = {"integer": r"-?[0-9]+", "number": r"-?[0-9]+(\.[0-9]+)?", "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"}
FORM = {"integer": "integer-form", "number": "number-form", "date": "date-form"}


def _profile_refuses(detail: tuple[str, Any], kind: str) -> bool:
    """Whether the official v2 profile, checked by Python's reference jsonschema, refuses the mutated property."""
    import jsonschema

    from indojp_data.core.codec import read_json
    from indojp_data.validate.profile import PROFILE_FILE

    value = descriptor(copy_package.__globals__["PACKAGE"])
    name, new = detail
    (value if kind == "descriptor" else _resource(value, "countries"))[name] = new
    validator = jsonschema.Draft7Validator(
        read_json(PROFILE_FILE), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return not validator.is_valid(value)


def deliberate(kind: str, detail: Any, rules: set[str], peer: Verdict) -> str | None:
    """The listed difference the mutation belongs to, or None (then the verdicts must agree)."""
    if kind in ("cell", "key"):
        table, _, field, value = detail
        field_type = _field_type(table, field)
        if (
            field_type in CANONICAL
            and not re.fullmatch(CANONICAL[field_type], value)
            and _python_reads(field_type, value)
        ):
            return FORM[field_type]
        if field_type == "string" and value[:1] in ("=", "+", "-", "@"):
            return "formula-cell"
        if peer.valid and rules and rules <= {"cross-record", "model"}:
            return "cross-record-rules"
    if kind == "raw" and detail[1] in ("text-after-quote", "space-after-quote", "space-before-quote", "quote-in-cell"):
        return "text-beside-quote"
    if kind == "raw" and detail[1] == "bom":
        return "bom"
    if kind == "raw" and detail[1] in ("cr-before-crlf", "cr-at-end"):
        return "stray-cr"
    if kind == "dialect" and detail not in {("delimiter", ","), ("header", True), ("lineTerminator", "\n")}:
        return "declared-dialect"
    if kind == "descriptor" and detail[0] in ("name", "version"):
        return "package-identity"
    if kind == "resource" and detail == ("encoding", "latin-1"):
        return "declared-encoding"
    if kind == "resource" and detail == ("format", "tsv"):
        return "declared-format"
    if kind == "resource" and detail == ("path", "./data/countries.csv"):
        return "path-segments"
    if kind in ("descriptor", "resource") and peer.valid and _profile_refuses(detail, kind):
        return "v2-profile"
    if kind == "foreign-key" and detail == "persons":  # persons has no field `code`, which the key names
        return "key-reference-place"
    return None


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is reproducible
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example costs two validations (~0.6 s)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation=mutations())
def test_our_verdict_is_frictionless_s(tmp_path: Path, mutation: tuple[str, Any, Mutation]) -> None:
    kind, detail, change = mutation
    package = copy_package(tmp_path / "pkg")
    _without_dataset(package)
    change(package)
    mine, peer, rules = _verdicts(package)
    note(f"{kind} {detail!r}: ours {mine} {sorted(rules)}; frictionless {peer}")
    difference = deliberate(kind, detail, rules, peer)
    if difference is not None:
        assert difference in {d.id for d in DIFFERENCES}
        return
    assert mine.valid == peer.valid
    assert mine.rows == peer.rows
    assert mine.cells == peer.cells
