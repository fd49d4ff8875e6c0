"""Time `indojp-data release` end to end (process start to verified zip), beside frictionless' own check.

Target: release under 2 s on a 2-core machine. Each command runs in a fresh process, as a user runs it;
the figures are medians of N runs. The peer row times `frictionless validate` of the same package, the
slowest single step a release could delegate to the reference implementation.

Usage: python benchmarks/release_speed.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as out:
        ours = timed([str(BIN / "indojp-data"), "release", "--out", out], runs)
    startup = timed([str(BIN / "indojp-data"), "--help"], runs)
    peer = timed([str(BIN / "frictionless"), "validate", "datapackage/datapackage.json"], runs)
    rows = [
        ("indojp-data release (build, zip, verify)", ours),
        ("indojp-data --help (start-up)", startup),
        ("frictionless validate datapackage.json", peer),
    ]
    print(f"{'command':45} {'median s':>9} {'min s':>7} {'max s':>7}   runs={runs}")
    for name, values in rows:
        print(f"{name:45} {statistics.median(values):9.3f} {min(values):7.3f} {max(values):7.3f}")
    ratio = statistics.median(peer) / statistics.median(ours)
    print(
        f"release median vs 2 s target: {'OK' if statistics.median(ours) < 2 else 'OVER'}; "
        f"frictionless validate / release = {ratio:.2f}x"
    )


if __name__ == "__main__":
    main()
