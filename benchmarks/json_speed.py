"""JSON parsing at the size limit: `parse_json` on the shipped documents and on hostile 64 MiB ones.

Each case runs in a fresh process (RUNS parses); the script prints the best and median parse time, the
peak RSS of that process (the document itself included) and the outcome (problems, or the fatal rule and
its place). `--loads` times `json.loads` instead, for comparison (valid documents only).

Cases: the shipped `datapackage.json` and `dataset.json`; `records` (64 MiB of quote records), `records-dup`
(the same with one duplicate key, which is parsed twice), `records-nan` and `records-comma` (a NaN or a
trailing comma at the very end), `brackets` (64 MiB of `[`), `dupkeys` (200,000 duplicate keys in one
object), `string` (one 64 MiB string), `ints` (32 million integers).

Usage: python benchmarks/json_speed.py [--runs 3] [--loads] [CASE ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = 64 * 2**20
CHILD = r"""
import json, resource, statistics, sys, time
from indojp_data.core.json_locate import parse_json
from indojp_data.core.problems import InputError
case, runs, loads = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
record = '{"id": "q", "text": "' + r"y\\\"[:" * 20 + '", "n": [1, 2.5, null, true], "o": {"k": "v"}}'
body = lambda: ",\n".join([record] * ((SIZE - 100) // (len(record) + 2)))
make = {
    "records": lambda: '{"quotes": [' + body() + "]}",
    "records-dup": lambda: '{"a": 1, "a": 2, "quotes": [' + body() + "]}",
    "records-nan": lambda: '{"quotes": [' + body() + ", NaN]}",
    "records-comma": lambda: '{"quotes": [' + body() + ", ]}",
    "brackets": lambda: "[" * SIZE,
    "dupkeys": lambda: "{" + ",".join(['"a":1'] * 200_000) + "}",
    "string": lambda: '["' + "x" * (SIZE - 10) + '"]',
    "ints": lambda: "[" + "1," * (SIZE // 2 - 2) + "1]",
}
data = open(case, "rb").read() if case.endswith(".json") else make[case]().encode()
times = []
for _ in range(runs):
    start = time.perf_counter()
    try:
        outcome = "loads" if loads else "%d problems" % parse_json(data, source="x.json").problems.total
        if loads:
            json.loads(data)
    except InputError as error:
        outcome = "%s at %s:%s" % (error.problem.rule, error.problem.line, error.problem.column)
    times.append(time.perf_counter() - start)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
best, median = min(times) * 1e3, statistics.median(times) * 1e3
print("%.1f ms best, %.1f ms median, %.0f MB peak RSS: %s" % (best, median, peak, outcome))
""".replace("SIZE", str(SIZE))
CASES = ["datapackage/datapackage.json", "datapackage/data/dataset.json", "records", "records-dup", "records-nan"]
CASES += ["records-comma", "brackets", "dupkeys", "string", "ints"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", default=CASES)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--loads", action="store_true", help="time json.loads instead")
    args = parser.parse_args()
    for case in args.cases:
        runs = args.runs * 10 if case.endswith(".json") else args.runs
        argv = [sys.executable, "-c", CHILD, case, str(runs), "1" if args.loads else "0"]
        result = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
        print(f"{case:32} {result.stdout.strip() or result.stderr.strip().splitlines()[-1]}", flush=True)


if __name__ == "__main__":
    main()
