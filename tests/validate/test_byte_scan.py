"""ByteScan finds the signs the engine would accept silently, wherever the blocks happen to split them."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from indojp_data.validate.csvfile import ByteScan


def whole(data: bytes) -> bool:
    """The judgement on the whole stream at once: NUL, a blank line, or a CR not followed by LF."""
    return b"\x00" in data or b"\n\n" in data or b"\n\r\n" in data or data.count(b"\r") != data.count(b"\r\n")


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
    for data in [b"a\n\nb", b"a\n\r\nb", b"a\rb", b"a\x00b", b"a\r"]:
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


spaced = st.lists(st.sampled_from([b"a", b",", b"\n", b'"', b" ", b"  ", b'""']), max_size=30).map(b"".join)


@given(data=spaced, cuts=st.lists(st.integers(min_value=0, max_value=40), max_size=8))
def test_spaces_beside_a_quote_are_found_across_blocks(data: bytes, cuts: list[int]) -> None:
    at_once = ByteScan(want_hash=False)
    at_once.update(data)
    at_once.finish()
    signs = re.search(rb'[,\n] +"|" +([",\r\n]|$)', data)
    assert at_once.suspicious == (bool(signs) or whole(data))
    scan = ByteScan(want_hash=False)
    for start, end in pairwise(sorted({0, len(data), *(c for c in cuts if c <= len(data))})):
        scan.update(data[start:end])
    scan.finish()
    assert scan.suspicious or not at_once.suspicious  # a split never hides a sign
