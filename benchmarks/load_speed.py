"""What a Python user gets from `pip install indojp-data`: the size it adds, and how fast `load()` starts.

Builds the wheel of this checkout, installs it into a fresh virtual environment (its runtime dependencies
from the package index, no extras), and prints:

* the size the install adds to site-packages, against a bare virtual environment (target: at most 30 MB);
* the wall time of fresh processes in that environment, each beside a bare interpreter (`python -c pass`):
  `import indojp_data` (target: at most 0.05 s) and `import indojp_data; indojp_data.load()` (target: at
  most 0.15 s). The three commands run in turn, N times each; the figures are medians, with min and max.

Usage: python benchmarks/load_speed.py [N] [--python PYTHON]
  --python: time that interpreter (which has indojp-data installed) instead of building a fresh environment.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "python -c pass (bare interpreter)": "pass",
    "import indojp_data": "import indojp_data",
    "import indojp_data; indojp_data.load()": "import indojp_data; indojp_data.load()",
}
TARGETS = {"import indojp_data": 0.05, "import indojp_data; indojp_data.load()": 0.15}
SIZE_TARGET_MB = 30
# A user's environment writes bytecode; pip compiles the installed modules either way.
ENV = {k: v for k, v in os.environ.items() if k not in {"PYTHONDONTWRITEBYTECODE", "PYTHONPATH"}}


def site_packages(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(subprocess.run([python, "-c", code], check=True, capture_output=True, text=True).stdout.strip())


def size_mb(directory: Path) -> tuple[float, float]:
    """Return the apparent size and the disk usage of every file below ``directory``, in MB (10^6 bytes)."""
    apparent = used = 0
    for path in directory.rglob("*"):
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            apparent += stat.st_size
            used += stat.st_blocks * 512
    return apparent / 1e6, used / 1e6


def fresh_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, env=ENV)
    return where / "bin" / "python"


def install(work: Path) -> Path:
    """Build the wheel, install it into a fresh environment, print the size it adds; return its python."""
    wheels = work / "wheels"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels)]
    subprocess.run([*command, str(ROOT)], check=True, env=ENV)
    (wheel,) = wheels.glob("indojp_data-*.whl")
    bare = site_packages(fresh_venv(work / "bare"))
    python = fresh_venv(work / "user")
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True, env=ENV)
    installed = site_packages(python)
    (bare_apparent, bare_used), (apparent, used) = size_mb(bare), size_mb(installed)
    listed = subprocess.run([python, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, env=ENV)
    print(f"installed: {wheel.name} with {', '.join(listed.stdout.split())}")
    print(
        f"site-packages: bare venv {bare_used:.1f} MB, with indojp-data {used:.1f} MB on disk "
        f"({apparent:.1f} MB of file contents)"
    )
    added = used - bare_used
    verdict = "OK" if added <= SIZE_TARGET_MB else "OVER"
    print(f"added by pip install indojp-data: {added:.1f} MB on disk ({apparent - bare_apparent:.1f} MB of contents)")
    print(f"  target <= {SIZE_TARGET_MB} MB: {verdict}\n")
    return python


def timed(python: Path, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for code in COMMANDS.values():  # once each, unmeasured: the first run reads files from disk
        subprocess.run([python, "-c", code], check=True, env=ENV, cwd=tempfile.gettempdir())
    for _ in range(runs):
        for name, code in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run([python, "-c", code], check=True, env=ENV, cwd=tempfile.gettempdir())
            times[name].append(time.perf_counter() - start)
    return times


def report(times: dict[str, list[float]], runs: int) -> None:
    bare = statistics.median(times["python -c pass (bare interpreter)"])
    print(f"{'fresh process':42} {'median s':>9} {'min s':>7} {'max s':>7} {'- bare s':>9}   runs={runs}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:42} {median:9.3f} {min(values):7.3f} {max(values):7.3f} {median - bare:9.3f}")
    for name, target in TARGETS.items():
        median = statistics.median(times[name])
        print(f"{name}: median {median:.3f} s, target <= {target} s: {'OK' if median <= target else 'OVER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=15)
    parser.add_argument("--python", type=Path, help="an interpreter with indojp-data installed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        python = args.python or install(Path(work))
        report(timed(python, args.runs), args.runs)


if __name__ == "__main__":
    main()
