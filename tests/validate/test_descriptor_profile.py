"""The descriptor is checked against the official Data Package v2 profile, its keys and its dialect."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from indojp_data.core.json_locate import parse_json
from indojp_data.core.problems import Problem, ProblemCollector
from indojp_data.validate import validate
from indojp_data.validate.profile import PROFILE_FILE
from tests.conftest import REPO

PACKAGE = REPO / "datapackage"

Descriptor = dict[str, Any]


def _resource(descriptor: Descriptor, name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _foreign_key(descriptor: Descriptor) -> dict[str, Any]:
    keyed = next(r for r in descriptor["resources"] if r.get("schema", {}).get("foreignKeys"))
    return keyed["schema"]["foreignKeys"][0]


def _errors(tmp_path: Path, change: Callable[[Descriptor], None]) -> list[Problem]:
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy)
    path = copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return [p for p in validate(copy).problems if p.severity == "error"]


def _only(problems: list[Problem], tmp_path: Path) -> Problem:
    assert len(problems) == 1, problems
    (problem,) = problems
    # Located where the offending value starts in the descriptor, exactly.
    text = (tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8")
    located = parse_json(text.encode(), source="d", problems=ProblemCollector())
    assert problem.pointer is not None
    assert (problem.line, problem.column) == located.locate(problem.pointer)
    assert problem.line is not None and problem.line > 1
    return problem


PROFILE_BREACHES: list[tuple[str, Callable[[Descriptor], None], str]] = [
    ("licenses-not-array", lambda d: d.__setitem__("licenses", "MIT"), "/licenses"),
    ("created-not-datetime", lambda d: d.__setitem__("created", "yesterday"), "/created"),
    ("keywords-not-strings", lambda d: d.__setitem__("keywords", [1]), "/keywords/0"),
    ("contributors-empty", lambda d: d.__setitem__("contributors", []), "/contributors"),
    ("license-name-pattern", lambda d: d["licenses"][0].__setitem__("name", "CC BY"), "/licenses/0/name"),
    ("homepage-not-string", lambda d: d.__setitem__("homepage", 5), "/homepage"),
    ("bytes-not-integer", lambda d: _resource(d, "places").__setitem__("bytes", "191"), "/resources/3/bytes"),
    ("mediatype-pattern", lambda d: _resource(d, "places").__setitem__("mediatype", "csv"), "/resources/3/mediatype"),
    ("dialect-not-object", lambda d: _resource(d, "places").__setitem__("dialect", 3), "/resources/3/dialect"),
    ("path-starts-with-tilde", lambda d: _resource(d, "places").__setitem__("path", "~p.csv"), "/resources/3/path"),
]


@pytest.mark.parametrize(("change", "pointer"), [c[1:] for c in PROFILE_BREACHES], ids=[c[0] for c in PROFILE_BREACHES])
def test_each_profile_breach_is_one_problem_at_its_pointer(
    tmp_path: Path, change: Callable[[Descriptor], None], pointer: str
) -> None:
    problem = _only([p for p in _errors(tmp_path, change) if p.rule != "not-found"], tmp_path)
    assert (problem.rule, problem.pointer) == ("profile", pointer)


def test_a_breach_our_own_check_words_is_reported_once(tmp_path: Path) -> None:
    # version 5 breaks the profile (a string) and our rule (a semantic version): one problem, ours.
    problem = _only(_errors(tmp_path, lambda d: d.__setitem__("version", 5)), tmp_path)
    assert (problem.rule, problem.pointer) == ("descriptor", "/version")


@pytest.mark.parametrize(
    "path", ["data/countries.csv/", "data//countries.csv", "data/./countries.csv", "./data/countries.csv"]
)
def test_a_path_a_file_system_would_read_past_is_refused(tmp_path: Path, path: str) -> None:
    problem = _only(_errors(tmp_path, lambda d: _resource(d, "countries").__setitem__("path", path)), tmp_path)
    assert (problem.rule, problem.pointer, problem.value) == ("unsafe-path", "/resources/2/path", path)


KEY_BREACHES: list[tuple[str, Callable[[Descriptor], None], str]] = [
    (
        "foreign-key-resource",
        lambda d: _foreign_key(d)["reference"].__setitem__("resource", "nope"),
        "/foreignKeys/0/reference/resource",
    ),
    (
        "foreign-key-target-field",
        lambda d: _foreign_key(d)["reference"].__setitem__("fields", ["nope"]),
        "/foreignKeys/0/reference/fields",
    ),
    ("foreign-key-own-field", lambda d: _foreign_key(d).__setitem__("fields", ["nope"]), "/foreignKeys/0/fields"),
    (
        "primary-key-field",
        lambda d: _resource(d, "countries")["schema"].__setitem__("primaryKey", ["nope"]),
        "/primaryKey",
    ),
]


@pytest.mark.parametrize(("change", "suffix"), [c[1:] for c in KEY_BREACHES], ids=[c[0] for c in KEY_BREACHES])
def test_a_key_naming_what_the_descriptor_lacks_is_reported(
    tmp_path: Path, change: Callable[[Descriptor], None], suffix: str
) -> None:
    problem = _only(_errors(tmp_path, change), tmp_path)
    assert problem.rule == "key-reference"
    assert problem.pointer is not None and problem.pointer.endswith(suffix)


DIALECTS = [
    ("delimiter", ";"),
    ("delimiter", "\t"),
    ("quoteChar", "'"),
    ("doubleQuote", False),
    ("header", False),
    ("headerRows", [2]),
    ("skipInitialSpace", True),
    ("escapeChar", "\\"),
    ("commentChar", "#"),
    ("nullSequence", "NA"),
    ("lineTerminator", "\r"),
]


@pytest.mark.parametrize(("name", "value"), DIALECTS)
def test_a_dialect_the_file_does_not_follow_is_reported(tmp_path: Path, name: str, value: object) -> None:
    errors = _errors(tmp_path, lambda d: _resource(d, "countries")["dialect"].__setitem__(name, value))
    problem = _only(errors, tmp_path)
    assert (problem.rule, problem.pointer) == ("dialect", f"/resources/2/dialect/{name}")


@pytest.mark.parametrize(("name", "value"), [("lineTerminator", "\n"), ("headerRows", [1]), ("commentRows", [])])
def test_a_dialect_the_file_follows_is_accepted(tmp_path: Path, name: str, value: object) -> None:
    assert _errors(tmp_path, lambda d: _resource(d, "countries")["dialect"].__setitem__(name, value)) == []


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "utf-8-sig", "ascii", "no-such-codec"])
def test_an_encoding_other_than_utf8_is_reported(tmp_path: Path, encoding: str) -> None:
    errors = _errors(tmp_path, lambda d: _resource(d, "quotes").__setitem__("encoding", encoding))
    problem = _only(errors, tmp_path)
    index = [r["name"] for r in descriptor_of(tmp_path)["resources"]].index("quotes")
    assert (problem.rule, problem.pointer, problem.value) == ("encoding", f"/resources/{index}/encoding", encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "UTF-8", "utf8", "utf_8"])
def test_utf8_under_any_of_its_names_is_accepted(tmp_path: Path, encoding: str) -> None:
    def declare(descriptor: Descriptor) -> None:
        for resource in descriptor["resources"]:
            resource["encoding"] = encoding

    assert _errors(tmp_path, declare) == []


FILE_KINDS = [
    ("countries", "format", "tsv"),
    ("countries", "format", "CSV"),
    ("countries", "format", "json"),
    ("countries", "mediatype", "text/tab-separated-values"),
    ("countries", "mediatype", "text/csv; charset=latin-1"),
    ("countries", "scheme", "https"),
    ("dataset", "format", "csv"),
    ("dataset", "mediatype", "text/csv"),
    ("dataset", "type", "table"),
]


@pytest.mark.parametrize(("resource", "name", "value"), FILE_KINDS)
def test_a_file_declared_as_another_kind_is_reported(tmp_path: Path, resource: str, name: str, value: str) -> None:
    errors = _errors(tmp_path, lambda d: _resource(d, resource).__setitem__(name, value))
    problem = _only(errors, tmp_path)
    index = [r["name"] for r in descriptor_of(tmp_path)["resources"]].index(resource)
    assert (problem.rule, problem.pointer, problem.value) == ("format", f"/resources/{index}/{name}", value)


def test_a_file_declared_as_it_is_read_is_accepted(tmp_path: Path) -> None:
    def declare(descriptor: Descriptor) -> None:
        for resource in descriptor["resources"]:
            table = resource["name"] != "dataset"
            resource["format"] = "csv" if table else "json"
            resource["mediatype"] = "text/csv; charset=UTF-8" if table else "application/json"
            resource["scheme"] = "file"

    assert _errors(tmp_path, declare) == []


@pytest.mark.parametrize(
    ("reference", "rule"),
    [
        ("nope.schema.json", "not-found"),
        ("https://example.invalid/countries.json", "remote-resource"),
        ("/etc/passwd", "unsafe-path"),
        ("../countries.schema.json", "unsafe-path"),
    ],
)
def test_a_table_schema_reference_that_names_no_file_of_the_package_is_reported(
    tmp_path: Path, reference: str, rule: str
) -> None:
    problem = _only(_errors(tmp_path, lambda d: _resource(d, "countries").__setitem__("schema", reference)), tmp_path)
    assert (problem.rule, problem.pointer, problem.value) == (rule, "/resources/2/schema", reference)


def test_a_table_schema_in_a_file_of_the_package_is_accepted(tmp_path: Path) -> None:
    def point(descriptor: Descriptor) -> None:
        resource = _resource(descriptor, "countries")
        (tmp_path / "pkg" / "countries.schema.json").write_text(json.dumps(resource["schema"]), encoding="utf-8")
        resource["schema"] = "countries.schema.json"

    assert _errors(tmp_path, point) == []  # the rows are checked against the published schema all the same


def descriptor_of(tmp_path: Path) -> Descriptor:
    return json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_a_package_without_dialects_reads_with_the_defaults(tmp_path: Path) -> None:
    def drop(descriptor: Descriptor) -> None:
        for resource in descriptor["resources"]:
            resource.pop("dialect", None)

    assert _errors(tmp_path, drop) == []


def test_the_bundled_profile_is_the_official_one() -> None:
    # The copy dplib-py (the standard's Python library) ships, byte for byte; and the standard's own address.
    import dplib

    official = Path(dplib.__file__).parent / "profiles" / "2.0" / "datapackage.json"
    assert PROFILE_FILE.read_bytes() == official.read_bytes()
    digest = hashlib.sha256(PROFILE_FILE.read_bytes()).hexdigest()
    assert digest in (PROFILE_FILE.parents[1] / "README.md").read_text(encoding="utf-8")


def test_a_descriptor_of_many_bad_resources_is_checked_in_bounded_memory(tmp_path: Path) -> None:
    # The profile's validator lists a document's errors all at once: 600,000 resources of `{}` took 5.4 GB
    # and 78 s. Checked part by part (each resource on its own), memory is one part's errors.
    shutil.copytree(PACKAGE, tmp_path / "pkg")
    path = tmp_path / "pkg" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    count = len(descriptor["resources"])
    descriptor["resources"] += [{}] * 200_000
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    code = "import sys; from indojp_data.validate import validate; print(validate(sys.argv[1]).total)"
    probe = (
        "import resource, subprocess, sys; r = subprocess.run([sys.executable, '-c', *sys.argv[1:]], "
        "capture_output=True, text=True, check=True); "
        "print(r.stdout.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, code, str(tmp_path / "pkg")], capture_output=True, text=True)
    total, peak_kb = map(int, out.stdout.split())
    assert total == 200_000, count  # one problem per nameless resource, in our words (the profile's would repeat it)
    assert peak_kb < 300 * 1024, peak_kb
