"""A Dataset JSON of any shape is validated within 500 MB: the issue's 64 MiB of repeated records among them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indojp_data.core.json_locate import parse_json
from indojp_data.core.problems import ProblemCollector
from indojp_data.validate import documents, validate
from indojp_data.validate.run import MAX_JSON_BYTES, MAX_JSON_VALUES
from tests.conftest import REPO

DATASET = REPO / "datapackage" / "data" / "dataset.json"

# Run `indojp-data validate` in a child under a 1.5 GB address-space limit (so code that ran away fails
# instead of swapping the machine), and print its exit code and the child's peak RSS in MB.
_PROBE = """
import resource, subprocess, sys
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
code = "import sys; from indojp_data.cli import run; sys.argv = ['indojp-data', 'validate', sys.argv[1]]; run()"
r = subprocess.run([sys.executable, "-c", code, sys.argv[1]], capture_output=True, text=True, preexec_fn=limit)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
print(r.stdout + r.stderr)
"""


def _run(path: Path) -> tuple[int, int, str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, check=True).stdout
    head, _, text = out.partition("\n")
    code, rss = head.split()
    return int(code), int(rss), text


def _records(path: Path, passage: int, count: int | None = None) -> int:
    """Write the shipped dataset with its first country repeated (passage of ``passage`` characters)."""
    dataset = json.loads(DATASET.read_text(encoding="utf-8"))
    record = dict(dataset["countries"][0], citations=[{"reference": None, "passage": "x" * passage}])
    one = json.dumps(record).encode()
    if count is None:
        values = one.count(b",") + one.count(b"[") + one.count(b"{") + 1
        count = min((MAX_JSON_VALUES - 1000) // values, (MAX_JSON_BYTES - 40_000) // (len(one) + 2))
    dataset["countries"] = [record] * count
    path.write_bytes(json.dumps(dataset).encode())
    return count


def test_the_issue_case_is_refused_at_once_within_the_bound(tmp_path: Path) -> None:
    # 64 MiB of 390,000 repeated records peaked at 1,245 MB in 19 s (the model stage ran on them all).
    path = tmp_path / "dataset.json"
    dataset = json.loads(DATASET.read_text(encoding="utf-8"))
    one = json.dumps(dataset["countries"][0]).encode()
    count = min(390_000, (MAX_JSON_BYTES - 40_000) // (len(one) + 2))  # as many as fit in 64 MiB
    assert count * (one.count(b",") + one.count(b"[") + one.count(b"{") + 1) > MAX_JSON_VALUES
    dataset["countries"] = dataset["countries"][:1] * count
    path.write_bytes(json.dumps(dataset).encode())
    assert path.stat().st_size <= MAX_JSON_BYTES
    code, rss, text = _run(path)
    assert code == 2, text  # input that is not read: exit 2
    assert "error [too-large]" in text and f"{MAX_JSON_VALUES:,} values" in text, text
    assert rss < 500, rss


def test_a_document_just_inside_the_limits_is_checked_within_the_bound(tmp_path: Path) -> None:
    # As many values as allowed, in 64 MiB: parsed, checked against its JSON Schema, the model stage skipped.
    count = _records(tmp_path / "dataset.json", passage=300)
    assert (tmp_path / "dataset.json").stat().st_size > MAX_JSON_BYTES * 0.99
    code, rss, text = _run(tmp_path / "dataset.json")
    assert code == 0, text
    assert "warning [model-rules-skipped]" in text, text
    assert rss < 500, (rss, count)


def test_a_million_bad_records_are_listed_to_the_cap_within_the_bound(tmp_path: Path) -> None:
    # jsonschema-rs lists all of a document's errors at once: 1.3 million bad records took 2.8 GB and 50 s.
    path = tmp_path / "dataset.json"
    path.write_bytes(b'{"countries": [' + b",".join([b"[]"] * 999_000) + b"]}")
    code, rss, text = _run(path)
    assert code == 1, text
    assert "1000 problems" in text or "problems (" in text, text
    assert text.count("error [type] countries:") > 900, text[:2000]
    assert rss < 500, rss


def test_a_large_invalid_record_gives_its_first_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # A record past PART_VALUES is not listed in full: one problem, found without listing the others.
    monkeypatch.setattr(documents, "PART_VALUES", 3)
    dataset = json.loads(DATASET.read_text(encoding="utf-8"))
    dataset["countries"][0]["citations"] = [{"passage": 1}, {"passage": 2}]
    out = ProblemCollector()
    located = parse_json(json.dumps(dataset).encode(), source="d.json", problems=out)
    documents.check_dataset_document(located, "0.2.0", out)
    (problem,) = out.report().problems
    assert problem.pointer is not None and problem.pointer.startswith("/countries/0/citations/0")


def test_the_model_stage_skips_a_large_dataset_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A duplicate identifier (a cross-record rule) is found below the limit, and skipped with a warning above.
    dataset = json.loads(DATASET.read_text(encoding="utf-8"))
    dataset["countries"].append(dataset["countries"][0])
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(dataset), encoding="utf-8")
    assert "cross-record" in {p.rule for p in validate(path).problems}
    monkeypatch.setattr(documents, "MODEL_STAGE_JSON_LIMIT", 1000)
    assert {p.rule for p in validate(path).problems} == {"model-rules-skipped"}
    monkeypatch.setattr(documents, "MODEL_STAGE_JSON_LIMIT", 10**9)
    monkeypatch.setattr(documents, "MODEL_STAGE_ROW_LIMIT", 2)
    assert {p.rule for p in validate(path).problems} == {"model-rules-skipped"}
