"""The ``indojp-data`` command line; it mirrors the Python API.

Only the standard library is imported at start-up: each command imports what it needs when it runs,
so ``indojp-data --help`` stays fast.

Exit codes: 0 success, 1 invalid data, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from indojp_data._version import __version__
from indojp_data.cli_parser import EXIT_USAGE, build_parser

EXIT_OK = 0
EXIT_INVALID = 1


def _cmd_show(args: argparse.Namespace) -> int:
    from indojp_data.model.curated import load
    from indojp_data.publish.summary import render_summary

    sys.stdout.write(render_summary(load()))
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from indojp_data.publish.build import check, render, write
    from indojp_data.publish.codelists import adopt, render_codelists

    root = Path(args.root)
    if not root.is_dir():
        sys.stderr.write(f"indojp-data build: --root {_one_line(str(root))}: not a directory\n")
        return EXIT_USAGE
    checkout = _is_checkout(root)
    if not args.check and not checkout and any(root.iterdir()):
        sys.stderr.write(
            f"indojp-data build: --root {_one_line(str(root))}: not a checkout of indojp-data (no pyproject.toml "
            f"naming it) and not empty; refusing to write the generated files there. {_PACKAGE_HINT}\n"
        )
        return EXIT_USAGE
    codelist_files = render_codelists()
    if not args.check:
        adopt(root, codelist_files)  # first: the schemas and validated records below use the new lists
    files = {**render(), **codelist_files}
    if args.check:
        drift = check(root, files)
        for item in drift:
            sys.stderr.write(f"{item}\n")
        if drift:
            where = "" if os.path.samefile(root, ".") else f" --root {_one_line(str(root))}"
            fix = f"run `indojp-data build{where}`" if checkout else _PACKAGE_HINT
            sys.stderr.write(f"{len(drift)} generated file(s) out of date; {fix}\n")
            return EXIT_INVALID
        sys.stdout.write(f"{len(files)} generated files are up to date\n")
        return EXIT_OK
    written = write(root, files)
    sys.stdout.write(f"wrote {len(written)} files under {root}\n")
    return EXIT_OK


_PACKAGE_HINT = (
    "`build` writes indojp-data's own files in a checkout of it; for a data package of your own, "
    "`indojp-data package DIR` writes its datapackage.json (bytes, hashes) and derived files"
)


def _is_checkout(root: os.PathLike[str]) -> bool:
    """Return whether ``root`` is a checkout of this project: its pyproject.toml names indojp-data."""
    import tomllib
    from pathlib import Path

    try:
        with (Path(root) / "pyproject.toml").open("rb") as file:
            return bool(tomllib.load(file).get("project", {}).get("name") == "indojp-data")
    except (OSError, tomllib.TOMLDecodeError):
        return False


def _cmd_release(args: argparse.Namespace) -> int:
    from pathlib import Path

    from indojp_data.release.make import ReleaseError, make_release, side_files

    if not _is_checkout(args.root):
        sys.stderr.write(
            f"indojp-data release: --root {_one_line(str(args.root))}: not a checkout of indojp-data (no "
            "pyproject.toml naming it); a release is made from a checkout. Outside one, `indojp-data export "
            "--format datapackage --format parquet --format sqlite --format croissant --out DIR` writes every "
            "format of the installed data\n"
        )
        return EXIT_USAGE
    try:
        path = make_release(Path(args.root), Path(args.out) if args.out else None, record_index=args.record_index)
    except ReleaseError as exc:
        sys.stderr.write(f"indojp-data release: {exc}\n")
        return EXIT_INVALID
    sys.stdout.write(f"{path} ({path.stat().st_size} bytes) written and verified\n")
    sys.stdout.write(f"beside it: {', '.join(side_files())}\n")
    return EXIT_OK


def _cmd_package(args: argparse.Namespace) -> int:
    from pathlib import Path

    from indojp_data.publish.refresh import PackageError, refresh

    directory = Path(args.directory)
    try:
        changed = refresh(directory)
    except PackageError as exc:
        sys.stderr.write(f"indojp-data package: {_one_line(str(exc), 1000)}\n")
        return exc.exit_code
    shown = _one_line(str(directory))
    if not changed:
        sys.stdout.write(f"{shown}: datapackage.json and the derived files are up to date\n")
    else:
        sys.stdout.write(f"{shown}: wrote {', '.join(changed)}\n")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from indojp_data.export import ExportError, export

    try:
        written = export(args.format, args.out)
    except ExportError as exc:
        sys.stderr.write(f"indojp-data export: {exc}\n")
        return EXIT_INVALID
    sys.stdout.write(f"wrote {len(written)} files under {args.out}\n")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from indojp_data.core import schemas

    version = args.schema_version or __version__
    try:
        if args.list:
            for v in schemas.versions():
                sys.stdout.write(f"{v}: {' '.join(schemas.schema_names(v))}\n")
                tables = schemas.table_schemas(v)
                if tables:
                    sys.stdout.write(f"{v} --table: {' '.join(sorted(tables))}\n")
            return EXIT_OK
        if args.table is not None:
            tables = schemas.table_schemas(version)
            if args.table not in tables:
                raise LookupError(
                    f"no Table Schema {args.table!r} in {version}; available: {', '.join(sorted(tables))}"
                )
            path = schemas.schema_root() / version / "tables" / f"{args.table}.json"
            sys.stdout.write(path.read_text(encoding="utf-8"))
            return EXIT_OK
        sys.stdout.write(schemas.schema_path(args.name, version).read_text(encoding="utf-8"))
    except LookupError as exc:
        sys.stderr.write(f"indojp-data schema: {exc.args[0]}\n")
        return EXIT_USAGE
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from indojp_data import diff as diffing

    try:
        diff = diffing.diff_paths(args.old, args.new)
    except diffing.DiffInputError as exc:
        sys.stderr.write(f"indojp-data diff: {exc}\n")
        return EXIT_USAGE
    render = diffing.format_json if args.format == "json" else diffing.format_text
    sys.stdout.write(render(diff))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from indojp_data.validate import UsageError, validate
    from indojp_data.validate import report as formats

    try:
        report = validate(
            *args.paths,
            resource=args.resource,
            schema_version=args.schema_version,
            allow_network=args.allow_network,
            max_problems=args.max_problems,
        )
    except UsageError as exc:
        sys.stderr.write(f"indojp-data validate: {exc}\n")
        return EXIT_USAGE
    if args.format == "json":
        output = formats.format_json(report)
    elif args.format == "github":
        output = formats.format_github(report)
    else:
        output = formats.format_text(report, color=formats.should_use_color(sys.stdout))
    if output:
        sys.stdout.write(output + "\n")
    elif args.format == "github" and report.exit_code == EXIT_OK:
        # Annotations are for problems; on success say so once, so the job log shows the check ran.
        sys.stdout.write(f"::notice title=indojp-data validate::valid: {_one_line(' '.join(args.paths))}\n")
    return report.exit_code


def _one_line(text: str, limit: int = 500) -> str:
    """``text`` shortened to ``limit`` characters with control, bidi and surrogate characters escaped."""
    from indojp_data.core.problems import truncate_value

    return truncate_value(text, limit)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "show": _cmd_show,
    "build": _cmd_build,
    "release": _cmd_release,
    "package": _cmd_package,
    "export": _cmd_export,
    "schema": _cmd_schema,
    "diff": _cmd_diff,
    "validate": _cmd_validate,
}
"""Each command's function (its arguments: :func:`indojp_data.cli_parser.build_parser`)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command) if args.command else None
    if handler is None:  # no command: help is what was asked for
        parser.print_help()
        return EXIT_OK
    from indojp_data.core.extras import missing_for

    missing = missing_for(args.command)
    if missing is not None:
        sys.stderr.write(f"{missing}\n")
        return EXIT_USAGE
    try:
        code: int = handler(args)
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        # A path given on the command line that cannot be read or written (missing, a directory, no
        # permission, disk full): the user's to fix, so a usage error in one line, not an internal error.
        sys.stderr.write(f"indojp-data: {_one_line(str(exc))}\n")
        return EXIT_USAGE
    except MemoryError:  # an allocation, a thread or a shared library the process's memory limit refused
        sys.stderr.write("indojp-data: out of memory; free memory (or raise the process's limit), then retry\n")
        return EXIT_USAGE
    except Exception as exc:
        curated = sys.modules.get("indojp_data.model.curated")  # imported wherever a CurationError is raised
        if curated is not None and isinstance(exc, curated.CurationError):
            sys.stderr.write(f"indojp-data: {exc}\n")
            return EXIT_INVALID
        if os.environ.get("INDOJP_DATA_DEBUG"):
            raise
        # A bug or a broken install: one clear line, never a traceback (set INDOJP_DATA_DEBUG=1 for it).
        sys.stderr.write(f"indojp-data: internal error: {type(exc).__name__}: {_one_line(str(exc))}\n")
        return EXIT_USAGE
    return code


def run() -> NoReturn:
    """Run the ``indojp-data`` console script: :func:`main`, then a prompt exit.

    The exit handlers still run (:mod:`atexit`: temporary files, thread pools) and the output is flushed;
    what is skipped is the interpreter freeing every module and object one by one, which the operating
    system does at once (the changelog has what that saves).
    """
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more can reach it
            stream.flush()
    os._exit(code)
