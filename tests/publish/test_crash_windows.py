"""A kill at any instant of `build` or `release` leaves a complete old or new output, and the next run recovers.

A kill is simulated by raising a BaseException (which the writers' clean-up handlers, written for ordinary
errors, do not catch, as a real SIGKILL runs none) at the k-th file-system step, for every k.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from indojp_data.publish import build
from indojp_data.publish.build import output_dirs
from indojp_data.release import make as release
from tests.conftest import REPO

pytestmark = pytest.mark.integration  # a build and a release killed at every step: slow


class Killed(BaseException):
    """The process died here."""


_STEPS = ("rename", "replace", "unlink", "rmdir", "mkdir", "fsync", "chmod")


@contextmanager
def kill_at(step: int | None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count file-system steps (and file writes, killed half-way); die at step number ``step``."""
    count = [0]

    def tick() -> None:
        count[0] += 1
        if count[0] == step:
            raise Killed

    def wrap(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            tick()
            return real(*args, **kwargs)

        return wrapped

    real_write = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        count[0] += 1
        if count[0] == step:
            real_write(self, data[: len(data) // 2])  # a torn file
            raise Killed
        return real_write(self, data)

    with monkeypatch.context() as patch:
        for name in _STEPS:
            patch.setattr(os, name, wrap(getattr(os, name)))
        patch.setattr(Path, "write_bytes", write_bytes)
        yield count


def _files(tag: str) -> dict[str, bytes]:
    schema, package = output_dirs()
    return {
        f"{schema}/dataset.schema.json": f"schema {tag}".encode(),
        f"{schema}/tables/a.json": f"table {tag}".encode(),
        f"{package}/datapackage.json": f"descriptor {tag}".encode(),
        f"{package}/data/a.csv": f"rows {tag}".encode(),
        f"{package}/data/{tag}.csv": b"only in " + tag.encode(),
    }


def _tree(directory: Path) -> dict[str, bytes] | None:
    if not directory.is_dir():
        return None
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def _expected(files: dict[str, bytes], directory: str) -> dict[str, bytes]:
    return {path[len(directory) + 1 :]: data for path, data in files.items() if path.startswith(directory + "/")}


def _leftovers(root: Path) -> list[str]:
    found = []
    for directory in output_dirs():
        parent = (root / directory).parent
        found += [p.name for p in parent.glob(f".{Path(directory).name}.*")]
    return found


def test_build_killed_at_every_step_keeps_a_complete_tree_and_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _files("old"), _files("new")
    with kill_at(None, monkeypatch) as count:
        build.write(tmp_path / "probe", new)
    build.write(tmp_path / "probe", new)  # a second run also removes the previous copy
    total = count[0] + 20  # every step of a first build, and some more of an over-write
    for step in range(1, total + 1):
        root = tmp_path / str(step)
        build.write(root, old)
        with kill_at(step, monkeypatch), suppress(Killed):
            build.write(root, new)
        for directory in output_dirs():
            destination = root / directory
            complete = {"old": _expected(old, directory), "new": _expected(new, directory)}
            here = _tree(destination)
            if here is None:  # only between two renames; both complete copies are beside it
                ready = _tree(destination.with_name(f".{destination.name}.ready"))
                previous = _tree(destination.with_name(f".{destination.name}.old"))
                assert ready == complete["new"] or previous == complete["old"], (step, directory)
            else:
                assert here in complete.values(), (step, directory)
        build.recover(root)
        for directory in output_dirs():
            assert _tree(root / directory) in (_expected(old, directory), _expected(new, directory)), step
        assert _leftovers(root) == [], step
        build.write(root, new)
        for directory in output_dirs():
            assert _tree(root / directory) == _expected(new, directory), step
        assert _leftovers(root) == [], step
        shutil.rmtree(root)


def test_build_removes_staging_directories_left_by_older_versions(tmp_path: Path) -> None:
    new = _files("new")
    _schema, package = output_dirs()
    (tmp_path / package).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / f".{package}.k2j3h4").mkdir()
    (tmp_path / f".{package}.old").mkdir()
    (tmp_path / f".{package}.old" / "x").write_text("x")
    build.write(tmp_path, new)
    assert _leftovers(tmp_path) == []


def test_release_killed_at_every_step_keeps_the_previous_zip_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    side_names = release.side_files()[:3]  # Parquet zip, SQLite database, Datasette metadata
    monkeypatch.setattr(release, "verify_release", lambda path: None)  # checked in test_release; slow here
    # The other formats' content is checked in their own tests; here only how each file is written matters.
    monkeypatch.setattr(release, "format_files", lambda bundle: {name: name.encode() for name in side_names})
    out = tmp_path / "dist"
    first = release.make_release(REPO, out)
    previous = first.read_bytes()
    (out / ".indojp-data-0.0.9.zip.abc123").write_bytes(b"left by a killed run")
    with kill_at(None, monkeypatch) as count:
        release.make_release(REPO, out)
    total = count[0]
    assert total >= 3
    for step in range(1, total + 1):
        with kill_at(step, monkeypatch), suppress(Killed):
            release.make_release(REPO, out)
        assert first.read_bytes() == previous, step  # never a partial zip
        release.make_release(REPO, out)
        assert sorted(p.name for p in out.iterdir()) == sorted([first.name, *release.side_files()]), step
