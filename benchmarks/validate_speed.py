"""Validation at scale: `indojp-data validate` against `frictionless validate` on the same grown packages.

For each case, a copy of the published package is grown so that one resource has N rows (honest bytes
and hash in the descriptor, every row valid, so both validators must read everything and say "valid"):

* `media_assets`, the widest table (23 fields: patterns, enums, lengths, a date, a boolean, a key);
* `citations`, the longest table in practice (a composite primary key, enums, bounded integers, and a
  foreign key to the source's references).

Each validator runs in a fresh process, the two alternating (A B A B ...), RUNS times each; the script
prints the median wall time, the peak RSS (max RSS of the validating process), the exit codes and the
ratio of medians. Rows past 1M (e.g. 10M) run ours only: frictionless would take tens of minutes.
It also times `indojp-data --help` and both validators on the small shipped package.

Targets (issue 8): at 1M rows, >= 25x frictionless and <= 150 MB for both tables; at 10M rows <= 150 MB
and at most 12x our 1M time; `--help` <= 0.15 s; the shipped package in at most half frictionless's time.

Our package is byte-compiled first, as ``pip install`` does: an editable checkout run with
``PYTHONDONTWRITEBYTECODE`` set would compile every module on every run (the peer's are compiled).

Usage: python benchmarks/validate_speed.py [--rows 1000000] [--big-rows 10000000] [--runs 3] [--skip-peer]
       [--packages DIR]  (keep the grown packages in DIR, and reuse those already there)
       [--tables media_assets citations]  (the grown tables to measure: both by default)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "d = time.perf_counter() - t; print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
)


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _citations(header: list[str], rows: list[list[str]], count: int) -> Iterator[list[str]]:
    """Rows about real records (so every reference resolves), positions counting up per record."""
    records = sorted({(r[0], r[1]) for r in rows})
    references = sorted({r[3] for r in rows if r[3]})
    for i in range(count):
        table, record = records[i % len(records)]
        reference = "" if i % 3 == 0 else references[i % len(references)]
        yield [table, record, str(1000 + i // len(records)), reference, f'passage number {i}, quoted "here"']


def _media_assets(header: list[str], rows: list[list[str]], count: int) -> Iterator[list[str]]:
    """The real row first (other tables refer to it), then copies with their own id and shorter text.

    Text cells are cut to 40 characters (addresses keep their scheme), so a row is about 500 bytes, and
    every cell still meets its field's rules.
    """
    first = rows[0]
    yield first
    for i in range(count - 1):
        row = [cell if len(cell) <= 40 else cell[:40].rstrip() for cell in first]
        row[0] = f"asset-{i}"
        for column, name in enumerate(header):
            if name in ("title", "alt_text", "credit_line"):
                row[column] = f"{row[column]} {i}"
        yield row


GROW = {"citations": _citations, "media_assets": _media_assets}


def make_package(target: Path, resource: str, count: int) -> int:
    """Copy the shipped package to ``target`` with ``resource`` grown to ``count`` rows; return its bytes."""
    shutil.copytree(ROOT / "datapackage", target)
    path = target / "data" / f"{resource}.csv"
    header, rows = _read(path)
    digest = hashlib.sha256()
    size = 0
    with path.open("wb") as handle:
        for batch in _batches([header, *GROW[resource](header, rows, count)]):
            data = batch.encode("utf-8")
            handle.write(data)
            digest.update(data)
            size += len(data)
    descriptor_path = target / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for entry in descriptor["resources"]:
        if entry["name"] == resource:
            entry["bytes"], entry["hash"] = size, "sha256:" + digest.hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return size


def _batches(rows: Iterator[list[str]] | list[list[str]], size: int = 50_000) -> Iterator[str]:
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % size == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one run of ``command`` in a fresh process."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    seconds, kib, code = out.stdout.split()
    return float(seconds), int(kib) / 1024, int(code)


def compare(commands: dict[str, list[str]], runs: int) -> dict[str, list[tuple[float, float, int]]]:
    """Run the commands alternately, ``runs`` times each."""
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(measure(command))
    return results


def report(case: str, results: dict[str, list[tuple[float, float, int]]]) -> dict[str, float]:
    medians = {}
    for name, runs in results.items():
        times = [t for t, _, _ in runs]
        peak = max(p for _, p, _ in runs)
        codes = sorted({c for _, _, c in runs})
        medians[name] = statistics.median(times)
        print(
            f"{case:28} {name:22} median {medians[name]:8.2f} s  min {min(times):8.2f} s"
            f"  peak {peak:7.1f} MB  exit {codes}"
        )
    if len(medians) == 2:
        ours, peer = medians["indojp-data validate"], medians["frictionless validate"]
        print(f"{case:28} {'ratio (peer / ours)':22} {peer / ours:8.1f}x")
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--big-rows", type=int, default=10_000_000, help="0 to skip")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-peer", action="store_true", help="time ours only")
    parser.add_argument("--packages", type=Path, help="keep the grown packages here, and reuse them")
    parser.add_argument(
        "--tables", nargs="+", choices=("media_assets", "citations"), default=["media_assets", "citations"]
    )
    args = parser.parse_args()
    import indojp_data

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(indojp_data.__file__).parent)], check=True)
    ours = [str(BIN / "indojp-data"), "validate"]
    peer = [str(BIN / "frictionless"), "validate"]
    print(f"runs={args.runs}; each figure is one whole process; machine: {sys.platform}")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.packages or Path(scratch)
        shipped = ROOT / "datapackage"
        small = {"indojp-data validate": [*ours, str(shipped)]}
        if not args.skip_peer:
            small["frictionless validate"] = [*peer, str(shipped / "datapackage.json")]
        report("shipped package", compare(small, max(args.runs, 5)))
        help_runs = [measure([str(BIN / "indojp-data"), "--help"])[0] for _ in range(7)]
        print(f"{'indojp-data --help':28} {'':22} median {statistics.median(help_runs):8.3f} s")
        for resource in args.tables:
            one_m = 0.0
            for rows in (args.rows, args.big_rows):
                if not rows:
                    continue
                package = Path(tmp) / f"{resource}-{rows}"
                start = time.perf_counter()
                case = f"{resource}, {rows:,} rows"
                complete = package / ".complete"
                if complete.exists():
                    size = int(complete.read_text())
                    print(f"\n{case}: {size / 1e6:.0f} MB, reused from {package}")
                else:
                    shutil.rmtree(package, ignore_errors=True)
                    size = make_package(package, resource, rows)
                    print(f"\n{case}: {size / 1e6:.0f} MB, generated in {time.perf_counter() - start:.0f} s")
                commands = {"indojp-data validate": [*ours, str(package)]}
                if rows == args.rows and not args.skip_peer:
                    commands["frictionless validate"] = [*peer, str(package / "datapackage.json")]
                medians = report(case, compare(commands, args.runs))
                if rows == args.rows:
                    one_m = medians["indojp-data validate"]
                elif one_m:
                    print(f"{case:28} {'time / 1M-row time':22} {medians['indojp-data validate'] / one_m:8.1f}x")
                if args.packages:
                    complete.write_text(str(size))
                else:
                    shutil.rmtree(package)


if __name__ == "__main__":
    main()
