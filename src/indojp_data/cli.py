"""The ``indojp-data`` command line; it mirrors the Python API.

Only the standard library is imported at start-up: each command imports what it needs when it runs,
so ``indojp-data --help`` stays fast.

Exit codes: 0 success, 1 invalid data, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
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
    if not args.check and not _is_checkout(root) and any(root.iterdir()):
        sys.stderr.write(
            f"indojp-data build: --root {_one_line(str(root))}: not a checkout of indojp-data (no pyproject.toml "
            "naming it) and not empty; refusing to write the generated files there\n"
        )
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
        with _unzipped(args.old) as old, _unzipped(args.new) as new:
            diff = diffing.diff_paths(old, new)
    except diffing.DiffInputError as exc:
        sys.stderr.write(f"indojp-data diff: {exc}\n")
        return EXIT_USAGE
    render = diffing.format_json if args.format == "json" else diffing.format_text
    sys.stdout.write(render(diff))
    return EXIT_OK


ZIP_LIMIT = 512 * 1024 * 1024
"""Largest total uncompressed size of a release zip that ``diff`` unpacks (bytes)."""


@contextlib.contextmanager
def _unzipped(path: str) -> Iterator[str]:
    """Yield ``path``, or for a zip file (a release bundle) a temporary directory it is unpacked into."""
    import tempfile
    import zipfile

    from indojp_data.diff import DiffInputError

    if not path.lower().endswith(".zip") or not os.path.isfile(path):
        yield path
        return
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > ZIP_LIMIT:
                raise DiffInputError(f"{_one_line(path)}: unpacks to more than {ZIP_LIMIT} bytes")
            with tempfile.TemporaryDirectory(prefix="indojp-data-diff-") as directory:
                archive.extractall(directory)  # zipfile drops absolute paths and ".." from member names
                yield directory
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise DiffInputError(f"{_one_line(path)}: not a readable zip file ({exc})") from exc


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


def _name(text: str) -> str:
    """Parse a name argument (schema version, resource): it must not be empty or blank."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _one_line(text: str, limit: int = 500) -> str:
    """``text`` shortened to ``limit`` characters with control, bidi and surrogate characters escaped."""
    from indojp_data.validate.problems import truncate_value

    return truncate_value(text, limit)


def _command(
    commands: argparse._SubParsersAction[_Parser], name: str, summary: str, description: str, examples: Sequence[str]
) -> _Parser:
    """Add the subcommand ``name`` with its one-line ``summary``, ``description`` and ``examples``.

    The summary goes in the list of commands; the description and examples in its ``--help`` and in the
    generated CLI reference page of the documentation.
    """
    import textwrap

    epilog = "examples:\n" + "\n".join(f"  {example}" for example in examples)
    return commands.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 79),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every command."""
    parser = _Parser(
        prog="indojp-data",
        description="The India-Japan economic-security roadmap (New Delhi, 2 July 2026) as validated open data.",
        epilog="Run `indojp-data COMMAND --help` for what a command does, its options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"indojp-data {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    show = _command(
        commands,
        "show",
        "print a readable summary of the dataset",
        "Print a readable summary of the dataset that ships with the package: the summit, the roadmap and its "
        "sectors in order, the memorandums of understanding, the investment target, the quotes and the "
        "completeness report. Needs no network.",
        ["indojp-data show"],
    )
    show.set_defaults(handler=_cmd_show)

    build = _command(
        commands,
        "build",
        "regenerate schema/<version>/, datapackage/ and the generated pages of docs/ (a checkout only)",
        "Regenerate the files that are derived from the models and the records: the JSON Schemas and Table "
        "Schemas under schema/<version>/, the data package under datapackage/, and the documentation pages "
        "with generated parts (docs/, from docs-templates/). For maintainers, in a checkout of the "
        "repository: it refuses any other directory that is not empty. With --check it writes nothing and "
        "exits 1 naming each file that is out of date, as CI does.",
        ["indojp-data build", "indojp-data build --check"],
    )
    build.add_argument("--root", default=".", help="checkout to write into (default: current directory)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 naming files that differ")
    build.set_defaults(handler=_cmd_build)

    release = _command(
        commands,
        "release",
        "write and verify dist/indojp-data-<version>.zip and the files beside it",
        "Build the release: the zip of the data package (CSV and JSON data, schemas, README, licences, "
        "checksums) and beside it the Parquet zip, the SQLite database with its Datasette metadata, the "
        "checksum file and the release index. Every file is read back and verified before the command "
        "succeeds; the same checkout always gives the same bytes.",
        ["indojp-data release", "indojp-data release --out /tmp/dist"],
    )
    release.add_argument("--root", default=".", help="project directory (default: current)")
    release.add_argument("--out", help="output directory (default: <root>/dist)")
    release.add_argument(
        "--record-index", action="store_true", help="also write the release index to <root>/releases/index.json"
    )
    release.set_defaults(handler=_cmd_release)

    # The format names are listed here rather than imported, so that --help imports no exporter.
    export = _command(
        commands,
        "export",
        "write the data in other formats: parquet, sqlite (with Datasette metadata), croissant, datapackage",
        "Write the dataset that ships with the package in other formats into a directory: a Frictionless data "
        "package, Croissant metadata, one Parquet file per table, or a SQLite database with Datasette metadata. "
        "Works from an installed package, without a checkout.",
        ["indojp-data export --format parquet --format sqlite --out exported"],
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

    schema = _command(
        commands,
        "schema",
        "print a published JSON Schema or Table Schema",
        "Print one of the schemas the package ships: a JSON Schema (draft 2020-12) of the Dataset JSON or of "
        "a record table, or with --table the Table Schema of a CSV table. Every published version ships, so "
        "older versions are available offline; --list names them all.",
        ["indojp-data schema dataset", "indojp-data schema --table persons", "indojp-data schema --list"],
    )
    schema.add_argument("name", nargs="?", default="dataset", help="JSON Schema name (default: dataset)")
    schema.add_argument("--table", type=_name, metavar="TABLE", help="print the Table Schema of this CSV table instead")
    schema.add_argument("--schema-version", type=_name, help=f"schema version (default: {__version__})")
    schema.add_argument("--list", action="store_true", help="list every version, its JSON Schemas and its tables")
    schema.set_defaults(handler=_cmd_schema)

    diff = _command(
        commands,
        "diff",
        "compare two data packages or two schema versions and state the semver bump required",
        "Compare two versions of the dataset, each a data package (a directory, its datapackage.json or a "
        "release zip) or a JSON Schema (a file or a directory of them), and list every change with the "
        "version bump it requires (major, minor or patch) and the bump the whole change requires.",
        [
            "indojp-data diff releases/0.1.0 releases/0.2.0",
            "indojp-data diff old-release.zip new-release.zip --format json",
        ],
    )
    diff.add_argument(
        "old", help="older data package (directory, datapackage.json or release zip) or schema file/directory"
    )
    diff.add_argument("new", help="newer one, of the same kind")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    diff.set_defaults(handler=_cmd_diff)

    validate = _command(
        commands,
        "validate",
        "validate data in the indojp-data schema; exit 0 valid, 1 invalid, 2 unreadable input",
        "Validate data packages (a directory or its datapackage.json), release zips, Dataset JSON files or "
        "single CSV files against the published schema. Every problem names its file, line, field and rule. "
        "Exit codes: 0 valid, 1 invalid data, 2 usage error or unreadable input.",
        [
            "indojp-data validate datapackage",
            "indojp-data validate release.zip --format github",
            "indojp-data validate persons.csv --resource persons --format json",
        ],
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="what to validate; give several to check each")
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="output format (default: text; github: workflow annotations, and a notice when valid)",
    )
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
    if handler is None:  # no command: help is what was asked for
        parser.print_help()
        return EXIT_OK
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
