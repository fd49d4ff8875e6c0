"""`indojp-data validate` and `indojp_data.validate`: every check, every bad input, every output format."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import indojp_data
from indojp_data.cli import main
from indojp_data.release.make import make_release
from indojp_data.validate import UsageError, ValidationReport, validate
from tests.conftest import REPO

PACKAGE = REPO / "datapackage"


def rehash(package: Path) -> None:
    """Make the descriptor's bytes and hash match the files again, so only the intended error remains."""
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        target = package / resource["path"]
        if target.is_file():
            data = target.read_bytes()
            resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy)
    return copy


def edit(package: Path, name: str, change: Callable[[str], str], keep_hashes: bool = True) -> None:
    path = package / "data" / name
    text = path.read_bytes().decode("utf-8")
    new = change(text)
    assert new != text
    path.write_bytes(new.encode("utf-8"))
    if keep_hashes:
        rehash(package)


def rules(report: ValidationReport) -> list[str]:
    return [p.rule for p in report.problems if p.severity == "error"]


# --- valid inputs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["datapackage", "datapackage/datapackage.json", "datapackage/data/dataset.json", "datapackage/data/quotes.csv"],
)
def test_published_files_are_valid(target: str) -> None:
    report = validate(REPO / target)
    assert report.valid and report.exit_code == 0, report.problems
    assert [p for p in report.problems if p.severity == "error"] == []


def test_release_zip_is_valid(tmp_path: Path) -> None:
    report = validate(make_release(REPO, tmp_path))
    assert report.exit_code == 0, report.problems


def test_python_api_is_exported() -> None:
    # indojp_data.validate is the validate/ subpackage, and calling it runs the validator.
    assert indojp_data.validate.validate is validate
    report = indojp_data.validate(REPO / "datapackage", max_problems=5)
    assert isinstance(report, ValidationReport) and report.exit_code == 0


# --- data errors: exit 1, with file, line, column and field -------------------------------------------


def test_type_error_names_line_column_and_field(package: Path) -> None:
    edit(package, "sectors.csv", lambda t: t.replace("economic-security-roadmap,4,", "economic-security-roadmap,four,"))
    report = validate(package)
    (problem,) = report.problems
    assert (problem.rule, problem.field, problem.line, problem.column) == ("type", "position", 5, 3)
    assert problem.file.endswith("data/sectors.csv") and problem.value == "four"
    assert report.exit_code == 1


def test_enum_pattern_required_and_range(package: Path) -> None:
    edit(package, "commitments.csv", lambda t: t.replace(",target,", ",promise,").replace(",JPY,", ",yen,"))
    edit(package, "sectors.csv", lambda t: t.replace(",1,critical minerals", ",0,critical minerals"))
    edit(package, "places.csv", lambda t: t.replace("new-delhi,New Delhi", "new-delhi,"))
    found = {(p.rule, p.field) for p in validate(package).problems}
    # "yen" is outside the ISO 4217 codelist the Table Schema now carries as an enum.
    assert {("enum", "status"), ("enum", "currency"), ("minimum", "position"), ("required", "name")} <= found


def test_duplicate_primary_key(package: Path) -> None:
    edit(package, "sectors.csv", lambda t: t.replace("resilient-supply-chains,", "critical-minerals,", 1))
    report = validate(package)
    assert "primary-key" in rules(report)
    duplicate = next(p for p in report.problems if p.rule == "primary-key")
    assert duplicate.line == 3 and duplicate.field == "id"


def test_broken_foreign_key(package: Path) -> None:
    edit(package, "quotes.csv", lambda t: t.replace("younger-sister,narendra-modi", "younger-sister,narendra-mod"))
    (problem,) = validate(package).problems
    assert (problem.rule, problem.field, problem.line) == ("foreign-key", "speaker", 2)
    assert "persons" in problem.message and problem.hint


def test_changed_byte_breaks_hash_and_bytes(package: Path) -> None:
    edit(package, "sectors.csv", lambda t: t.replace("clean energy", "clean energies"), keep_hashes=False)
    report = validate(package)
    assert sorted(rules(report)) == ["bytes", "hash"]
    hash_problem = next(p for p in report.problems if p.rule == "hash")
    assert hash_problem.file.endswith("datapackage.json") and hash_problem.line and hash_problem.pointer


def test_cross_record_rule_on_csv(package: Path) -> None:
    edit(
        package,
        "unknowns.csv",
        lambda t: "".join(
            line
            for line in t.splitlines(keepends=True)
            if not line.startswith("mous,defense-co-development-pact,title")
        ),
    )
    (problem,) = validate(package).problems
    assert problem.rule == "model" and problem.file.endswith("mous.csv") and problem.line == 2
    assert "`title` is null" in problem.message


def test_model_error_line_counts_quoted_newlines(package: Path) -> None:
    """A model problem names its record's physical line: the newline quoted in an earlier record counts."""
    context = "Modi describing the personal and working bond between himself and Takaichi."
    edit(package, "quotes.csv", lambda t: t.replace(context, f'"{context.replace(" between", chr(10) + "between")}"'))
    edit(package, "quotes.csv", lambda t: t.replace("India-Japan ties,en,,", "India-Japan ties!,en,,"))
    (problem,) = validate(package).problems
    assert (problem.rule, problem.line) == ("model", 5) and "text_normalized" in problem.message


def test_a_malformed_file_leaves_the_others_checked(package: Path) -> None:
    """The engine loads small files together; the one that does not parse is told apart from the rest."""
    edit(package, "places.csv", lambda t: t + "extra,row\n")
    report = validate(package)
    assert {(Path(p.file).name, p.rule) for p in report.problems} == {
        ("places.csv", "row-length"),
        ("places.csv", "rows-not-checked"),
    }


def test_counts_must_reconcile(package: Path) -> None:
    edit(package, "summits.csv", lambda t: t.replace(",new-delhi,IN,5", ",new-delhi,IN,0"))
    (problem,) = validate(package).problems
    assert problem.rule == "cross-record" and problem.field == "mous_signed"


def test_header_mismatch(package: Path) -> None:
    edit(package, "places.csv", lambda t: t.replace("id,name,kind,country", "id,name,country,kind"))
    (problem,) = validate(package).problems
    assert (problem.rule, problem.line) == ("header", 1) and "id,name,kind,country" in (problem.hint or "")


def test_missing_and_unexpected_resources(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "places"]
    descriptor["resources"].append({"name": "extra", "path": "data/extra.csv"})
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    report = validate(package)
    assert ("missing-resource", "places") in {(p.rule, p.field) for p in report.problems}
    assert any(p.rule == "unexpected-resource" and p.severity == "warning" for p in report.problems)
    assert report.exit_code == 1


def test_descriptor_profile_and_version(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["$schema"] = "https://example.invalid/profile.json"
    descriptor["version"] = "one"
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    problems = validate(package).problems
    assert {p.field for p in problems if p.rule == "descriptor"} == {"$schema", "version"}
    assert all(p.line for p in problems)


def test_all_errors_are_reported_with_a_cap(package: Path) -> None:
    edit(package, "citations.csv", lambda t: t.replace(",1,", ",zero,"))
    full = validate(package)
    capped = validate(package, max_problems=2)
    assert full.total > 2 and capped.total == full.total
    assert len(capped.problems) == 2 and capped.truncated


def test_csv_line_is_the_physical_line(tmp_path: Path) -> None:
    path = tmp_path / "quotes_occurrences.csv"
    path.write_bytes(b'quote,position,kind,printed\r\nq-one,1,body,"two\r\nlines"\r\nq-two,1,bodyy,x\r\n')
    (problem,) = validate(path).problems
    assert (problem.rule, problem.line, problem.column, problem.field) == ("enum", 4, 3, "kind")


def test_single_csv_resource_from_option(tmp_path: Path) -> None:
    path = tmp_path / "my-export.csv"
    shutil.copy(PACKAGE / "data/sectors.csv", path)
    assert validate(path).exit_code == 2
    assert validate(path, resource="sectors").exit_code == 0
    with pytest.raises(UsageError):
        validate(path, resource="no-such-table")


def test_json_errors_have_line_column_and_pointer(tmp_path: Path) -> None:
    document = json.loads((PACKAGE / "data/dataset.json").read_text(encoding="utf-8"))
    document["commitments"][0]["currency"] = "yen"
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    (problem,) = validate(path).problems
    assert problem.pointer == "/commitments/0/currency" and problem.field == "currency"
    line_text = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]  # type: ignore[operator]
    assert line_text[problem.column - 1 :].startswith('"yen"')  # type: ignore[operator]


def test_json_cross_record_error(tmp_path: Path) -> None:
    document = json.loads((PACKAGE / "data/dataset.json").read_text(encoding="utf-8"))
    document["quotes"][1]["speaker"] = "nobody"
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    (problem,) = validate(path).problems
    assert (problem.rule, problem.pointer, problem.field) == ("cross-record", "/quotes/1/speaker", "speaker")


def test_pinned_schema_version() -> None:
    assert validate(PACKAGE, schema_version=indojp_data.__version__).exit_code == 0
    with pytest.raises(UsageError, match="no schema version"):
        validate(PACKAGE, schema_version="0.0.1")


def test_tampered_release_zip(tmp_path: Path) -> None:
    release = make_release(REPO, tmp_path / "r")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(release) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("data/sectors.csv"):
                data = data.replace(b"clean energy", b"clean energi")
            target.writestr(info, data)
    report = validate(tampered)
    assert {"hash", "checksum"} <= set(rules(report))
    assert any(p.file.startswith(str(tampered) + "!") for p in report.problems)


# --- bad input: never a traceback or a hang; exit 2 when unreadable -------------------------------------


def only(report: ValidationReport) -> tuple[str, int]:
    assert len(report.problems) >= 1
    return report.problems[0].rule, report.exit_code


def test_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "dataset.json"
    path.write_text('{"source": {"id": "x",\n  "kind": }', encoding="utf-8")
    report = validate(path)
    assert only(report) == ("json-syntax", 2) and report.problems[0].line == 2


def test_malformed_csv(tmp_path: Path) -> None:
    path = tmp_path / "sectors.csv"
    path.write_bytes((PACKAGE / "data/sectors.csv").read_bytes() + b'x,"unterminated\r\n')
    assert only(validate(path)) == ("unterminated-quote", 2)


@pytest.mark.parametrize("name", ["sectors.csv", "dataset.json"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert only(validate(path)) == ("empty", 2)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "sectors.csv"
    path.write_bytes(b"\x00\x01\x02\xff\r\n" * 10)
    assert only(validate(path)) == ("binary", 2)


def test_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_bytes("id,name,kind,country\r\nnew-delhi,New Delhi caf\xe9,city,IN\r\n".encode("latin-1"))
    problem = validate(path).problems[0]
    assert (problem.rule, problem.line, problem.column) == ("encoding", 2, 24)


def test_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_bytes("id,name,kind,country\r\n".encode("utf-16"))
    assert only(validate(path)) == ("encoding", 2)


def test_bom(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (PACKAGE / "data/places.csv").read_bytes())
    report = validate(path)
    assert only(report) == ("bom", 1) and report.problems[0].line == 1


def test_huge_field(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_bytes(b"id,name,kind,country\r\nnew-delhi," + b"x" * (2 * 1024 * 1024) + b",city,IN\r\n")
    assert only(validate(path)) == ("too-large", 2)


def test_deep_nesting(tmp_path: Path) -> None:
    path = tmp_path / "dataset.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert only(validate(path)) == ("too-deep", 2)


def test_missing_file(tmp_path: Path) -> None:
    assert only(validate(tmp_path / "nope.csv")) == ("not-found", 2)


def test_directory_without_descriptor(tmp_path: Path) -> None:
    assert only(validate(tmp_path)) == ("no-descriptor", 2)


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("/etc/passwd", "unsafe-path"),
        ("../outside.csv", "unsafe-path"),
        ("data/../../outside.csv", "unsafe-path"),
        ("https://example.invalid/places.csv", "remote-resource"),
        ("file:///etc/passwd", "remote-resource"),
    ],
)
def test_unsafe_resource_paths_are_refused(package: Path, path: str, rule: str) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == "places")["path"] = path
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    report = validate(package)
    refused = [p for p in report.problems if p.rule == rule]
    assert refused and refused[0].field == "path" and refused[0].line
    assert report.exit_code == 1


@pytest.fixture
def served(package: Path) -> Iterator[str]:
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(package), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_remote_resource_only_with_allow_network(package: Path, served: str) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    places = next(r for r in descriptor["resources"] if r["name"] == "places")
    places["path"], places["scheme"] = f"{served}/data/places.csv", "http"  # the descriptor says where the file is
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert "remote-resource" in rules(validate(package))
    assert validate(package, allow_network=True).exit_code == 0
    places["scheme"] = "file"  # a URL read as a local file: the descriptor is wrong
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert rules(validate(package, allow_network=True)) == ["format"]


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(b"not a zip at all")
    assert only(validate(path)) == ("not-a-zip", 2)


# --- the command line ----------------------------------------------------------------------------------


def test_cli_exit_codes(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(package)]) == 0
    edit(package, "quotes.csv", lambda t: t.replace("younger-sister,narendra-modi", "younger-sister,nobody"))
    assert main(["validate", str(package)]) == 1
    assert main(["validate", str(package / "nope")]) == 2
    assert main(["validate", str(PACKAGE), "--schema-version", "0.0.1"]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["validate"])
    assert usage.value.code == 2
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # no colour when stdout is not a terminal


def test_cli_json_output_shape(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(package, "quotes.csv", lambda t: t.replace("younger-sister,narendra-modi", "younger-sister,nobody"))
    assert main(["validate", str(package), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert list(document) == [
        "version",
        "valid",
        "total",
        "errors",
        "warnings",
        "shown",
        "truncated",
        "files",
        "problems",
    ]
    (problem,) = document["problems"]
    assert list(problem) == [
        "file",
        "rule",
        "message",
        "line",
        "column",
        "pointer",
        "field",
        "value",
        "hint",
        "severity",
    ]
    assert problem["line"] == 2 and problem["rule"] == "foreign-key"


def test_cli_github_annotations(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(package, "places.csv", lambda t: t.replace("new-delhi,New Delhi", "new-delhi,"))
    assert main(["validate", str(package), "--format", "github"]) == 1
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert line.startswith("::error file=") and ",line=2,col=2," in line and "title=" in line


def test_validate_report_is_a_report() -> None:
    from indojp_data.validate.report import format_json

    report = validate(PACKAGE)
    assert json.loads(format_json(report))["valid"] is True
