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

from indojp_data.core import json_locate
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
        decoded, end = json.JSONDecoder().raw_decode(text, start)
        assert decoded == expected, pointer
        assert located._end(start) == end


@settings(max_examples=100, deadline=None)
@given(st.lists(TRICKY, min_size=2, max_size=5), VALUES)
def test_duplicate_keys_are_found_at_their_place_whatever_the_strings_hold(keys: list[str], inner: Any) -> None:
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


def test_the_pass_before_parsing_ignores_what_strings_hold() -> None:
    tricky = "[[[[{{{{:::NaN -Infinity 1e400 " + "9" * 5000 + ' \\" \\\\" \\u0022 ]]]}}}'
    deep_looking = json.dumps([tricky * 100, {"k": '\\"]]]}}}', tricky: [tricky]}])
    assert parse_json(deep_looking.encode(), source="x.json", max_depth=3).value == json.loads(deep_looking)
    with pytest.raises(InputError) as info:
        parse_json(b'{"a": [{"b": [1]}]}', source="x.json", max_depth=3)
    assert (info.value.problem.rule, info.value.problem.column) == ("too-deep", 14)


BAD = {
    "NaN": ("json-syntax", 0),
    "-Infinity": ("json-syntax", 0),
    "1e400": ("too-large", 0),
    "-" + "9" * 5000: ("too-large", 0),
    "9" * 400 + ".5": ("too-large", 0),
    "[" * 70 + "]" * 70: ("too-deep", 63),
    '"\\udc00"': ("encoding", 1),
}
"""Values refused, with their rule and how far into them the problem is reported (at depth 65, for nesting)."""


@settings(max_examples=200, deadline=None)
@given(VALUES, VALUES, st.sampled_from(sorted(BAD)), st.integers(1, 40))
def test_a_refused_value_is_found_exactly_whatever_the_chunks(before: Any, after: Any, bad: str, chunk: int) -> None:
    # The pass before parsing reads the bytes in chunks: small ones cut every string, escape and number.
    head = "[" + json.dumps(before, ensure_ascii=False) + ", "
    text = head + bad + ", " + json.dumps(after, ensure_ascii=False) + "]"
    rule, into = BAD[bad]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_locate, "_CHUNK", chunk)
        with pytest.raises(InputError) as info:
            parse_json(text.encode(), source="x.json")
    assert (info.value.problem.rule, info.value.problem.line) == (rule, 1)
    assert info.value.problem.column == len(head) + into + 1


def test_locator_degrades_to_an_ancestor_when_its_work_budget_is_spent() -> None:
    data = json.dumps({"a": [{"b": 1}] * 10}).encode()
    assert parse_json(data, source="x.json")._find(["a", "3", "b"])[1] == 3
    fresh = parse_json(data, source="x.json")
    fresh._budget = 0  # as if the document had already cost its allowance
    assert fresh._find(["a", "3", "b"]) == (0, 0)


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
    monkeypatch.setattr(json_locate, "_BLOCK", 7)
    text = "ab\ncd\n\nefghijklmnop\nq" * 5
    index = LocatedJSON(source="x.txt", text=text, value=None, problems=ProblemCollector())
    for i in range(len(text) + 1):
        assert index.position(i) == (text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)), i


# -- time and memory, measured in a fresh process ---------------------------------------------------
# Time is compared between a document and a larger one (at twice the size linear work doubles and quadratic
# quadruples; at four times, 4 against 16), never against a fixed bound; memory is bounded. The machine is
# shared, so a ratio over the bound is measured again (up to three times in all): a real quadratic stays
# over it every time, a noisy neighbour does not.

_MEASURE = """
import gc, sys, time
gc.disable()  # the work, not when the cycle collector happens to run, is measured (refcounting still frees)
from indojp_data.core.json_locate import parse_json
from indojp_data.core.problems import ProblemCollector
n = int(sys.argv[1])
data = {data}
seconds = []
for _ in range({repeat}):
    start = time.perf_counter()
    collector = ProblemCollector()
    located = parse_json(data, source="x.json", problems=collector)
{work}
    seconds.append(time.perf_counter() - start)
    del located
print(min(seconds), collector.total)
"""


def _measure(data: str, work: str, n: int, repeat: int = 5) -> tuple[float, float, int]:
    """Run parse_json on ``data`` (built from ``n``), then ``work``, in a child; return its best seconds, peak
    RSS in MB, and problems."""
    code = _MEASURE.format(data=data, work=textwrap.indent(textwrap.dedent(work), "    "), repeat=repeat)
    probe = (
        "import resource, subprocess, sys; r = subprocess.run([sys.executable, '-c', *sys.argv[1:]], "
        "capture_output=True, text=True, check=True); "
        "print(r.stdout.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, code, str(n)], capture_output=True, text=True, check=True)
    seconds, total, rss_kb = out.stdout.split()
    return float(seconds), int(rss_kb) / 1024, int(total)


def _scaling(data: str, work: str, sizes: tuple[int, int], bound: float, repeat: int = 5) -> tuple[int, int, float]:
    """Measure ``data`` at both sizes until the time ratio (large/small) is under ``bound``, at most three times;
    return the problem totals at both sizes, and the larger one's peak RSS in MB, after asserting the ratio."""
    ratios = []
    for _ in range(3):
        (small, _, total), (large, rss, total_large) = (_measure(data, work, n, repeat) for n in sizes)
        ratios.append((large / small, small, large))
        if large / small < bound:
            return total, total_large, rss
    raise AssertionError(f"time at {sizes[1]} over time at {sizes[0]}: {ratios} (bound {bound})")


def test_duplicate_keys_in_a_descriptor_take_linear_time() -> None:
    # Located from the start of the text once per problem, 200,000 of them ran for more than 60 s.
    data = "b'{' + b','.join([b'\"a\":1'] * n) + b'}'"
    total, total_large, rss = _scaling(data, "", (100_000, 400_000), bound=8)  # linear 4, quadratic 16
    assert (total, total_large) == (99_999, 399_999)
    assert rss < 200, rss


def test_repeated_records_with_a_problem_each_take_linear_time() -> None:
    # Every record has a problem: 1000 are located (the cap), the rest only counted.
    record = '{"id": "q", "text": "' + "x" * 100 + '", "speaker": "narendra-modi", "n": [1, 2.5, null]}'
    data = "('{\"quotes\": [' + ',\\n'.join([" + repr(record) + "] * n) + ']}').encode()"
    work = """
    for i in range(n):
        problem = located.problem(f"/quotes/{i}/text", rule="maxLength", message="too long", value="x" * 100)
        collector.add(problem)
    assert collector.report().problems[-1].line == 1000
    """
    total, total_large, rss = _scaling(data, work, (25_000, 100_000), bound=8)  # linear 4, quadratic 16
    assert (total, total_large) == (25_000, 100_000)
    assert rss < 300, rss


def test_a_json_file_at_the_size_limit_parses_in_linear_time_and_500_mb() -> None:
    # 64 MiB of records (and half as much), one duplicate key, and 1000 problems located at random places.
    record = '{"id": "q", "text": "' + r"y\\\"[:" * 20 + '", "n": [1, 2.5, null, true], "o": {"k": "v"}}'
    data = (
        '(lambda r: (\'{"a": 1, "a": 2, "quotes": [\' + \',\\n\'.join([r] * ((n * 2**20 - 100) // (len(r) + 2)))'
        f" + ']}}').encode())({record!r})"
    )
    work = """
    assert len(data) <= n * 2**20, len(data)
    for i in range(0, 400_000, 400):
        collector.add(located.problem(f"/quotes/{i}/n/3", rule="type", message="not a number"))
    """
    total, total_large, rss = _scaling(data, work, (32, 64), bound=3, repeat=1)  # linear 2, quadratic 4
    assert (total, total_large) == (1001, 1001)
    assert rss < 500, rss
