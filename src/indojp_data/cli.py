"""The ``indojp-data`` command line; it mirrors the Python API.

Only the standard library is imported at start-up: each command imports what it needs when it runs,
so ``indojp-data --help`` stays fast.

Exit codes: 0 success, 1 invalid data, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from indojp_data._version import __version__

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Report a bad argument in one line (``prog: error: message (see --help)``) and exit 2."""
        message = " ".join(message.split())
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _count(text: str) -> int:
    """Parse a count argument: a decimal integer of at least 0 (argparse turns the error into a usage error)."""
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 999999999, got {text[:40]!r}")
    return int(value)


def _cmd_show(args: argparse.Namespace) -> int:
    from indojp_data.model.curated import load
    from indojp_data.publish.summary import render_summary

    sys.stdout.write(render_summary(load()))
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from indojp_data.publish.build import check, render, write

    root = Path(args.root)
    if not root.is_dir():
        sys.stderr.write(f"indojp-data build: --root {_one_line(str(root))}: not a directory\n")
        return EXIT_USAGE
    files = render()
    if args.check:
        drift = check(root, files)
        for item in drift:
            sys.stderr.write(f"{item}\n")
        if drift:
            sys.stderr.write(f"{len(drift)} generated file(s) out of date; run `indojp-data build`\n")
            return EXIT_INVALID
        sys.stdout.write(f"{len(files)} generated files are up to date\n")
        return EXIT_OK
    written = write(root, files)
    sys.stdout.write(f"wrote {len(written)} files under {root}\n")
    return EXIT_OK


def _cmd_release(args: argparse.Namespace) -> int:
    from pathlib import Path

    from indojp_data.publish.release import ReleaseError, make_release, side_files

    try:
        path = make_release(Path(args.root), Path(args.out) if args.out else None, record_index=args.record_index)
    except ReleaseError as exc:
        sys.stderr.write(f"indojp-data release: {exc}\n")
        return EXIT_INVALID
    sys.stdout.write(f"{path} ({path.stat().st_size} bytes) written and verified\n")
    sys.stdout.write(f"beside it: {', '.join(side_files())}\n")
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
    from indojp_data.publish import versions as schemas

    version = args.schema_version or __version__
    try:
        if args.list:
            for v in schemas.versions():
                sys.stdout.write(f"{v}: {' '.join(schemas.schema_names(v))}\n")
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
    return report.exit_code


def _name(text: str) -> str:
    """Parse a name argument (schema version, resource): it must not be empty or blank."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _one_line(text: str, limit: int = 500) -> str:
    """``text`` shortened to ``limit`` characters with control, bidi and surrogate characters escaped."""
    from indojp_data.validate.problems import truncate_value

    return truncate_value(text, limit)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every command."""
    parser = _Parser(
        prog="indojp-data",
        description="The India-Japan economic-security roadmap (New Delhi, 2 July 2026) as validated open data.",
    )
    parser.add_argument("--version", action="version", version=f"indojp-data {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    show = commands.add_parser("show", help="print a readable summary of the dataset")
    show.set_defaults(handler=_cmd_show)

    build = commands.add_parser("build", help="regenerate schema/<version>/ and datapackage/ (atomically)")
    build.add_argument("--root", default=".", help="project directory to write into (default: current)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 naming files that differ")
    build.set_defaults(handler=_cmd_build)

    release = commands.add_parser("release", help="write and verify dist/indojp-data-<version>.zip")
    release.add_argument("--root", default=".", help="project directory (default: current)")
    release.add_argument("--out", help="output directory (default: <root>/dist)")
    release.add_argument(
        "--record-index", action="store_true", help="also write the release index to <root>/releases/index.json"
    )
    release.set_defaults(handler=_cmd_release)

    # The format names are listed here rather than imported, so that --help imports no exporter.
    export = commands.add_parser(
        "export",
        help="write the data in other formats: parquet, sqlite (with Datasette metadata), croissant, datapackage",
    )
    export.add_argument(
        "--format",
        action="append",
        required=True,
        choices=("datapackage", "croissant", "parquet", "sqlite"),
        help="format to write; repeat for several",
    )
    export.add_argument("--out", required=True, help="output directory (created if needed)")
    export.set_defaults(handler=_cmd_export)

    schema = commands.add_parser("schema", help="print a published JSON Schema")
    schema.add_argument("name", nargs="?", default="dataset", help="schema name (default: dataset)")
    schema.add_argument("--schema-version", type=_name, help=f"schema version (default: {__version__})")
    schema.add_argument("--list", action="store_true", help="list every version and schema name")
    schema.set_defaults(handler=_cmd_schema)

    diff = commands.add_parser(
        "diff", help="compare two data packages or two schema versions and state the semver bump required"
    )
    diff.add_argument("old", help="older data package (directory or datapackage.json) or schema file/directory")
    diff.add_argument("new", help="newer one, of the same kind")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.set_defaults(handler=_cmd_diff)

    validate = commands.add_parser(
        "validate",
        help="validate data in the indojp-data schema; exit 0 valid, 1 invalid, 2 unreadable input",
        description=(
            "Validate data packages (a directory or its datapackage.json), release zips, Dataset JSON files or "
            "single CSV files against the published schema. Exit codes: 0 valid, 1 invalid data, "
            "2 usage error or unreadable input."
        ),
    )
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text", help="output format")
    validate.add_argument(
        "--resource", type=_name, help="resource held by a single CSV file (default: from its file name)"
    )
    validate.add_argument(
        "--schema-version", type=_name, help=f"validate against this published version (default: {__version__})"
    )
    validate.add_argument("--allow-network", action="store_true", help="fetch resources whose path is an http(s) URL")
    validate.add_argument(
        "--max-problems", type=_count, default=1000, metavar="N", help="report at most N problems (default 1000)"
    )
    validate.set_defaults(handler=_cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
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
    except Exception as exc:
        from indojp_data.model.curated import CurationError

        if isinstance(exc, CurationError):
            sys.stderr.write(f"indojp-data: {exc}\n")
            return EXIT_INVALID
        if os.environ.get("INDOJP_DATA_DEBUG"):
            raise
        # A bug or a broken install: one clear line, never a traceback (set INDOJP_DATA_DEBUG=1 for it).
        sys.stderr.write(f"indojp-data: internal error: {type(exc).__name__}: {_one_line(str(exc))}\n")
        return EXIT_USAGE
    return code
