"""The package version and its release date, each defined once.

hatchling reads ``__version__`` for the build; the data package's ``created`` is ``RELEASE_DATE``
(never the clock), so a release is reproducible.
"""

__version__ = "0.3.0"
RELEASE_DATE = "2026-12-07"
