"""The validator within bounds: memory on hostile files, and running out of it ends in one clean message (issue 19)."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from indojp_data.validate import csvfile, validate
from tests.validate.test_validate import PACKAGE, rehash

CLI = [sys.executable, "-c", "from indojp_data.cli import run; run()"]


def _limited(kib: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (kib * 1024, kib * 1024))


@pytest.mark.parametrize("kib", [1_000_000, 800_000, 300_000])
def test_a_memory_limit_ends_in_a_verdict_or_one_clean_message(kib: int) -> None:
    done = subprocess.run(
        [*CLI, "validate", str(PACKAGE)], capture_output=True, text=True, preexec_fn=lambda: _limited(kib), timeout=120
    )
    assert "Traceback" not in done.stderr + done.stdout and "ABORT" not in done.stderr, done.stderr
    assert done.returncode in (0, 2), (done.returncode, done.stderr)
    if done.returncode == 2:
        assert "out of memory" in (done.stdout + done.stderr).lower()


def test_a_thread_that_cannot_start_leaves_the_work_to_the_main_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(PACKAGE, package)
    monkeypatch.setattr(csvfile, "THREAD_BYTES", 0)  # every file would be scanned in a thread

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    assert validate(package).exit_code == 0
    (package / "data" / "countries.csv").write_bytes(b"code,name\r\nIN,India\r\n")
    assert {p.rule for p in validate(package).problems} >= {"bytes", "hash"}  # the scans ran, here


def _peak_mb_and_rules(package: Path) -> tuple[int, set[tuple[str, int | None]]]:
    """Validate in a fresh process; return its peak RSS (VmHWM, MB) and the (rule, line) of its errors."""
    probe = (
        "import re, sys; from indojp_data.validate import validate; r = validate(sys.argv[1]); "
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
        "print(int(peak) // 1024); [print(p.rule, p.line) for p in r.problems if p.severity == 'error']"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(package)], capture_output=True, text=True, check=True)
    peak, *problems = out.stdout.splitlines()
    return int(peak), {(rule, None if line == "None" else int(line)) for rule, line in map(str.split, problems)}


@pytest.mark.parametrize(
    "line",
    [b"," * 6_000_000, b"," * 15_000_000, b"ab," * 5_000_000, b"IN," + b'"x",' * 3_000_000, b"ab," * 17_000_000],
    ids=["6M empty cells", "15M empty cells", "5M short cells", "3M quoted cells", "a 51 MB line"],
)
def test_a_line_of_millions_of_cells_is_named_within_the_memory_bound(tmp_path: Path, line: bytes) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(PACKAGE, package)
    with (package / "data" / "countries.csv").open("ab") as stream:
        stream.write(line + b"\r\n")
    peak, problems = _peak_mb_and_rules(package)
    assert peak <= 500, f"peak RSS {peak} MB"
    assert problems & {("row-length", 4), ("too-large", 4)}, problems


@pytest.mark.parametrize("table", ["unknowns", "media_assets"])
def test_560_cells_of_a_megabyte_stay_within_the_memory_bound(tmp_path: Path, table: str) -> None:
    # unknowns: 560 rows, each with one 1 MB reason; media_assets: 47 rows of 12 cells of 1 MB, and 11
    # short ones (the cells break their rules: every one is counted, the first are located).
    package = tmp_path / "pkg"
    shutil.copytree(PACKAGE, package)
    path = package / "data" / f"{table}.csv"
    header = path.read_bytes().split(b"\r\n", 1)[0].split(b",")
    if table == "unknowns":
        first = path.read_bytes().split(b"\r\n")[1]
        rows = [first.replace(b",title,", b",field_" + str(i).encode() + b",") for i in range(560)]
        rows = [row.rsplit(b",", 1)[0] + b",x" + b"y" * 999_999 for row in rows]
    else:
        rows = [b",".join(b"%dx%s" % (i, b"x" * 999_998 * (n < 12)) for n in range(len(header))) for i in range(47)]
    with path.open("ab") as stream:
        stream.write(b"".join(row + b"\r\n" for row in rows))
    rehash(package)
    peak, problems = _peak_mb_and_rules(package)
    assert peak <= 500, f"peak RSS {peak} MB"
    rules = {rule for rule, _ in problems}
    assert not rules & {"csv-syntax", "row-length", "too-large", "out-of-memory"}, problems
    # Records of 12 MB do not fit the engine's memory limit: it says so (exit 2), within the bound.
    assert "engine" not in rules or table == "media_assets", problems


def test_the_exact_reader_stops_at_a_record_of_too_many_cells_but_not_at_quoted_commas() -> None:
    import io

    from indojp_data.core.problems import InputError, ProblemCollector
    from indojp_data.validate.csv_reader import iter_csv
    from indojp_data.validate.csvfile import MAX_RECORD_CELLS

    def read(body: bytes) -> list[list[str]]:
        reader = iter_csv(io.BytesIO(body), source="t.csv", problems=ProblemCollector())
        return reader.read_chunk(10)[1]

    commas = "," * MAX_RECORD_CELLS
    assert read(f'a,b\r\n"{commas}",x\r\n"x\r\n{commas}",y\r\n'.encode()) == [[commas, "x"], [f"x\r\n{commas}", "y"]]
    with pytest.raises(InputError) as info:
        read(f"a,b\r\nc,d\r\n{commas}\r\n".encode())
    assert (info.value.problem.rule, info.value.problem.line) == ("too-large", 3)
