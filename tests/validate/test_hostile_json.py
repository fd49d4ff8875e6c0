"""JSON handling stays linear in time and bounded in memory, and locates exactly, whatever the input."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indojp_data.core import json_index
from indojp_data.core.json_index import Locator, fast_parse
from indojp_data.core.json_locate import LocatedJSON, make_pointer, parse_json
from indojp_data.core.problems import InputError, ProblemCollector

# Strings full of the characters the structure pass must see through: quotes, backslashes, brackets, colons.
TRICKY = st.text(st.sampled_from('"\\[]{}:,ab \n\u00e9\U0001f600'), max_size=8)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TRICKY
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TRICKY, inner, max_size=4),
    max_leaves=25,
)


def _pointers(value: Any, path: list[str | int]) -> list[tuple[list[str | int], Any]]:
    found = [(path, value)]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in items:
        found.extend(_pointers(child, [*path, key]))
    return found


@settings(max_examples=200, deadline=None)
@given(VALUES, st.sampled_from([None, 1, 2]))
def test_every_value_is_located_exactly(value: Any, indent: int | None) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    located = parse_json(text.encode(), source="x.json")
    assert located.value == json.loads(text)
    assert located.problems.total == 0
    lines = text.split("\n")
    for path, expected in _pointers(value, []):
        pointer = make_pointer(path)
        line, column = located.locate(pointer)
        start = sum(len(s) + 1 for s in lines[: line - 1]) + column - 1
        decoded, _ = json.JSONDecoder().raw_decode(text, start)
        assert decoded == expected, pointer
        assert json.loads(located.raw(pointer)) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(TRICKY, min_size=2, max_size=5), VALUES)
def test_duplicate_keys_are_found_by_the_fast_path_as_by_the_exact_parser(keys: list[str], inner: Any) -> None:
    members = ", ".join(f"{json.dumps(k)}: {json.dumps(inner)}" for k in keys)
    text = f'[{{"pad": "\\"{{[:"}}, {{{members}}}]'
    located = parse_json(text.encode(), source="x.json")
    assert located.value == json.loads(text)
    repeats = len(keys) - len(set(keys))
    report = located.problems.report()
    assert report.total == repeats
    for problem in report.problems:
        assert problem.rule == "duplicate-key"
        assert problem.pointer is not None and problem.pointer.startswith("/1/")
        assert problem.line == 1 and problem.column is not None and text[problem.column - 1] == '"'


def test_structure_pass_ignores_brackets_and_colons_inside_strings() -> None:
    deep_looking = json.dumps(["[[[[{{{{:::" * 100, {"k": '\\"]]]}}}'}])
    assert fast_parse(deep_looking, deep_looking.encode(), 2) == (json.loads(deep_looking),)
    too_deep = "[" * 3 + "]" * 3
    assert fast_parse(too_deep, too_deep.encode(), 2) is None
    with pytest.raises(InputError) as info:
        parse_json(b'{"a": [{"b": [1]}]}', source="x.json", max_depth=3)
    assert info.value.problem.rule == "too-deep"


def test_locator_degrades_to_an_ancestor_when_its_work_budget_is_spent() -> None:
    text = json.dumps({"a": [{"b": 1}] * 10})
    locator = Locator(text)
    assert locator.find(["a", "3", "b"])[1] == 3
    fresh = Locator(text)
    fresh.find([])  # nothing indexed yet
    fresh._budget = 0  # as if the document had already cost its allowance
    start, depth = fresh.find(["a", "3", "b"])
    assert (start, depth) == (0, 0)


def test_problems_past_the_cap_are_not_located(monkeypatch: pytest.MonkeyPatch) -> None:
    collector = ProblemCollector(cap=1)
    located = parse_json(b'{"a": [1, 2, 3]}', source="x.json", problems=collector)
    collector.add(located.problem("/a/0", rule="r", message="m"))
    assert collector.full

    def fail(*args: object) -> None:
        raise AssertionError("located past the cap")

    monkeypatch.setattr(LocatedJSON, "locate", fail)
    problem = located.problem("/a/1", rule="r", message="m")
    assert problem.line is None and problem.pointer == "/a/1"


def test_line_index_matches_counting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_index, "_BLOCK", 7)
    text = "ab\ncd\n\nefghijklmnop\nq" * 5
    index = json_index.LineIndex(text)
    for i in range(len(text) + 1):
        assert index.position(i) == (text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)), i


# -- time and memory, measured in a fresh process ---------------------------------------------------

_MEASURE = """
import resource, sys, time
from indojp_data.core.json_locate import parse_json
from indojp_data.core.problems import ProblemCollector
data = {data}
start = time.perf_counter()
collector = ProblemCollector()
located = parse_json(data, source="x.json", problems=collector)
{work}
print(time.perf_counter() - start, collector.total)
"""


def _measure(data: str, work: str) -> tuple[float, float, int]:
    """Run parse_json (and ``work``) in a child; return seconds, the child's peak RSS in MB, problems."""
    code = _MEASURE.format(data=data, work=textwrap.dedent(work))
    probe = (
        "import resource, subprocess, sys; r = subprocess.run([sys.executable, '-c', sys.argv[1]], "
        "capture_output=True, text=True, check=True); "
        "print(r.stdout.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, code], capture_output=True, text=True, check=True).stdout
    seconds, total, rss_kb = out.split()
    return float(seconds), int(rss_kb) / 1024, int(total)


def _doubling(data: str, work: str = "", n: int = 1) -> tuple[float, float, int]:
    """Measure ``data`` (and ``work``) with ``{n}`` at ``n`` and ``2 * n``: the ratio of the times, the peak and
    problems at ``2 * n``. Work that grows linearly doubles (about 2); quadratic work quadruples. Each time is
    the better of two runs (a loaded machine slows one run, not the size)."""
    times = []
    for size in (n, 2 * n):
        runs = [_measure(data.replace("{n}", str(size)), work.replace("{n}", str(size))) for _ in range(2)]
        times.append(min(seconds for seconds, _, _ in runs))
    _, rss, total = runs[-1]
    return times[1] / times[0], rss, total


def test_200000_duplicate_keys_in_a_descriptor_take_linear_time() -> None:
    # Located from the start of the text once per problem, this ran for more than 60 s.
    ratio, rss, total = _doubling("b'{' + b','.join([b'\"a\":1'] * {n}) + b'}'", n=100_000)
    assert total == 199_999
    assert ratio < 3, ratio
    assert rss < 200, rss


def test_50000_repeated_records_with_a_problem_each_take_linear_time() -> None:
    # 50,000 records, every one with a problem: 1000 located (the cap), the rest only counted.
    record = '{"id": "q", "text": "' + "x" * 100 + '", "speaker": "narendra-modi", "n": [1, 2.5, null]}'
    data = "('{\"quotes\": [' + ',\\n'.join([" + repr(record) + "] * {n}) + ']}').encode()"
    work = """
    for i in range({n}):
        problem = located.problem(f"/quotes/{i}/text", rule="maxLength", message="too long", value="x" * 100)
        collector.add(problem)
    assert collector.report().problems[-1].line == 1000
    """
    ratio, rss, total = _doubling(data, work, n=25_000)
    assert total == 50_000
    assert ratio < 3, ratio
    assert rss < 300, rss


def test_a_json_file_at_the_size_limit_parses_in_linear_time_and_500_mb() -> None:
    # 64 MiB of records (and 32 MiB, to see the time double, not more), one duplicate key (the slower
    # path), and 1000 problems located at places spread over the records.
    record = '{"id": "q", "text": "' + r"y\\\"[:" * 20 + '", "n": [1, 2.5, null, true], "o": {"k": "v"}}'
    data = (
        '(lambda r: (\'{"a": 1, "a": 2, "quotes": [\' + \',\\n\'.join([r] * (({n} * 2**20 - 100) // (len(r) + 2)))'
        f" + ']}}').encode())({record!r})"
    )
    work = """
    assert len(data) <= {n} * 2**20, len(data)
    del data
    for i in range(0, {n} * 4_000, {n} * 4):
        collector.add(located.problem(f"/quotes/{i}/n/3", rule="type", message="not a number"))
    """
    ratio, rss, total = _doubling(data, work, n=32)
    assert total == 1001
    assert ratio < 3, ratio
    assert rss < 500, rss
