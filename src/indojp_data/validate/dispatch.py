"""Dispatch on what the user gave.

A package directory, a ``datapackage.json``, a release zip (with its ``SHA256SUMS``), a Dataset JSON file
or one CSV file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from indojp_data.core.json_locate import parse_json
from indojp_data.core.problems import InputError, Problem
from indojp_data.core.safe_io import check_resource_path, open_input, read_input
from indojp_data.validate.csvcheck import check_csvs, open_csv
from indojp_data.validate.csvfile import BackgroundScan
from indojp_data.validate.descriptor import checksum_mismatch, parse_checksums
from indojp_data.validate.documents import check_dataset_document
from indojp_data.validate.package import PackageCheck
from indojp_data.validate.run import MAX_JSON_BYTES, Container, Directory, Run, check_json_values, open_release


def check_input(run: Run, path: str, resource: str | None) -> None:
    """Validate one path, whatever it is.

    Raises:
        InputError: when the input itself cannot be read (missing, not a zip, not JSON, unknown kind).
    """
    if not os.path.exists(path):
        raise InputError(Problem(path, "not-found", "no such file or directory", hint="check the path"))
    if os.path.isdir(path):
        container = Directory(path)
        if not container.exists("datapackage.json"):
            raise InputError(
                Problem(
                    path,
                    "no-descriptor",
                    "directory has no datapackage.json",
                    hint="point at a data package directory, a datapackage.json, a release zip, or a file",
                )
            )
        PackageCheck.from_container(run, container).check()
        return
    lower = path.lower()
    if lower.endswith(".zip"):
        with open_release(path) as release:
            PackageCheck.from_container(run, release).check()
            if release.exists("SHA256SUMS"):
                check_checksums(run, release)
    elif lower.endswith(".csv"):
        single_csv(run, path, resource)
    elif lower.endswith(".json"):
        data = read_input(path, max_bytes=MAX_JSON_BYTES)
        check_json_values(data, path)
        located = parse_json(data, source=path, problems=run.collector)
        if isinstance(located.value, dict) and "resources" in located.value:
            PackageCheck(run, Directory(os.path.dirname(path) or "."), located).check()
        else:
            check_dataset_document(located, run.version, run.collector)
    else:
        raise InputError(
            Problem(
                path,
                "unknown-input",
                "cannot tell what this file is",
                hint="give a data package directory, datapackage.json, a .zip release, a .json or a .csv file",
            )
        )


def single_csv(run: Run, path: str, resource: str | None) -> None:
    """One CSV file on its own: its Table Schema's rules, without foreign keys."""
    name = resource or Path(path).stem
    if name not in run.rules:
        raise InputError(
            Problem(
                path,
                "unknown-resource",
                f"cannot tell which resource {Path(path).name} holds",
                hint=f"pass --resource NAME, one of: {', '.join(sorted(run.rules))}",
            )
        )
    open_input(path).close()  # a readable regular file, or a clear problem
    local = os.path.realpath(path)
    scan = BackgroundScan(local, want_hash=False)
    opened = open_csv(run, name, path, local, scan.result)
    if opened is not None:
        check_csvs(run, [opened], in_package=False)
    scan.result()


def check_checksums(run: Run, container: Container) -> None:
    """Check every file a release's ``SHA256SUMS`` lists."""
    with container.open("SHA256SUMS") as stream:
        listing = stream.read(1 << 20).decode("utf-8", "replace").splitlines()
    source = container.display("SHA256SUMS")
    for number, digest, name in parse_checksums(listing, source, run.collector):
        if not container.exists(name) or check_resource_path(name):
            message = f"lists {name!r}, which is not in the archive"
            run.collector.add(Problem(source, "checksum", message, line=number))
            continue
        hasher = hashlib.sha256()
        with container.open(name) as member:
            while block := member.read(1 << 20):
                hasher.update(block)
        if hasher.hexdigest() != digest:
            run.collector.add(checksum_mismatch(source, number, name))
