"""Validation at scale: `indojp-data validate` against `frictionless validate` on the same package.

Generates a copy of the published package whose `citations` resource has N rows (default 1,000,000),
with honest bytes and hash in the descriptor, then runs both validators on it in one run, each in a
fresh process, and prints median wall time, peak memory (max RSS of the validating process) and the
ratio. Targets: ours at least 4x faster than frictionless; peak memory under 150 MB; `--help` start-up
under 0.15 s.

Usage: python benchmarks/validate_speed.py [ROWS] [RUNS]
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Real (table, record) pairs, so that every generated row refers to a record that exists.
RECORDS = [
    ("sectors", s) for s in ("critical-minerals", "resilient-supply-chains", "advanced-technologies", "clean-energy")
] + [("persons", "narendra-modi"), ("persons", "sanae-takaichi"), ("places", "new-delhi"), ("countries", "IN")]


def make_package(target: Path, rows: int) -> None:
    shutil.copytree(ROOT / "datapackage", target)
    path = target / "data" / "citations.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["table", "record", "position", "reference", "passage"])
        for i in range(rows):
            table, record = RECORDS[i % len(RECORDS)]
            reference = "" if i % 3 == 0 else str(i % 6 + 1)
            position = i // len(RECORDS) + 1
            writer.writerow([table, record, position, reference, f'passage number {i}, quoted "here"'])
    descriptor_path = target / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for entry in descriptor["resources"]:
        if entry["name"] == "citations":
            data = path.read_bytes()
            entry["bytes"], entry["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[1:], capture_output=True); d = time.perf_counter() - t; "
    "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
)


def measure(command: list[str], runs: int) -> tuple[list[float], list[float], set[int]]:
    times, peaks, codes = [], [], set()
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
        seconds, kib, code = out.stdout.split()
        times.append(float(seconds))
        peaks.append(int(kib) / 1024)
        codes.add(int(code))
    return times, peaks, codes


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "pkg"
        start = time.perf_counter()
        make_package(package, rows)
        size = (package / "data" / "citations.csv").stat().st_size
        print(f"generated citations.csv: {rows:,} rows, {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
        results = {
            "indojp-data validate": measure([str(BIN / "indojp-data"), "validate", str(package)], runs),
            "frictionless validate": measure(
                [str(BIN / "frictionless"), "validate", str(package / "datapackage.json")], runs
            ),
        }
    startup = measure([str(BIN / "indojp-data"), "--help"], 7)
    print(f"\n{'validator':24} {'median s':>9} {'min s':>8} {'peak MB':>8} {'exit':>5}   runs={runs}")
    for name, (times, peaks, codes) in results.items():
        print(f"{name:24} {statistics.median(times):9.2f} {min(times):8.2f} {max(peaks):8.1f} {sorted(codes)!s:>5}")
    ours = statistics.median(results["indojp-data validate"][0])
    peer = statistics.median(results["frictionless validate"][0])
    peak = max(results["indojp-data validate"][1])
    print(f"\nspeed-up (frictionless / ours, medians): {peer / ours:.1f}x  (target >= 4x)")
    print(f"our peak memory: {peak:.1f} MB  (target < 150 MB)")
    print(f"indojp-data --help start-up: median {statistics.median(startup[0]):.3f} s  (target < 0.15 s)")


if __name__ == "__main__":
    main()
