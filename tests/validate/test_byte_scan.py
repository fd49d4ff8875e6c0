"""ByteScan finds the signs the engine would accept silently, wherever the blocks happen to split them."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from indojp_data.validate.csvfile import ByteScan


def quotes_by_states(data: bytes) -> bool:
    """RFC 4180's quotes, byte by byte: a quoted cell opens at a cell's start, doubles its quotes and is
    followed by a comma or a line break; an unquoted cell holds no quote."""
    state = "start"  # of a cell; or "plain" (in an unquoted cell), "quoted", "quote" (a quote in a quoted one)
    for byte in data:
        char = chr(byte)
        if state == "quote" and char not in '",\r\n':
            return False
        if state in ("start", "plain", "quote") and char in ",\n":
            state = "start"
        elif state == "start":
            state = "quoted" if char == '"' else "plain"
        elif state == "plain" and char == '"':
            return False
        elif state == "quoted" and char == '"':
            state = "quote"
        elif state == "quote":
            state = "quoted" if char == '"' else "plain"  # a doubled quote, or the CR of a CRLF
    return state != "quoted"


def whole(data: bytes) -> bool:
    """The judgement on the whole stream at once: NUL, a blank line, a CR not followed by LF, a misplaced quote."""
    return (
        b"\x00" in data
        or b"\n\n" in data
        or b"\n\r\n" in data
        or data.count(b"\r") != data.count(b"\r\n")
        or not quotes_by_states(data)
    )


streams = st.lists(st.sampled_from([b"a", b",", b"\n", b"\r", b"\r\n", b"\x00", b'"', b"xyz"]), max_size=40).map(
    b"".join
)


@given(data=streams, cuts=st.lists(st.integers(min_value=0, max_value=60), max_size=8))
def test_blocks_are_judged_as_the_whole_stream(data: bytes, cuts: list[int]) -> None:
    scan = ByteScan(want_hash=True)
    bounds = sorted({0, len(data), *(c for c in cuts if c <= len(data))})
    for start, end in pairwise(bounds):
        scan.update(data[start:end])
    scan.finish()
    assert scan.suspicious == whole(data)
    assert scan.size == len(data)


def test_each_sign_across_a_block_boundary() -> None:
    signs = [b"a\n\nb", b"a\n\r\nb", b"a\rb", b"a\x00b", b"a\r", b'a,b"c\n', b'"a" ,b', b' "a",b', b'"a"x', b'x,"a']
    for data in signs:
        for cut in range(1, len(data)):
            scan = ByteScan(want_hash=False)
            scan.update(data[:cut])
            scan.update(data[cut:])
            scan.finish()
            assert scan.suspicious, (data, cut)
    scan = ByteScan(want_hash=False)
    scan.update(b"a,b\r")
    scan.update(b"\nc,d\r\n")
    scan.finish()
    assert not scan.suspicious


quoted = st.lists(st.sampled_from([b"a", b",", b"\n", b"\r\n", b'"', b" ", b'""']), max_size=30).map(b"".join)


@given(data=quoted, cuts=st.lists(st.integers(min_value=0, max_value=40), max_size=8))
def test_quotes_are_judged_as_the_whole_stream_wherever_the_blocks_split(data: bytes, cuts: list[int]) -> None:
    scan = ByteScan(want_hash=False)
    for start, end in pairwise(sorted({0, len(data), *(c for c in cuts if c <= len(data))})):
        scan.update(data[start:end])
    scan.finish()
    assert scan.suspicious == whole(data)


def test_a_quoted_cell_longer_than_a_record_is_a_sign_without_holding_it() -> None:
    scan = ByteScan(want_hash=False)
    scan.update(b'a,"')
    block = b"x" * (1 << 20)
    for _ in range(15):
        scan.update(block)
    assert not scan.suspicious  # an open quoted cell of 15 MiB: still judged
    for _ in range(2):
        scan.update(block)
    assert scan.suspicious  # past the longest record: a sign, and the cell is not kept growing
    scan.update(block)
    assert len(scan._carry) < 17 << 20
