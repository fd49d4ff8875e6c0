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
from tests.validate.test_validate import PACKAGE

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
