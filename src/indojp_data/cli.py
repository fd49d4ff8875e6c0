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

from indojp_data._version import __version__

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _cmd_show(args: argparse.Namespace) -> int:
    from indojp_data.api import load
    from indojp_data.summary import render_summary

    sys.stdout.write(render_summary(load()))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="indojp-data",
        description="The India-Japan economic-security roadmap (New Delhi, 2 July 2026) as validated open data.",
    )
    parser.add_argument("--version", action="version", version=f"indojp-data {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    show = commands.add_parser("show", help="print a readable summary of the dataset")
    show.set_defaults(handler=_cmd_show)
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
    except Exception as exc:
        from indojp_data.curated import CurationError

        if isinstance(exc, CurationError):
            sys.stderr.write(f"indojp-data: {exc}\n")
            return EXIT_INVALID
        if os.environ.get("INDOJP_DATA_DEBUG"):
            raise
        # A bug or a broken install: one clear line, never a traceback (set INDOJP_DATA_DEBUG=1 for it).
        sys.stderr.write(f"indojp-data: internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_USAGE
    return code
