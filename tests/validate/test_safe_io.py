import io
import os
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from indojp_data.core.problems import InputError, Problem
from indojp_data.core.safe_io import (
    RATIO_CHECK_MIN_BYTES,
    SafeZip,
    _Budget,
    _MemberReader,
    check_resource_path,
    open_input,
    open_zip_safely,
    read_input,
)
from indojp_data.validate.csv_reader import iter_csv

# -- check_resource_path -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["data/commitments.csv", "a.csv", "data/..hidden/a.csv", "data/a..b.csv", "日本/データ.csv"],
)
def test_safe_resource_paths(path: str) -> None:
    assert check_resource_path(path) is None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("", "empty"),
        ("/etc/passwd", "absolute"),
        ("//server/share/a.csv", "absolute"),
        ("C:/data/a.csv", "drive"),
        ("c:a.csv", "drive"),
        ("C:\\data\\a.csv", "backslash"),
        ("\\\\server\\share\\a.csv", "backslash"),
        ("data\\a.csv", "backslash"),
        ("..", "'..'"),
        ("../secret.csv", "'..'"),
        ("data/../../secret.csv", "'..'"),
        ("data/..", "'..'"),
        ("https://example.org/a.csv", "URL"),
        ("file:///etc/passwd", "URL"),
        ("s3+x://bucket/a.csv", "URL"),
        ("data/a\x00.csv", "control"),
        ("data/a\n.csv", "control"),
        ("data/a.csv:stream", "':'"),
        # A file system reads each of these as data/a.csv; a zip and the Data Package profile do not.
        ("data/a.csv/", "segment"),
        ("data//a.csv", "segment"),
        ("data/./a.csv", "segment"),
        ("./data/a.csv", "segment"),
        ("data/a.csv/.", "segment"),
    ],
)
def test_unsafe_resource_paths(path: str, reason: str) -> None:
    result = check_resource_path(path)
    assert result is not None
    assert reason in result


def test_non_string_resource_path() -> None:
    assert check_resource_path(["a.csv"]) == "the path is not a string"  # type: ignore[arg-type]


# -- local files -------------------------------------------------------------------------


def _input_error(fn: object, *args: object, **kwargs: object) -> Problem:
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)  # type: ignore[operator]
    return info.value.problem


def test_open_input_reads_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"a\n")
    with open_input(path) as f:
        assert f.read() == b"a\n"


def test_open_input_missing_file(tmp_path: Path) -> None:
    p = _input_error(open_input, tmp_path / "nope.csv", source="nope.csv")
    assert (p.rule, p.file) == ("not-found", "nope.csv")


def test_open_input_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert _input_error(open_input, tmp_path / "f" / "a.csv").rule == "not-found"


def test_open_input_path_with_nul(tmp_path: Path) -> None:
    assert _input_error(open_input, f"{tmp_path}/a\x00.csv").rule == "not-found"


def test_open_input_directory(tmp_path: Path) -> None:
    p = _input_error(open_input, tmp_path)
    assert p.rule == "unreadable"
    assert "directory" in p.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_open_input_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    p = _input_error(open_input, fifo)
    assert p.rule == "unreadable"
    assert "regular file" in p.message


def test_open_input_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root here, which can read a chmod-000 file; so make open() fail the way it does for others.
    path = tmp_path / "secret.csv"
    path.write_text("a\n")
    import builtins

    real_open = builtins.open

    def denied(file: object, *args: object, **kwargs: object) -> object:
        if file == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", denied)
    problem = _input_error(open_input, path)
    assert problem.rule == "unreadable" and "Permission denied" in problem.message


def test_read_input_within_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 10)
    assert read_input(path, max_bytes=10) == b"x" * 10


def test_read_input_too_large(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 11)
    p = _input_error(read_input, path, max_bytes=10)
    assert p.rule == "too-large"


def test_read_input_missing(tmp_path: Path) -> None:
    assert _input_error(read_input, tmp_path / "x", max_bytes=10).rule == "not-found"


# -- zip archives: helpers ---------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _patch_name(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite a member name in both the local and the central header (same length)."""
    assert len(old) == len(new)
    data = path.read_bytes()
    assert data.count(old) == 2
    path.write_bytes(data.replace(old, new))


def _unsafe(path: Path, **kwargs: object) -> Problem:
    p = _input_error(open_zip_safely, path, **kwargs)
    assert p.rule == "unsafe-archive", p
    return p


# -- zip archives: accepted --------------------------------------------------------------


def test_zip_good_archive_lists_and_reads_members(tmp_path: Path) -> None:
    path = _zip(tmp_path / "dp.zip", {"dp/datapackage.json": b"{}", "dp/data.csv": b"a,b\n1,2\n", "dp/": b""})
    with open_zip_safely(path) as z:
        assert isinstance(z, SafeZip)
        assert z.names == ("dp/datapackage.json", "dp/data.csv")
        assert "dp/data.csv" in z
        assert list(z) == list(z.names)
        with z.open("dp/data.csv") as f:
            assert f.read() == b"a,b\n1,2\n"


def test_zip_member_streams_into_csv_reader(tmp_path: Path) -> None:
    path = _zip(tmp_path / "dp.zip", {"data.csv": b'a,b\n1,"x\ny"\n3\n4,5\n'})
    with open_zip_safely(path, source="dp.zip") as z, z.open("data.csv") as f:
        reader = iter_csv(f, source=z.source_for("data.csv"))
        lines, values = reader.read_chunk(100)
        rows = list(zip(lines, values, strict=True))
    assert rows == [(2, ["1", "x\ny"]), (5, ["4", "5"])]
    (p,) = reader.problems.report().problems
    assert (p.file, p.rule, p.line) == ("dp.zip!data.csv", "row-length", 4)


def test_zip_small_highly_compressible_member_is_accepted(tmp_path: Path) -> None:
    path = _zip(tmp_path / "ok.zip", {"zeros.csv": b"0" * RATIO_CHECK_MIN_BYTES})
    with open_zip_safely(path) as z, z.open("zeros.csv") as f:
        assert len(f.read()) == RATIO_CHECK_MIN_BYTES


# -- zip archives: refused, one test per case --------------------------------------------


def test_zip_dot_dot_member(tmp_path: Path) -> None:
    p = _unsafe(_zip(tmp_path / "evil.zip", {"../evil": b"x"}))
    assert p.file == f"{tmp_path / 'evil.zip'}!../evil"
    assert "'..'" in p.message


def test_zip_nested_dot_dot_member(tmp_path: Path) -> None:
    _unsafe(_zip(tmp_path / "evil.zip", {"data/../../evil": b"x"}))


def test_zip_absolute_member(tmp_path: Path) -> None:
    path = _zip(tmp_path / "abs.zip", {"Xetc/passwd": b"x"})
    _patch_name(path, b"Xetc/passwd", b"/etc/passwd")  # zipfile itself strips a leading '/'
    assert "absolute" in _unsafe(path).message


def test_zip_backslash_member(tmp_path: Path) -> None:
    assert "backslash" in _unsafe(_zip(tmp_path / "bs.zip", {"..\\..\\evil": b"x"})).message


def test_zip_drive_letter_member(tmp_path: Path) -> None:
    path = _zip(tmp_path / "drive.zip", {"CX/evil": b"x"})
    _patch_name(path, b"CX/evil", b"C:/evil")
    assert "drive" in _unsafe(path).message


def test_zip_nul_in_member_name(tmp_path: Path) -> None:
    path = _zip(tmp_path / "nul.zip", {"aXb.csv": b"x"})
    _patch_name(path, b"aXb.csv", b"a\x00b.csv")
    assert "control character" in _unsafe(path).message


def test_zip_symlink_member(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("link.csv")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(info, "/etc/passwd")
    assert "symbolic link" in _unsafe(path).message


def test_zip_special_file_member(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("fifo")
    info.create_system = 3
    info.external_attr = (stat.S_IFIFO | 0o644) << 16
    path = tmp_path / "fifo.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(info, "")
    assert "special file" in _unsafe(path).message


def test_zip_duplicate_member_names(tmp_path: Path) -> None:
    path = tmp_path / "dup.zip"
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "w") as z:
        z.writestr("a.csv", "1")
        z.writestr("a.csv", "2")
    assert "two entries" in _unsafe(path).message


def test_zip_member_names_differing_only_in_case(tmp_path: Path) -> None:
    _unsafe(_zip(tmp_path / "case.zip", {"Data.csv": b"1", "data.csv": b"2"}))


def test_zip_member_names_differing_only_in_dot_segments(tmp_path: Path) -> None:
    _unsafe(_zip(tmp_path / "dots.zip", {"a/b.csv": b"1", "a/./b.csv": b"2"}))


def test_zip_too_many_members(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.zip", {f"{i}.csv": b"" for i in range(11)})
    assert "11 entries" in _unsafe(path, max_members=10).message


def test_zip_member_declares_too_many_bytes(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.zip", {"a.csv": b"x" * 1000}, zipfile.ZIP_STORED)
    assert "1000 bytes" in _unsafe(path, max_member_bytes=999).message


def test_zip_total_declared_size_too_large(tmp_path: Path) -> None:
    path = _zip(tmp_path / "total.zip", {"a.csv": b"x" * 600, "b.csv": b"y" * 600}, zipfile.ZIP_STORED)
    assert "in total" in _unsafe(path, max_total_uncompressed=1000).message


def test_zip_decompression_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("bomb.csv", "w") as f:
        block = b"\0" * (1 << 20)
        for _ in range(64):  # 64 MiB of zeros deflate to ~64 KiB
            f.write(block)
    assert path.stat().st_size < 200_000
    p = _unsafe(path)
    assert "decompression bomb" in p.message


def test_zip_member_lying_about_its_size_is_stopped(tmp_path: Path) -> None:
    path = _zip(tmp_path / "lie.zip", {"big.csv": b"\0" * (4 << 20)})
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, central + 24, 100)  # declared uncompressed size
    struct.pack_into("<I", data, local + 22, 100)
    path.write_bytes(bytes(data))
    with open_zip_safely(path) as z, z.open("big.csv") as f, pytest.raises(InputError) as info:
        while f.read(65536):
            pass
    assert info.value.problem.rule in ("corrupt-archive", "unsafe-archive")


def test_member_reader_stops_at_declared_size() -> None:
    # The inner stream produces more than declared: the limit must hold on its own,
    # whatever zipfile does.
    raw = _MemberReader(io.BytesIO(b"x" * 1000), source="a.zip!m", limit=100, budget=_Budget(10**9))
    stream = io.BufferedReader(raw, buffer_size=16)
    with pytest.raises(InputError) as info:
        stream.read()
    assert (info.value.problem.rule, info.value.problem.file) == ("unsafe-archive", "a.zip!m")


def test_member_reader_allows_exactly_declared_size() -> None:
    raw = _MemberReader(io.BytesIO(b"x" * 100), source="a.zip!m", limit=100, budget=_Budget(10**9))
    assert io.BufferedReader(raw, buffer_size=16).read() == b"x" * 100


def test_total_read_budget_is_enforced_across_members() -> None:
    budget = _Budget(150)
    first = _MemberReader(io.BytesIO(b"x" * 100), source="a.zip!1", limit=100, budget=budget)
    assert first.read() == b"x" * 100
    second = _MemberReader(io.BytesIO(b"y" * 100), source="a.zip!2", limit=100, budget=budget)
    with pytest.raises(InputError) as info:
        second.read()
    assert "in total" in info.value.problem.message


def test_zip_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(b"a,b\n1,2\n")
    assert _input_error(open_zip_safely, path).rule == "not-a-zip"


def test_zip_empty_file_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(b"")
    assert _input_error(open_zip_safely, path).rule == "not-a-zip"


def test_zip_truncated_archive_is_corrupt(tmp_path: Path) -> None:
    path = _zip(tmp_path / "t.zip", {"a.csv": b"a\n" * 100})
    path.write_bytes(path.read_bytes()[:-30])
    assert _input_error(open_zip_safely, path).rule == "corrupt-archive"


def test_zip_damaged_member_data_is_corrupt(tmp_path: Path) -> None:
    path = _zip(tmp_path / "d.zip", {"a.csv": b"hello, world\n" * 100})
    data = bytearray(path.read_bytes())
    start = data.find(b"PK\x03\x04") + 30 + len("a.csv")
    for i in range(start, start + 20):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    with open_zip_safely(path) as z, z.open("a.csv") as f, pytest.raises(InputError) as info:
        f.read()
    assert info.value.problem.rule == "corrupt-archive"


def test_zip_missing_archive(tmp_path: Path) -> None:
    assert _input_error(open_zip_safely, tmp_path / "none.zip").rule == "not-found"


def test_zip_directory_instead_of_archive(tmp_path: Path) -> None:
    assert _input_error(open_zip_safely, tmp_path).rule == "unreadable"


def test_zip_open_missing_member(tmp_path: Path) -> None:
    with open_zip_safely(_zip(tmp_path / "a.zip", {"a.csv": b"1"}), source="a.zip") as z:
        p = _input_error(z.open, "b.csv")
    assert (p.rule, p.file) == ("not-found", "a.zip!b.csv")


def test_zip_open_directory_member(tmp_path: Path) -> None:
    with open_zip_safely(_zip(tmp_path / "a.zip", {"d/": b"", "d/a.csv": b"1"})) as z:
        assert _input_error(z.open, "d/").rule == "unreadable"


def test_zip_open_encrypted_member(tmp_path: Path) -> None:
    path = _zip(tmp_path / "enc.zip", {"a.csv": b"1"}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    for offset in (data.find(b"PK\x03\x04") + 6, data.find(b"PK\x01\x02") + 8):
        data[offset] |= 0x1  # general purpose flag: encrypted
    path.write_bytes(bytes(data))
    with open_zip_safely(path) as z:
        p = _input_error(z.open, "a.csv")
    assert p.rule == "unreadable"
    assert "encrypted" in p.message
